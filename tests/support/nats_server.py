"""A NATS server a test may stop, kill and start again on the same address (the embedded one
picks a new port at every start)."""

import secrets
import socket
import subprocess
import time
from pathlib import Path

from projectflow.runtime.nats import nats_server_binary, render_config
from projectflow.runtime.process import free_port


class RestartableNats:
    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        token = secrets.token_urlsafe(16)
        self.url = f"nats://{token}@127.0.0.1:{self.port}"
        self.config = folder / "nats.conf"
        folder.mkdir(parents=True, exist_ok=True)
        self.config.write_text(render_config(folder, self.port, token))
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        argv = [str(nats_server_binary()), "--config", str(self.config)]
        self.process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not self._accepts():
            assert time.monotonic() < deadline, "nats-server did not start"
            time.sleep(0.02)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def _accepts(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                return sock.recv(5) == b"INFO "
        except OSError:
            return False
