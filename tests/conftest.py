"""Real services for every test: an embedded PostgreSQL (pgvector) and NATS per test session,
a fresh database per test cloned from a migrated template, and the API in-process over ASGI."""

import asyncio
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from projectflow.config import Settings
from projectflow.runtime.nats import EmbeddedNats
from projectflow.runtime.postgres import EmbeddedPostgres
from tests.support.app import api_client
from tests.support.databases import (
    Cluster,
    TestDatabase,
    create_test_database,
    drop_database,
    prepare_cluster,
)
from tests.support.jobs import TEST_JOB_KINDS, delete_namespace


@pytest.fixture(scope="session")
def state_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="projectflow-tests-") as path:
        yield Path(path)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def cluster(state_dir: Path) -> AsyncIterator[Cluster]:
    secrets = state_dir / "secrets"
    async with EmbeddedPostgres(state_dir / "postgres", secrets / "postgres-superuser") as server:
        yield await asyncio.to_thread(prepare_cluster, server.dsn, secrets)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def nats_url(state_dir: Path) -> AsyncIterator[str]:
    async with EmbeddedNats(state_dir / "nats", state_dir / "secrets" / "nats-token") as server:
        yield server.url


@pytest.fixture
async def database(cluster: Cluster) -> AsyncIterator[TestDatabase]:
    """A fresh, migrated database for this test only."""
    name = await create_test_database(cluster)
    try:
        yield cluster.database(name)
    finally:
        await drop_database(cluster, name)


@pytest.fixture
async def nats_namespace(nats_url: str, database: TestDatabase) -> AsyncIterator[str]:
    """This test's own streams and subjects on the shared NATS, removed afterwards."""
    yield database.name
    await delete_namespace(nats_url, database.name)


@pytest.fixture
def settings(
    database: TestDatabase, nats_url: str, nats_namespace: str, state_dir: Path
) -> Settings:
    return Settings(
        database_url=database.app,
        migration_database_url=database.owner,
        maintenance_database_url=database.maintenance,
        nats_url=nats_url,
        nats_namespace=nats_namespace,
        data_dir=state_dir,
        db_pool_size=5,
        # Tests sign many people up from one address; the limit itself has its own tests.
        signup_burst_per_address=10_000,
        job_modules=[TEST_JOB_KINDS],
        # Fast enough for tests to watch a retry, a redelivery or a heartbeat happen.
        job_ack_wait_seconds=3,
        job_retry_base_seconds=0.1,
        job_retry_max_seconds=0.5,
        worker_grace_seconds=2,
        sse_heartbeat_seconds=0.5,
        cpu_workers=1,
    )


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(settings) as client:
        yield client
