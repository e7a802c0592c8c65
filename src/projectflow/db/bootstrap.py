"""Create the roles and the database on a cluster we hold superuser access to (idempotent).

The embedded runtime calls this on every start; an operator of an external cluster runs it once
with `projectflow db bootstrap` (or the equivalent SQL in docs/operations.md).
"""

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from projectflow.db import roles
from projectflow.db.urls import libpq_url

LOGIN_ROLES = (roles.OWNER, roles.APP, roles.MAINTENANCE)
MAINTENANCE_DATABASES = ("postgres", "template1")


@dataclass(frozen=True)
class DatabaseUrls:
    """Plain `postgresql://` DSNs for each login role."""

    owner: str
    app: str
    maintenance: str


def load_role_passwords(secrets_dir: Path) -> dict[str, str]:
    """The login roles' passwords, generated on first use and kept in a 0600 file."""
    path = secrets_dir / "database-roles.json"
    if path.exists():
        stored: dict[str, str] = json.loads(path.read_text())
        if set(LOGIN_ROLES) <= stored.keys():
            return stored
    passwords = {role: secrets.token_urlsafe(24) for role in LOGIN_ROLES}
    secrets_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as file:
        json.dump(passwords, file)
    return passwords


async def bootstrap_database(
    superuser_dsn: str, secrets_dir: Path, database: str = roles.DATABASE
) -> DatabaseUrls:
    """Ensure the roles, the database and pgvector exist; return each role's DSN."""
    passwords = load_role_passwords(secrets_dir)
    conn = await asyncpg.connect(superuser_dsn)
    try:
        await _ensure_roles(conn, passwords)
        await _ensure_database(conn, database)
        await _close_maintenance_databases(conn)
    finally:
        await conn.close()
    database_dsn = libpq_url(make_url(superuser_dsn).set(database=database))
    conn = await asyncpg.connect(database_dsn)
    try:
        await conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
    finally:
        await conn.close()
    return role_urls(superuser_dsn, passwords, database)


async def _ensure_roles(conn: asyncpg.Connection, passwords: dict[str, str]) -> None:
    attributes = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION"
    for role in LOGIN_ROLES:
        verb = "ALTER" if await _role_exists(conn, role) else "CREATE"
        password = passwords[role].replace("'", "''")
        await conn.execute(f"{verb} ROLE {role} LOGIN {attributes} PASSWORD '{password}'")
    if not await _role_exists(conn, roles.GUARD):
        await conn.execute(f"CREATE ROLE {roles.GUARD} NOLOGIN BYPASSRLS")
    # The owner hands the SECURITY DEFINER helpers to the guard in migrations.
    await conn.execute(f"GRANT {roles.GUARD} TO {roles.OWNER}")


async def _ensure_database(conn: asyncpg.Connection, database: str) -> None:
    exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
    if not exists:
        await conn.execute(f'CREATE DATABASE "{database}" OWNER {roles.OWNER}')
    await restrict_connect(conn, database)


async def restrict_connect(conn: asyncpg.Connection, database: str) -> None:
    """Only our roles may connect to `database`."""
    await conn.execute(f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC')
    for role in LOGIN_ROLES:
        await conn.execute(f'GRANT CONNECT ON DATABASE "{database}" TO {role}')


async def _close_maintenance_databases(conn: asyncpg.Connection) -> None:
    """Every role may connect to `postgres` and `template1` by default; ours have no business
    there (only superusers, who bypass CONNECT, use them)."""
    for name in MAINTENANCE_DATABASES:
        await conn.execute(f'REVOKE CONNECT ON DATABASE "{name}" FROM PUBLIC')


async def _role_exists(conn: asyncpg.Connection, role: str) -> bool:
    return bool(await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role))


def role_urls(superuser_dsn: str, passwords: dict[str, str], database: str) -> DatabaseUrls:
    """Each login role's DSN on the same server as `superuser_dsn`."""
    base = make_url(superuser_dsn).set(database=database)

    def for_role(role: str) -> str:
        return libpq_url(base.set(username=role, password=passwords[role]))

    return DatabaseUrls(
        owner=for_role(roles.OWNER),
        app=for_role(roles.APP),
        maintenance=for_role(roles.MAINTENANCE),
    )
