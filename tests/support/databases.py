"""A migrated template database, and a fresh copy of it for every test that needs one."""

import asyncio
import uuid
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from projectflow.db import migrate
from projectflow.db.bootstrap import (
    DatabaseUrls,
    bootstrap_database,
    load_role_passwords,
    restrict_connect,
    role_urls,
)
from projectflow.db.roles import OWNER
from projectflow.db.urls import libpq_url

TEMPLATE = "projectflow_template"


@dataclass(frozen=True)
class Cluster:
    """An embedded PostgreSQL with our roles and a migrated template database."""

    superuser_dsn: str
    secrets_dir: Path

    def database(self, name: str) -> "TestDatabase":
        urls = role_urls(self.superuser_dsn, load_role_passwords(self.secrets_dir), name)
        superuser = libpq_url(make_url(self.superuser_dsn).set(database=name))
        return TestDatabase(name, urls.owner, urls.app, urls.maintenance, superuser)


@dataclass(frozen=True)
class TestDatabase(DatabaseUrls):
    """One test's database: each role's DSN, plus the superuser's for setting up and tampering."""

    __test__ = False  # not a pytest test class

    name: str = ""
    superuser: str = ""

    def __init__(self, name: str, owner: str, app: str, maintenance: str, superuser: str) -> None:
        super().__init__(owner, app, maintenance)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "superuser", superuser)


def prepare_cluster(superuser_dsn: str, secrets_dir: Path) -> Cluster:
    urls = asyncio.run(bootstrap_database(superuser_dsn, secrets_dir, database=TEMPLATE))
    migrate.upgrade(urls.owner)
    return Cluster(superuser_dsn, secrets_dir)


async def create_empty_database(cluster: Cluster) -> str:
    """A new database with roles and pgvector but no schema (for migration tests)."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    await bootstrap_database(cluster.superuser_dsn, cluster.secrets_dir, database=name)
    return name


async def create_test_database(cluster: Cluster) -> str:
    """A copy of the migrated template; copying is much faster than migrating."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(cluster.superuser_dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE} OWNER {OWNER}')
        await restrict_connect(conn, name)
    finally:
        await conn.close()
    return name


async def drop_database(cluster: Cluster, name: str) -> None:
    conn = await asyncpg.connect(cluster.superuser_dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def as_superuser(database: TestDatabase, query: str, *args: object) -> list[asyncpg.Record]:
    """Run `query` on the test's database as the superuser (RLS bypassed): to set up, tamper
    with or look behind the application."""
    conn = await asyncpg.connect(database.superuser)
    try:
        return list(await conn.fetch(query, *args))
    finally:
        await conn.close()
