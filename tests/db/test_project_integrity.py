"""Child rows are tied to their parent's project in the schema itself (composite foreign keys),
so even the app role with direct SQL, acting as a writer of one project, cannot point a row at
another project's board, card or document."""

from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
import httpx
import pytest

from tests.support.api import create_board, create_card, create_project, sign_up
from tests.support.databases import TestDatabase

# Tables with a project_id that deliberately have no foreign keys, and why.
UNTIED = {"audit_outbox": "append-only: the trail outlives what it describes"}


@dataclass(frozen=True)
class ForeignKey:
    table: str
    columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]


@pytest.fixture
async def superuser(database: TestDatabase) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(database.superuser)
    try:
        yield conn
    finally:
        await conn.close()


async def _tables_with_project_id(conn: asyncpg.Connection) -> set[str]:
    rows = await conn.fetch(
        "SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' "
        "AND a.attname = 'project_id' AND NOT a.attisdropped"
    )
    return {row["relname"] for row in rows}


async def _foreign_keys(conn: asyncpg.Connection) -> list[ForeignKey]:
    rows = await conn.fetch(
        """
        SELECT c.conrelid::regclass::text AS table_name, c.confrelid::regclass::text AS parent,
               ARRAY(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                     JOIN pg_attribute ON attrelid = c.conrelid AND attnum = k.n ORDER BY i)
                   AS columns,
               ARRAY(SELECT attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                     JOIN pg_attribute ON attrelid = c.confrelid AND attnum = k.n ORDER BY i)
                   AS parent_columns
        FROM pg_constraint c
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
        """
    )
    return [
        ForeignKey(r["table_name"], tuple(r["columns"]), r["parent"], tuple(r["parent_columns"]))
        for r in rows
    ]


async def test_every_table_with_a_project_is_tied_to_its_parents_project(
    superuser: asyncpg.Connection,
) -> None:
    """Generated from the catalog: a table added later without the composite key fails here."""
    scoped = await _tables_with_project_id(superuser)
    assert {"boards", "cards", "comments", "crdt_updates", "invitations"} <= scoped
    keys = await _foreign_keys(superuser)
    problems = []
    for table in sorted(scoped - UNTIED.keys() - {"projects"}):
        own = [key for key in keys if key.table == table]
        if not any("project_id" in key.columns for key in own):
            problems.append(f"{table}: no foreign key carries project_id")
        for key in own:
            if key.parent in scoped or key.parent == "projects":
                expected = "id" if key.parent == "projects" else "project_id"
                pairs = dict(zip(key.columns, key.parent_columns, strict=True))
                if pairs.get("project_id") != expected:
                    problems.append(f"{table} → {key.parent} {key.columns}: not tied by project")
    assert problems == []


async def test_every_table_with_a_project_forces_row_level_security(
    superuser: asyncpg.Connection,
) -> None:
    scoped = await _tables_with_project_id(superuser)
    rows = await superuser.fetch(
        "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
        "AND relkind = 'r' AND relrowsecurity AND relforcerowsecurity"
    )
    assert scoped <= {row["relname"] for row in rows}


@dataclass(frozen=True)
class Tenants:
    a_project: str
    a_board: str
    a_card: str
    b_user: str
    b_project: str
    b_board: str
    b_card: str


@pytest.fixture
async def tenants(client: httpx.AsyncClient) -> Tenants:
    alice, bob = await sign_up(client, "Alice"), await sign_up(client, "Bob")
    a_project, b_project = await create_project(client, alice), await create_project(client, bob)
    a_board = await create_board(client, a_project, alice)
    b_board = await create_board(client, b_project, bob)
    a_card, b_card = (
        await create_card(client, a_board, alice),
        await create_card(client, b_board, bob),
    )
    return Tenants(
        a_project, a_board["id"], a_card["id"], bob.id, b_project, b_board["id"], b_card["id"]
    )


# Acting as B (a writer of B's project), rows tagged with B's project pointing at A's things.
CROSS_PROJECT = {
    "card on A's board": "INSERT INTO cards (id, board_id, project_id, title, position) "
    "VALUES (gen_random_uuid(), '{a_board}', '{b_project}', 'injected', 'a0')",
    "column on A's board": "INSERT INTO columns (id, board_id, project_id, name, position) "
    "VALUES (gen_random_uuid(), '{a_board}', '{b_project}', 'injected', 'a0')",
    "comment on A's card": "INSERT INTO comments (id, card_id, project_id, author_id, body) "
    "VALUES (gen_random_uuid(), '{a_card}', '{b_project}', '{b_user}', 'injected')",
    "update to A's document": "INSERT INTO crdt_updates "
    "(doc_id, project_id, client_id, seq, update) "
    "VALUES ('{a_board}', '{b_project}', 'x', 1, '\\x0000')",
    "B's card moved onto A's board": "UPDATE cards SET board_id = '{a_board}' "
    "WHERE id = '{b_card}'",
}


@pytest.mark.parametrize("attempt", sorted(CROSS_PROJECT))
async def test_rows_cannot_point_across_projects(
    database: TestDatabase, tenants: Tenants, attempt: str
) -> None:
    conn = await asyncpg.connect(database.app)
    try:
        async with conn.transaction():
            await conn.execute("SELECT set_config('app.user_id', $1, true)", tenants.b_user)
            with pytest.raises(asyncpg.ForeignKeyViolationError):
                await conn.execute(CROSS_PROJECT[attempt].format(**vars(tenants)))
    finally:
        await conn.close()


async def test_password_hashes_are_out_of_the_app_roles_reach(
    database: TestDatabase, tenants: Tenants
) -> None:
    """Co-members could read each other's hashes; now nobody can, through the app role."""
    conn = await asyncpg.connect(database.app)
    try:
        async with conn.transaction():
            await conn.execute("SELECT set_config('app.user_id', $1, true)", tenants.b_user)
            assert await conn.fetchval("SELECT name FROM users WHERE id = $1::uuid", tenants.b_user)
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.fetchval("SELECT password_hash FROM users")
    finally:
        await conn.close()
