import asyncio

import asyncpg

from projectflow.db import migrate
from tests.support.databases import Cluster, create_empty_database, drop_database

EXPECTED_TABLES = {
    "users",
    "api_tokens",
    "login_throttle",
    "invitations",
    "projects",
    "project_members",
    "audit_outbox",
    "boards",
    "crdt_docs",
    "crdt_updates",
    "crdt_snapshots",
    "columns",
    "jobs",
    "job_outbox",
    "job_files",
    "cards",
    "comments",
    "labels",
    "ai_budgets",
    "ai_card_budgets",
    "ai_runs",
    "ai_settings",
    "ai_usage",
}


async def _tables(dsn: str) -> set[str]:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
            "AND relkind = 'r' AND relname <> 'alembic_version'"
        )
        functions = await conn.fetchval(
            "SELECT count(*) FROM pg_proc p WHERE pronamespace = 'public'::regnamespace AND NOT "
            "EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"
        )
    finally:
        await conn.close()
    return {row["relname"] for row in rows} | ({"<functions>"} if functions else set())


async def test_upgrade_downgrade_upgrade_on_an_empty_database(cluster: Cluster) -> None:
    name = await create_empty_database(cluster)
    database = cluster.database(name)
    try:
        assert await _tables(database.superuser) == set()
        await asyncio.to_thread(migrate.upgrade, database.owner)
        assert await _tables(database.superuser) == EXPECTED_TABLES | {"<functions>"}
        await asyncio.to_thread(migrate.downgrade, database.owner, "base")
        assert await _tables(database.superuser) == set()
        await asyncio.to_thread(migrate.upgrade, database.owner)
        assert await _tables(database.superuser) == EXPECTED_TABLES | {"<functions>"}
    finally:
        await drop_database(cluster, name)
