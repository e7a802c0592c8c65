"""Alembic, driven from code: `projectflow migrate`, `projectflow up` and the tests use this."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from projectflow.db.urls import async_url

# The repository's migrations folder (the package is installed in editable mode).
MIGRATIONS_DIR = Path(__file__).resolve().parents[3] / "migrations"


def alembic_config(owner_url: str) -> Config:
    if not (MIGRATIONS_DIR / "env.py").exists():
        raise RuntimeError(f"migrations not found at {MIGRATIONS_DIR}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Kept out of the ini options: they interpolate '%' and the URL holds a password.
    config.attributes["url"] = async_url(owner_url)
    return config


def upgrade(owner_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(owner_url), revision)


def downgrade(owner_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(owner_url), revision)
