"""The embedded PostgreSQL and NATS servers: real binaries, real clients, nothing left behind."""

import asyncio
import contextlib
import os
import re
import shutil
import signal
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import nats
import pytest

from projectflow.runtime import Children, EmbeddedNats, EmbeddedPostgres, RuntimeStartError
from tests.runtime.processes import alive, descendants, wait_until_gone


@pytest.fixture
def state_dir() -> Iterator[Path]:
    # mkdtemp (0700, like a real private folder), not tmp_path: the embedded server runs as
    # another account when the tests run as root, and must still reach its data directory.
    path = Path(tempfile.mkdtemp(prefix="projectflow-runtime-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def embedded_postgres(state_dir: Path) -> EmbeddedPostgres:
    return EmbeddedPostgres(
        state_dir / "postgres", secret_file=state_dir / "secrets" / "postgres-superuser"
    )


async def fetchval(dsn: str, query: str) -> object:
    connection = await asyncpg.connect(dsn)
    try:
        return await connection.fetchval(query)
    finally:
        await connection.close()


async def execute(dsn: str, script: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(script)
    finally:
        await connection.close()


async def test_postgres_serves_pgvector_and_stops_without_leftovers(state_dir: Path) -> None:
    postgres = embedded_postgres(state_dir)
    try:
        dsn = await postgres.start()
        assert dsn.startswith("postgresql://postgres:")
        assert "@127.0.0.1:" in dsn
        assert "PostgreSQL 16" in str(await fetchval(dsn, "select version()"))
        await execute(dsn, "create extension vector")
        version = await fetchval(dsn, "select extversion from pg_extension where extname='vector'")
        assert version
        assert postgres.pid is not None
        pids = {postgres.pid} | descendants(postgres.pid)
    finally:
        await postgres.stop()

    assert wait_until_gone(pids, postgres.data_dir, timeout=5.0) == set()
    secret_mode = stat.S_IMODE((state_dir / "secrets" / "postgres-superuser").stat().st_mode)
    assert secret_mode == 0o600
    await postgres.stop()  # idempotent


async def test_postgres_restart_keeps_data(state_dir: Path) -> None:
    postgres = embedded_postgres(state_dir)
    try:
        dsn = await postgres.start()
        await execute(dsn, "create table kept (note text); insert into kept values ('still here')")
        await postgres.stop()
        dsn = await postgres.start()
        assert await fetchval(dsn, "select note from kept") == "still here"
    finally:
        await postgres.stop()


async def test_postgres_starts_over_a_stale_pid_file(state_dir: Path) -> None:
    postgres = embedded_postgres(state_dir)
    try:
        await postgres.start()
        assert postgres.pid is not None
        pids = {postgres.pid} | descendants(postgres.pid)
        os.kill(postgres.pid, signal.SIGKILL)  # as the OOM killer would: no clean shutdown
        assert wait_until_gone(pids, postgres.data_dir, timeout=5.0) == set()
        assert (postgres.data_dir / "postmaster.pid").exists()

        dsn = await postgres.start()
        assert await fetchval(dsn, "select 1") == 1
    finally:
        await postgres.stop()


async def test_postgres_ignores_the_leftovers_of_an_interrupted_first_start(
    state_dir: Path,
) -> None:
    postgres = embedded_postgres(state_dir)
    (state_dir / ".postgres.initdb").mkdir()
    (state_dir / ".postgres.initdb" / "PG_VERSION").write_text("16\n")
    (state_dir / ".postgres.initdb-password").mkdir()
    (state_dir / "postgres").mkdir()
    try:
        dsn = await postgres.start()
        assert await fetchval(dsn, "select 1") == 1
    finally:
        await postgres.stop()
    assert not (state_dir / ".postgres.initdb").exists()
    assert not (state_dir / ".postgres.initdb-password").exists()


def test_postgres_can_be_driven_from_synchronous_code(state_dir: Path) -> None:
    """Session fixtures may start it with asyncio.run and stop it from another loop."""
    postgres = embedded_postgres(state_dir)
    try:
        dsn = asyncio.run(postgres.start())
        assert asyncio.run(fetchval(dsn, "select 1")) == 1
    finally:
        asyncio.run(postgres.stop())
    assert postgres.pid is None


async def test_server_exiting_during_start_up_is_reported_with_its_log(state_dir: Path) -> None:
    postgres = EmbeddedPostgres(
        state_dir / "postgres",
        secret_file=state_dir / "secret",
        server_settings={"max_connections": "many"},
    )

    with pytest.raises(RuntimeStartError, match="PostgreSQL exited during start-up") as caught:
        await postgres.start()
    assert "max_connections" in str(caught.value)  # the log tail says what to fix
    assert postgres.pid is None


async def test_unusable_data_dir_is_reported_by_name(state_dir: Path) -> None:
    (state_dir / "file").write_text("a file where a directory should be\n")
    data_dir = state_dir / "file" / "sub"
    postgres = EmbeddedPostgres(data_dir, secret_file=state_dir / "secret")

    with pytest.raises(RuntimeStartError, match=re.escape(str(data_dir))):
        await postgres.start()
    with pytest.raises(RuntimeStartError, match=re.escape(str(data_dir))):
        await EmbeddedNats(data_dir, state_dir / "nats-token").start()


async def test_nats_runs_jetstream_and_stops_without_leftovers(state_dir: Path) -> None:
    token_file = state_dir / "secrets" / "nats-token"
    server = EmbeddedNats(state_dir / "nats", token_file)
    try:
        url = await server.start()
        token = token_file.read_text().strip()
        assert re.fullmatch(rf"nats://{re.escape(token)}@127\.0\.0\.1:\d+", url)
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        assert stat.S_IMODE((server.data_dir / "nats.conf").stat().st_mode) == 0o600
        # Nobody on the machine gets in without the token.
        assert await _answer_without_token(int(url.rsplit(":", 1)[1])) == (
            b"-ERR 'Authorization Violation'"
        )
        client = await nats.connect(url)
        try:
            jetstream = client.jetstream()
            await jetstream.add_stream(name="RUNTIME_TEST", subjects=["runtime.test"])
            ack = await jetstream.publish("runtime.test", b"hello")
            assert ack.seq == 1
            stored = await jetstream.get_msg("RUNTIME_TEST", 1)
            assert stored.data == b"hello"
        finally:
            await client.close()
        assert server.pid is not None
        pid = server.pid
    finally:
        await server.stop()

    assert wait_until_gone({pid}, server.data_dir, timeout=5.0) == set()
    assert (server.data_dir / "jetstream").is_dir()


async def test_a_restarted_server_takes_its_address_again_with_its_streams(
    state_dir: Path,
) -> None:
    """Clients that reconnect to the old address (they all keep trying) find it back."""
    server = EmbeddedNats(state_dir / "nats", state_dir / "secrets" / "nats-token")
    url = await server.start()
    try:
        client = await nats.connect(url)
        await client.jetstream().add_stream(name="KEPT", subjects=["kept"])
        await client.jetstream().publish("kept", b"still here")
        await client.close()
        await server.stop()
        assert await server.start() == url
        client = await nats.connect(url)
        stored = await client.jetstream().get_msg("KEPT", 1)
        await client.close()
    finally:
        await server.stop()
    assert stored.data == b"still here"


class _Recorder:
    def __init__(self, name: str, stopped: list[str]) -> None:
        self.name = name
        self.stopped = stopped

    async def stop(self, timeout: float = 8.0) -> None:  # noqa: ASYNC109
        self.stopped.append(self.name)
        if self.name == "broken":
            raise RuntimeError("cannot stop")


async def test_children_stop_in_reverse_order_even_when_one_fails() -> None:
    stopped: list[str] = []
    async with Children() as children:
        for name in ("postgres", "broken", "nats"):
            children.add(_Recorder(name, stopped))
    assert stopped == ["nats", "broken", "postgres"]


def test_alive_ignores_exited_processes() -> None:
    """The leftover check itself must not report a process that has exited."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    _wait_until_exited(pid)
    assert alive({pid}) == set()  # a zombie until reaped: exited all the same
    os.waitpid(pid, 0)
    assert alive({pid}) == set()


def _wait_until_exited(pid: int, seconds: float = 10.0) -> None:
    """Until the child is a zombie (a loaded machine may take a while to run it to its end)."""
    deadline = time.monotonic() + seconds
    while Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z":
        assert time.monotonic() < deadline, f"process {pid} did not exit in {seconds} s"
        time.sleep(0.01)


async def _answer_without_token(port: int) -> bytes:
    """What the server says to a client that connects (speaking NATS) without credentials."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        info = await reader.readline()
        assert b'"auth_required":true' in info
        writer.write(b'CONNECT {"verbose":false,"pedantic":false}\r\nPING\r\n')
        await writer.drain()
        return (await reader.readline()).strip()
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
