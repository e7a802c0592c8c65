"""One Settings object, read from `PROJECTFLOW_*` environment variables.

A service URL that is set means "use that external service"; unset means the embedded default
(`projectflow up` starts its own PostgreSQL and NATS and fills these in for its children).
"""

import json
import os
from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """Where `projectflow up` keeps its state when no `--data-dir` is given.

    Root gets the FHS place for a service's state; everyone else their per-user data folder.
    """
    if os.geteuid() == 0:
        return Path("/var/lib/projectflow")
    return platformdirs.user_data_path("projectflow")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PROJECTFLOW_", extra="ignore")

    # The application role's DSN (projectflow_app). Never an owner or superuser DSN.
    database_url: str | None = None
    # The owner role's DSN, used only to run migrations.
    migration_database_url: str | None = None
    # The maintenance role's DSN (projectflow_maint): document compaction.
    maintenance_database_url: str | None = None
    nats_url: str | None = None

    data_dir: Path = Field(default_factory=default_data_dir)
    host: str = "127.0.0.1"
    port: int = 8000

    db_pool_size: int = 10
    # Worker processes for CPU-heavy work (parsing imports, rendering exports, checking large
    # Yjs updates), so that it never runs on the event loop.
    cpu_workers: int = Field(default_factory=lambda: max(1, (os.cpu_count() or 2) - 1))
    # Board documents kept in memory per process (least recently used ones go first).
    doc_cache_size: int = 256
    max_body_bytes: int = 1024 * 1024
    # Board documents (`/doc`) and imported board files.
    max_upload_bytes: int = 32 * 1024 * 1024
    token_ttl_hours: int = 24 * 30
    # Login attempts allowed per (account, address) and per address within the window; past
    # them the next waits the base, and each further one twice as long (up to the window).
    login_window_seconds: int = 15 * 60
    login_slowdown_base_seconds: int = 1
    login_free_attempts_per_account_address: int = 5
    login_free_attempts_per_address: int = 20
    # Anonymous requests per address, per process, checked in memory before any database work:
    # a burst, then a steady rate.
    login_burst_per_address: int = 20
    login_per_second_per_address: float = 1.0
    signup_burst_per_address: int = 10
    signup_per_second_per_address: float = 1 / 60
    # Password hashes computed at once per process: each takes a core for tens of milliseconds,
    # so a flood of logins must queue rather than starve every other request of CPU.
    password_hash_concurrency: int = 1
    # Proxies (addresses or CIDR networks) whose X-Forwarded-For is believed. Default: none.
    trusted_proxies: list[str] = Field(default_factory=list)

    # -- jobs and events (docs/jobs.md) --
    # Prefix of this deployment's NATS streams and subjects, when several share one NATS.
    nats_namespace: str = Field(default="", pattern=r"^[A-Za-z0-9_-]{0,32}$")
    # A job's message goes to another worker when its worker is silent this long (running jobs
    # heartbeat every third of it).
    job_ack_wait_seconds: float = Field(default=30.0, gt=0)
    # A failed attempt is retried after base x 2^(attempt-1) seconds (±50 %), at most the max.
    job_retry_base_seconds: float = Field(default=2.0, ge=0)
    job_retry_max_seconds: float = Field(default=300.0, ge=0)
    job_events_max_age_seconds: float = Field(default=24 * 3600, gt=0)
    board_events_max_age_seconds: float = Field(default=3600, gt=0)
    # Whether this API process relays the job outbox to NATS (at least one must).
    job_relay: bool = True
    # Modules with further job kinds (a `KINDS` tuple), besides the built-in ones.
    job_modules: list[str] = Field(default_factory=list)
    # Jobs one worker process runs at a time.
    worker_concurrency: int = Field(default=4, ge=1, le=256)
    # On SIGTERM, running jobs get this long to end before they are handed back to the queue.
    worker_grace_seconds: float = Field(default=10.0, ge=0)
    # `projectflow up` runs between min and max workers, scaling with the queue's backlog.
    workers_min: int = Field(default=1, ge=0)
    workers_max: int = Field(default_factory=lambda: max(1, os.cpu_count() or 2), ge=0)
    # An idle queue for this long takes one worker away (down to the minimum).
    workers_idle_seconds: float = Field(default=30.0, gt=0)
    workers_scale_interval_seconds: float = Field(default=1.0, gt=0)
    # When set, GET /metrics wants `Authorization: Bearer <this>` (a scraper's secret).
    metrics_token: str | None = None
    # Idle Server-Sent Event streams get a heartbeat comment this often.
    sse_heartbeat_seconds: float = Field(default=15.0, gt=0)
    # A stream ends after this long; clients reconnect with Last-Event-ID and miss nothing.
    sse_max_seconds: float = Field(default=15 * 60, gt=0)

    # -- live collaboration (docs/collab.md) --
    # The largest y-websocket message accepted (a whole document synced after a long offline
    # spell is the biggest).
    collab_max_message_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    # What may wait to be sent to one client; past it the client is dropped (and resyncs when
    # it reconnects) rather than held in memory without bound.
    collab_send_queue_bytes: int = Field(default=32 * 1024 * 1024, ge=1024)
    # What one client may have waiting to be stored; past it the client is dropped likewise.
    collab_write_queue_bytes: int = Field(default=32 * 1024 * 1024, ge=1024)
    # Documents with clients per API process; a client for one more is told to retry later.
    collab_max_documents: int = Field(default=1000, ge=1)
    # How often a document with clients checks that it missed no update (a lost NATS message)
    # and how often its clients' access is checked again (a removal is also signalled at once).
    collab_catch_up_seconds: float = Field(default=5.0, gt=0)
    collab_access_check_seconds: float = Field(default=60.0, gt=0)
    # A document nobody read or wrote for this long leaves the process's memory.
    doc_idle_seconds: float = Field(default=600.0, gt=0)
    # A document due for compaction is compacted once nothing was written to it for this long.
    collab_compact_quiet_seconds: float = Field(default=10.0, ge=0)

    # -- AI runs (docs/ai.md) --
    # Provider calls (steps) one run may make before it ends with what it has.
    ai_max_steps: int = Field(default=8, ge=1, le=50)
    # The most output tokens one provider call may produce.
    ai_max_tokens: int = Field(default=2048, ge=16, le=64_000)
    ai_connect_seconds: float = Field(default=10.0, gt=0)
    # The longest silence allowed between two events of a provider's stream.
    ai_idle_seconds: float = Field(default=60.0, gt=0)

    # Seals secrets kept in the database (AI provider keys): 32 bytes, URL-safe base64. Unset:
    # a key made on first use in DATA_DIR/secret.key (0600). Keep it: without it sealed
    # secrets cannot be read.
    secret_key: SecretStr | None = None

    log_level: str = "info"

    def to_env(self) -> dict[str, str]:
        """These settings as PROJECTFLOW_* variables, for a child process (lists as JSON)."""
        env = {}
        # The secret key is never copied into a child's environment: a child inherits it from
        # this process's environment, or reads it from the data dir.
        dumped = self.model_dump(mode="json", exclude_none=True, exclude={"secret_key"})
        for name, value in dumped.items():
            text = value if isinstance(value, str) else json.dumps(value)
            env[f"PROJECTFLOW_{name.upper()}"] = text
        return env

    # The built web app (`make run` builds it); served at `/` when present.
    web_dir: Path = Path(__file__).resolve().parents[2] / "web" / "build"
