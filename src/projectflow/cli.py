"""The `projectflow` command: `up`, `api`, `worker`, `migrate`, `compact` and `db bootstrap`.

Failures a person can fix print one line, `projectflow: <what is wrong>`, and exit with status
2 (a refusal before anything started or bad configuration) or 1 (a failure after starting).
"""

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from uuid import UUID

from pydantic import ValidationError

from projectflow import __version__
from projectflow.config import Settings
from projectflow.observability.logging import configure_logging
from projectflow.runtime.process import RuntimeStartError

EXIT_FAILURE = 1
EXIT_REFUSED = 2

_Handler = Callable[[argparse.Namespace, Settings], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        settings = _settings(args)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"])
        return _fail(f"invalid configuration: {field}: {error['msg']}", EXIT_REFUSED)
    if settings.workers_min > settings.workers_max:
        message = f"workers_min ({settings.workers_min}) is more than workers_max"
        return _fail(f"{message} ({settings.workers_max})", EXIT_REFUSED)
    configure_logging(settings.log_level)
    handler: _Handler = args.handler
    return handler(args, settings)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="projectflow", description="ProjectFlow AI")
    parser.add_argument("--version", action="version", version=f"projectflow {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    up = commands.add_parser(
        "up", help="run everything: embedded PostgreSQL and NATS (unless configured), the API"
    )
    up.add_argument("--data-dir", type=Path, help="where all state lives (default: per user)")
    _add_listen_options(up)
    up.add_argument("--workers-min", type=_count, help="worker processes kept running (default: 1)")
    up.add_argument(
        "--workers-max",
        type=_count,
        help="worker processes at most, started as jobs wait (default: one per core; 0: none)",
    )
    up.set_defaults(handler=_run_up)

    api = commands.add_parser("api", help="serve the API against configured PostgreSQL and NATS")
    _add_listen_options(api)
    api.set_defaults(handler=_run_api)

    worker = commands.add_parser(
        "worker", help="run jobs from the queue (configured PostgreSQL and NATS)"
    )
    worker.add_argument("--concurrency", type=_positive, help="jobs run at once (default: 4)")
    worker.add_argument(
        "--kinds", type=_kinds, default=(), help="comma-separated job kinds (default: all)"
    )
    worker.set_defaults(handler=_run_worker)

    migrate = commands.add_parser(
        "migrate", help="apply or revert migrations (PROJECTFLOW_MIGRATION_DATABASE_URL)"
    )
    migrate.add_argument("direction", choices=("up", "down"))
    migrate.add_argument(
        "--revision", help='target revision (default: "head" for up, one step back for down)'
    )
    migrate.set_defaults(handler=_run_migrate)

    compact = commands.add_parser(
        "compact",
        help="merge board documents' updates into snapshots (PROJECTFLOW_MAINTENANCE_DATABASE_URL"
        " or a running `projectflow up`)",
    )
    compact.add_argument("--board", type=UUID, help="this board only (default: every due board)")
    compact.add_argument(
        "--at-least",
        type=_positive,
        default=1,
        help="without --board: boards with at least this many updates since their snapshot",
    )
    compact.add_argument("--data-dir", type=Path, help="a running `projectflow up`'s data folder")
    compact.set_defaults(handler=_run_compact)

    db = commands.add_parser("db", help="database administration")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    bootstrap = db_commands.add_parser(
        "bootstrap",
        help="create the roles and database on an external cluster (idempotent); prints DSNs",
    )
    bootstrap.add_argument("--superuser-url", required=True, help="a superuser's DSN")
    bootstrap.add_argument(
        "--secrets-dir", type=Path, required=True, help="where generated role passwords are kept"
    )
    bootstrap.set_defaults(handler=_run_db_bootstrap)
    return parser


def _add_listen_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address the API listens on (default: 127.0.0.1)")
    parser.add_argument("--port", type=_port, help="the API's TCP port (default: 8000)")


def _port(value: str) -> int:
    port = int(value)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a TCP port")
    return port


def _count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value} is not a count")
    return number


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return number


def _kinds(value: str) -> tuple[str, ...]:
    return tuple(kind.strip() for kind in value.split(",") if kind.strip())


def _settings(args: argparse.Namespace) -> Settings:
    """Settings from the environment, with the options given on the command line on top."""
    overrides = {
        name: value
        for name in ("data_dir", "host", "port", "workers_min", "workers_max")
        if (value := getattr(args, name, None)) is not None
    }
    return Settings().model_copy(update=overrides)


def _run_up(args: argparse.Namespace, settings: Settings) -> int:
    from projectflow.runtime import supervisor

    def announce(info: supervisor.RuntimeInfo) -> None:
        print(f"ProjectFlow is up at {info.api_url} (data: {info.data_dir})", flush=True)

    return _guarded(lambda: supervisor.up(settings, on_ready=announce))


def _run_api(args: argparse.Namespace, settings: Settings) -> int:
    from projectflow.runtime import supervisor

    return _guarded(lambda: supervisor.serve_api(settings))


def _run_worker(args: argparse.Namespace, settings: Settings) -> int:
    from projectflow.runtime import worker_process

    concurrency = args.concurrency or settings.worker_concurrency
    return _guarded(lambda: worker_process.run(settings, concurrency, args.kinds))


def _run_migrate(args: argparse.Namespace, settings: Settings) -> int:
    url = settings.migration_database_url
    if not url:
        return _fail("`migrate` needs PROJECTFLOW_MIGRATION_DATABASE_URL", EXIT_REFUSED)
    from projectflow.db import migrate

    if args.direction == "up":
        migrate.upgrade(url, args.revision or "head")
    else:
        migrate.downgrade(url, args.revision or "-1")
    return 0


def _run_compact(args: argparse.Namespace, settings: Settings) -> int:
    url = settings.maintenance_database_url or _running_maintenance_url(settings.data_dir)
    if not url:
        return _fail(
            "`compact` needs PROJECTFLOW_MAINTENANCE_DATABASE_URL, or `projectflow up` running"
            f" with its data in {settings.data_dir} (--data-dir)",
            EXIT_REFUSED,
        )
    from projectflow.collab.compaction import compact_all

    async def compact() -> None:
        async for line in compact_all(url, args.board, args.at_least, settings.cpu_workers):
            print(line, flush=True)

    asyncio.run(compact())
    return 0


def _running_maintenance_url(data_dir: Path) -> str | None:
    from projectflow.runtime.supervisor import RUNTIME_FILE

    try:
        url = json.loads((data_dir / RUNTIME_FILE).read_text()).get("maintenance_database_url")
    except (OSError, ValueError):
        return None
    return url if isinstance(url, str) else None


def _run_db_bootstrap(args: argparse.Namespace, settings: Settings) -> int:
    from projectflow.db.bootstrap import bootstrap_database

    urls = asyncio.run(bootstrap_database(args.superuser_url, args.secrets_dir))
    # The DSNs carry passwords: they go to stdout for the operator, never to the log.
    print(json.dumps({"owner": urls.owner, "app": urls.app, "maintenance": urls.maintenance}))
    return 0


def _guarded(run: Callable[[], None]) -> int:
    """Run a long-lived command, turning the failures we expect into one-line messages."""
    from projectflow.runtime.supervisor import PreflightError, ServiceExitedError

    try:
        run()
    except PreflightError as exc:
        return _fail(str(exc), EXIT_REFUSED)
    except (RuntimeStartError, ServiceExitedError) as exc:
        return _fail(str(exc), EXIT_FAILURE)
    return 0


def _fail(message: str, status: int) -> int:
    print(f"projectflow: {message}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
