"""One Settings object, read from `PROJECTFLOW_*` environment variables.

A service URL that is set means "use that external service"; unset means the embedded default
(`projectflow up` starts its own PostgreSQL and NATS and fills these in for its children).
"""

import os
from pathlib import Path

import platformdirs
from pydantic import Field
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

    log_level: str = "info"
    # The built web app (`make run` builds it); served at `/` when present.
    web_dir: Path = Path(__file__).resolve().parents[2] / "web" / "build"
