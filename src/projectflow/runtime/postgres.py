"""PostgreSQL 16 + pgvector from the `pgserver` wheel, run as a foreground child of ours.

We use only the binaries the wheel ships, not its Python API: that one daemonizes through
pg_ctl (the server would outlive us), widens permissions on parent directories and leaves
orphans behind.
"""

import asyncio
import importlib.util
import logging
import os
import pwd
import shutil
import signal
import stat
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path

from projectflow.runtime.process import ChildProcess, RunAs, RuntimeStartError
from projectflow.runtime.secrets import create_secret, read_secret
from projectflow.runtime.server import EmbeddedServer

logger = logging.getLogger(__name__)

SERVICE_USER = "projectflow-pg"
SUPERUSER = "postgres"

# Sized for one machine running the API, a few workers and the tests next to other software.
DEFAULT_SERVER_SETTINGS: Mapping[str, str] = {
    "max_connections": "200",
    "shared_buffers": "128MB",
}

_CHILD_ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}


def pg_bin_dir() -> Path:
    """The `bin` folder of the PostgreSQL build inside the `pgserver` wheel."""
    # find_spec, not import: importing pgserver runs code we do not need, which among other
    # things warns when XDG_RUNTIME_DIR is unset (an error under warnings-as-errors).
    spec = importlib.util.find_spec("pgserver")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeStartError("the pgserver package (bundled PostgreSQL) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


class EmbeddedPostgres(EmbeddedServer):
    """A private PostgreSQL server on a data directory, listening on 127.0.0.1 only.

    `start()` initialises the cluster on first use (superuser `postgres`, SCRAM password kept
    in `secret_file`), starts the server on a free port and returns the superuser DSN.
    As root, the server runs as the system user `projectflow-pg` (PostgreSQL refuses root).
    Also an async context manager: `async with EmbeddedPostgres(...) as pg: pg.dsn`.
    """

    name = "PostgreSQL"
    log_name = "postgres.log"
    port_taken_markers = ("could not bind", "already in use")

    def __init__(
        self,
        data_dir: Path,
        secret_file: Path,
        *,
        log_file: Path | None = None,
        startup_timeout: float = 30.0,
        server_settings: Mapping[str, str] = DEFAULT_SERVER_SETTINGS,
    ) -> None:
        super().__init__(data_dir, log_file=log_file, startup_timeout=startup_timeout)
        self.secret_file = secret_file.absolute()
        self.server_settings = dict(server_settings)
        # Settled by `_prepare` at each start.
        self._run_as: RunAs | None = None
        self._password = ""

    @property
    def dsn(self) -> str:
        """The superuser DSN of the running server."""
        return self.address

    async def _prepare(self) -> None:
        """Initialise the cluster if needed; as root, hand the data directory over first."""
        self._run_as = _prepare_for_service_user(self.data_dir) if os.geteuid() == 0 else None
        self._password = self._superuser_password()
        if not (self.data_dir / "PG_VERSION").exists():
            await self._initdb(self._password, self._run_as)

    def _superuser_password(self) -> str:
        """The stored password, or a new one for the cluster about to be created."""
        if self.secret_file.exists():
            return read_secret(self.secret_file)
        if (self.data_dir / "PG_VERSION").exists():
            raise RuntimeStartError(
                f"the superuser password file {self.secret_file} of the existing "
                f"PostgreSQL cluster in {self.data_dir} is missing"
            )
        return create_secret(self.secret_file)

    async def _initdb(self, password: str, run_as: RunAs | None) -> None:
        """Create the cluster beside `data_dir`, then move it in: an initdb interrupted by a
        crash or a SIGKILL then never leaves a half-made cluster that looks complete."""
        if any(self.data_dir.iterdir()):
            raise RuntimeStartError(
                f"PostgreSQL data directory {self.data_dir} is not empty but holds no cluster"
            )
        staging = self.data_dir.with_name(f".{self.data_dir.name}.initdb")
        # initdb needs the password in a file it can read; it lives beside the staging
        # directory (never in /tmp) so that a SIGKILL mid-way leaves it where we clean up.
        pw_dir = self.data_dir.with_name(f".{self.data_dir.name}.initdb-password")
        try:
            for folder in (staging, pw_dir):
                _private_dir(folder, run_as)  # recreated: may be left by an interrupted start
            pwfile = _write_private(pw_dir / "password", password, run_as)
            await self._run_initdb(staging, pwfile, run_as)
            self.data_dir.rmdir()
            staging.rename(self.data_dir)
        finally:
            shutil.rmtree(pw_dir, ignore_errors=True)
            shutil.rmtree(staging, ignore_errors=True)
        logger.info("initialised a PostgreSQL cluster in %s", self.data_dir)

    async def _run_initdb(self, target: Path, pwfile: Path, run_as: RunAs | None) -> None:
        argv: list[str | os.PathLike[str]] = [
            pg_bin_dir() / "initdb",
            *("-D", target, f"--pwfile={pwfile}"),
            *("--auth=scram-sha-256", f"--username={SUPERUSER}"),
            # C.UTF-8: byte-order collation (stable, fast) with Unicode-aware ctype.
            *("--encoding=UTF8", "--locale=C.UTF-8"),
        ]
        initdb = ChildProcess("initdb", argv, log_file=self.log_file, run_as=run_as, env=_CHILD_ENV)
        initdb.start()
        code: int | str
        try:
            code = await asyncio.wait_for(initdb.wait(), self.startup_timeout * 2)
        except TimeoutError:
            code = "timed out"
        finally:
            await initdb.stop(1.0)  # no-op once it exited; kills it if we were cancelled
        if code != 0:
            raise RuntimeStartError(
                f"initdb failed for {self.data_dir} ({code}); "
                f"log {self.log_file}:\n{initdb.log_tail()}"
            )

    def _server_process(self, port: int) -> ChildProcess:
        settings = {
            **self.server_settings,
            "listen_addresses": "127.0.0.1",
            # No Unix socket: its directory would have to be writable by the service user.
            "unix_socket_directories": "",
        }
        argv: list[str | os.PathLike[str]] = [
            pg_bin_dir() / "postgres",
            *("-D", self.data_dir, "-p", str(port)),
        ]
        for name, value in settings.items():
            argv += ["-c", f"{name}={value}"]
        # SIGINT is PostgreSQL's "fast" shutdown: clean, and quick even with clients connected.
        return ChildProcess(
            "postgres",
            argv,
            log_file=self.log_file,
            stop_signal=signal.SIGINT,
            death_signal=signal.SIGINT,
            run_as=self._run_as,
            env=_CHILD_ENV,
        )

    def _address_at(self, port: int) -> str:
        return f"postgresql://{SUPERUSER}:{self._password}@127.0.0.1:{port}/postgres"

    async def _accepts_clients(self, port: int) -> bool:
        """Whether our superuser can log in; a wrong password fails the start at once."""
        # Imported here: only this needs it, and `projectflow --help` should stay instant.
        import asyncpg

        try:
            connection = await asyncpg.connect(self._address_at(port), timeout=2.0)
        except asyncpg.InvalidAuthorizationSpecificationError:
            raise RuntimeStartError(
                f"the superuser password in {self.secret_file} does not match the "
                f"PostgreSQL cluster in {self.data_dir}"
            ) from None
        except (OSError, TimeoutError, asyncpg.CannotConnectNowError):
            return False
        await connection.close()
        return True


def _private_dir(path: Path, run_as: RunAs | None) -> None:
    """A new, empty 0700 directory at `path`, owned by `run_as` when given."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(mode=0o700)
    if run_as is not None:
        os.chown(path, run_as.uid, run_as.gid)


def _write_private(path: Path, content: str, run_as: RunAs | None) -> Path:
    """Write a 0600 file owned by `run_as` when given."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(content + "\n")
    if run_as is not None:
        os.chown(path, run_as.uid, run_as.gid)
    return path


def _prepare_for_service_user(data_dir: Path) -> RunAs:
    """As root: make sure the service user exists, owns `data_dir` and can reach it."""
    account = service_account()
    _hand_over(data_dir, account)
    grant_traverse(data_dir, account.name)
    return account


def service_account(name: str = SERVICE_USER) -> RunAs:
    """The system account PostgreSQL runs as when we are root, created on first use."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        _create_system_user(name)
        entry = pwd.getpwnam(name)
    return RunAs(name=name, uid=entry.pw_uid, gid=entry.pw_gid)


def _create_system_user(name: str) -> None:
    useradd = shutil.which("useradd", path="/usr/sbin:/sbin:/usr/bin:/bin")
    if useradd is None:
        raise RuntimeStartError(f"cannot create the system user {name}: useradd not found")
    argv = [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name]
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    try:
        pwd.getpwnam(name)  # a concurrent start may have created it: that is fine too
    except KeyError:
        raise RuntimeStartError(
            f"cannot create the system user {name}: {result.stderr.strip()}"
        ) from None
    logger.info("created the system user %s to run PostgreSQL", name)


def _hand_over(data_dir: Path, account: RunAs) -> None:
    """Give `data_dir` (recursively, if needed) to `account`; PostgreSQL insists on 0700/0750."""
    info = data_dir.stat()
    if info.st_uid != account.uid:
        for path in _walk(data_dir):
            os.lchown(path, account.uid, account.gid)
    if stat.S_IMODE(info.st_mode) & 0o027:
        data_dir.chmod(0o700)


def _walk(root: Path) -> Iterator[Path]:
    yield root
    for folder, dirs, files in os.walk(root):
        for name in (*dirs, *files):
            yield Path(folder) / name


def grant_traverse(path: Path, account_name: str) -> list[Path]:
    """Add o+x (traverse only, never read) to every ancestor of `path` that lacks it.

    Another account needs to walk down to `path`; listing the parents stays forbidden.
    Returns (and logs, once) the directories that were changed.
    """
    changed: list[Path] = []
    for ancestor in reversed(path.absolute().parents):
        mode = stat.S_IMODE(ancestor.stat().st_mode)
        if not mode & stat.S_IXOTH:
            ancestor.chmod(mode | stat.S_IXOTH)
            changed.append(ancestor)
    if changed:
        logger.warning(
            "added o+x (traverse only) to %s so that %s can reach %s",
            ", ".join(map(str, changed)),
            account_name,
            path,
        )
    return changed
