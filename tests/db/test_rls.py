"""Row-level security with the application bypassed (AC-SEC1): direct SQL as projectflow_app."""

from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
import httpx
import pytest

from projectflow.config import Settings
from tests.support.api import (
    PASSWORD,
    Account,
    add_member,
    create_board,
    create_card,
    create_project,
    invite,
    sign_up,
)
from tests.support.databases import TestDatabase, as_superuser


@dataclass(frozen=True)
class Scenario:
    project: str
    board: str
    card: str
    owner: Account
    member: Account
    outsider: Account


@dataclass(frozen=True)
class TableCase:
    # SQL with {project}, {owner}, {board} and {card} standing for the scenario's ids (UUIDs we
    # made, so literal).
    project_rows: str  # WHERE clause selecting the project's rows
    column: str  # a column to "update" to itself
    forge: str  # an INSERT an outsider would try, to get in or to impersonate


# Every table in the schema must be here: the test below fails when a new one is missing.
TABLES = {
    "users": TableCase(
        "id IN (SELECT user_id FROM project_members WHERE project_id = '{project}')",
        "name",
        "INSERT INTO users (id, email, name, password_hash) "
        "VALUES (gen_random_uuid(), 'forged@example.com', 'x', 'x')",
    ),
    "api_tokens": TableCase(
        "user_id = '{owner}'",
        "expires_at",
        "INSERT INTO api_tokens (id, user_id, token_hash, expires_at) "
        "VALUES (gen_random_uuid(), '{owner}', '\\x00', now() + interval '1 day')",
    ),
    "login_throttle": TableCase(
        "true",
        "attempts",
        "INSERT INTO login_throttle (key, attempts, last_attempt_at) VALUES ('x', 0, now())",
    ),
    "invitations": TableCase(
        "project_id = '{project}'",
        "role",
        "INSERT INTO invitations (id, project_id, email, role, invited_by, invited_by_name) "
        "VALUES (gen_random_uuid(), '{project}', 'forged@example.com', 'owner', app_user_id(), "
        "'x')",
    ),
    "projects": TableCase(
        "id = '{project}'",
        "name",
        "INSERT INTO projects (id, name, created_by) VALUES (gen_random_uuid(), 'x', '{owner}')",
    ),
    "project_members": TableCase(
        "project_id = '{project}'",
        "role",
        "INSERT INTO project_members (project_id, user_id, role) "
        "VALUES ('{project}', app_user_id(), 'owner')",
    ),
    "audit_outbox": TableCase(
        "project_id = '{project}'",
        "action",
        "INSERT INTO audit_outbox (id, actor_id, project_id, action, subject_type) "
        "VALUES (gen_random_uuid(), app_user_id(), '{project}', 'forged', 'project')",
    ),
    "boards": TableCase(
        "project_id = '{project}'",
        "name",
        "INSERT INTO boards (id, project_id, name, created_by) "
        "VALUES (gen_random_uuid(), '{project}', 'forged', app_user_id())",
    ),
    "crdt_docs": TableCase(
        "project_id = '{project}'",
        "created_at",
        "INSERT INTO crdt_docs (doc_id, project_id) VALUES (gen_random_uuid(), '{project}')",
    ),
    "crdt_updates": TableCase(
        "project_id = '{project}'",
        "update",
        "INSERT INTO crdt_updates (doc_id, project_id, client_id, seq, update) "
        "VALUES ('{board}', '{project}', 'forged', 1, '\\x0000')",
    ),
    "crdt_snapshots": TableCase(
        "project_id = '{project}'",
        "state",
        "INSERT INTO crdt_snapshots (doc_id, project_id, state, covers_update_id) "
        "VALUES ('{board}', '{project}', '\\x0000', 1)",
    ),
    "columns": TableCase(
        "project_id = '{project}'",
        "name",
        "INSERT INTO columns (id, board_id, project_id, name, position) "
        "VALUES (gen_random_uuid(), '{board}', '{project}', 'forged', 'a1')",
    ),
    "cards": TableCase(
        "project_id = '{project}'",
        "title",
        "INSERT INTO cards (id, board_id, project_id, title, position) "
        "VALUES (gen_random_uuid(), '{board}', '{project}', 'forged', 'a1')",
    ),
    "comments": TableCase(
        "project_id = '{project}'",
        "body",
        "INSERT INTO comments (id, card_id, project_id, author_id, body) "
        "VALUES (gen_random_uuid(), '{card}', '{project}', app_user_id(), 'forged')",
    ),
    "ai_settings": TableCase(
        "project_id = '{project}'",
        "model",
        "INSERT INTO ai_settings (project_id, provider, base_url, model) "
        "VALUES ('{project}', 'openai', 'http://x', 'forged')",
    ),
    "ai_budgets": TableCase(
        "project_id = '{project}'",
        "monthly_limit_usd",
        "INSERT INTO ai_budgets (project_id, monthly_limit_usd) VALUES ('{project}', 1)",
    ),
    "ai_card_budgets": TableCase(
        "project_id = '{project}'",
        "limit_usd",
        "INSERT INTO ai_card_budgets (project_id, card_id, limit_usd) "
        "VALUES ('{project}', '{card}', 1)",
    ),
    "ai_runs": TableCase(
        "project_id = '{project}'",
        "status",
        "INSERT INTO ai_runs (id, project_id, card_id, job_id, action, provider, model, "
        "created_by) VALUES (gen_random_uuid(), '{project}', '{card}', gen_random_uuid(), "
        "'draft', 'openai', 'm', app_user_id())",
    ),
    "ai_usage": TableCase(
        "project_id = '{project}'",
        "cost_usd",
        "INSERT INTO ai_usage (project_id, card_id, run_id, user_id, model, input_tokens, "
        "output_tokens, cost_usd) VALUES ('{project}', '{card}', gen_random_uuid(), "
        "app_user_id(), 'm', 1, 1, 1)",
    ),
    "labels": TableCase(
        "project_id = '{project}'",
        "color",
        "INSERT INTO labels (id, project_id, name, color) "
        "VALUES (gen_random_uuid(), '{project}', 'forged', 'red')",
    ),
    "jobs": TableCase(
        "project_id = '{project}'",
        "status",
        "INSERT INTO jobs (id, project_id, kind, idempotency_key, created_by) "
        "VALUES (gen_random_uuid(), '{project}', 'board.export', 'forged', app_user_id())",
    ),
    "job_outbox": TableCase(
        "project_id = '{project}'",
        "msg_id",
        "INSERT INTO job_outbox (job_id, project_id, msg_id) "
        "VALUES (gen_random_uuid(), '{project}', 'forged')",
    ),
    "job_files": TableCase(
        "project_id = '{project}'",
        "data",
        "INSERT INTO job_files (job_id, project_id, name, part, data) "
        "VALUES (gen_random_uuid(), '{project}', 'output', 0, '\\x00')",
    ),
}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """No relay: the scenario's outbox row must stay for the test to find it."""
    return settings.model_copy(update={"job_relay": False})


@pytest.fixture
async def scenario(client: httpx.AsyncClient, database: TestDatabase) -> Scenario:
    """A project with rows in every table (a snapshot written directly: nothing compacts yet)."""
    owner, member = await sign_up(client, "Owner"), await sign_up(client, "Member")
    project = await create_project(client, owner)
    await add_member(client, project, owner, member, "member")
    board = await create_board(client, project, owner)
    card = await create_card(client, board, owner)
    comment = {"body": "hello"}
    await client.post(f"/api/cards/{card['id']}/comments", json=comment, headers=owner.headers)
    await invite(client, project, owner, "pending@example.com", "viewer")
    label = {"name": "bug", "color": "red"}
    await client.post(f"/api/projects/{project}/labels", json=label, headers=owner.headers)
    ai = {"provider": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "m"}
    await client.put(f"/api/projects/{project}/ai/settings", json=ai, headers=owner.headers)
    wrong = {"email": owner.email, "password": PASSWORD + "!"}
    assert (await client.post("/api/auth/login", json=wrong)).status_code == 401
    outsider = await sign_up(client, "Outsider")
    queued = await client.post(f"/api/boards/{board['id']}/export", headers=owner.headers)
    job = queued.json()["job_id"]
    await as_superuser(
        database,
        "INSERT INTO job_outbox (job_id, project_id, msg_id) "
        f"VALUES ('{job}', '{project}', 'test') RETURNING id",
    )
    await as_superuser(
        database,
        "INSERT INTO job_files (job_id, project_id, name, part, data) "
        f"VALUES ('{job}', '{project}', 'output', 0, '\\x00') RETURNING part",
    )
    budget = {"monthly_limit_usd": "10"}
    await client.put(f"/api/projects/{project}/ai/budget", json=budget, headers=owner.headers)
    card_budget = {"limit_usd": "1"}
    await client.put(f"/api/cards/{card['id']}/ai/budget", json=card_budget, headers=owner.headers)
    run = await as_superuser(
        database,
        "INSERT INTO ai_runs (id, project_id, card_id, job_id, action, provider, model, "
        f"created_by) VALUES (gen_random_uuid(), '{project}', '{card['id']}', '{job}', 'draft', "
        f"'openai', 'm', '{owner.id}') RETURNING id",
    )
    await as_superuser(
        database,
        "INSERT INTO ai_usage (project_id, card_id, run_id, user_id, model, input_tokens, "
        f"output_tokens, cost_usd) VALUES ('{project}', '{card['id']}', '{run[0]['id']}', "
        f"'{owner.id}', 'm', 1, 1, 1) RETURNING id",
    )
    await as_superuser(
        database,
        "INSERT INTO crdt_snapshots (doc_id, project_id, state, covers_update_id) "
        f"VALUES ('{board['id']}', '{project}', '\\x0000', 0) RETURNING doc_id",
    )
    return Scenario(project, board["id"], card["id"], owner, member, outsider)


@pytest.fixture
async def app_conn(database: TestDatabase) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(database.app)
    try:
        yield conn
    finally:
        await conn.close()


async def test_the_matrix_covers_every_table_and_every_table_forces_rls(
    app_conn: asyncpg.Connection,
) -> None:
    rows = await app_conn.fetch(
        "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
        "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' "
        "AND relname <> 'alembic_version'"
    )
    assert {row["relname"] for row in rows} == TABLES.keys()
    assert all(row["relrowsecurity"] and row["relforcerowsecurity"] for row in rows)


async def test_the_app_role_is_neither_superuser_nor_owner(app_conn: asyncpg.Connection) -> None:
    role = await app_conn.fetchrow(
        "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles "
        "WHERE rolname = current_user"
    )
    assert dict(role) == {
        "rolsuper": False,
        "rolbypassrls": False,
        "rolcreaterole": False,
        "rolcreatedb": False,
    }
    owned = await app_conn.fetchval(
        "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles "
        "WHERE rolname = current_user)"
    )
    assert owned == 0
    assert await app_conn.fetchval("SELECT current_user") == "projectflow_app"
    for privileged in ("projectflow_owner", "projectflow_guard"):
        assert not await app_conn.fetchval(
            "SELECT pg_has_role(current_user, $1, 'MEMBER')", privileged
        )


async def _act_as(conn: asyncpg.Connection, user_id: str) -> None:
    await conn.execute("SELECT set_config('app.user_id', $1, true)", user_id)


@pytest.mark.parametrize("table", sorted(TABLES))
async def test_an_outsider_sees_and_changes_none_of_the_projects_rows(
    scenario: Scenario, app_conn: asyncpg.Connection, database: TestDatabase, table: str
) -> None:
    case = TABLES[table]
    ids = {
        "project": scenario.project,
        "owner": scenario.owner.id,
        "board": scenario.board,
        "card": scenario.card,
    }
    project_rows = f"SELECT * FROM {table} WHERE {case.project_rows.format(**ids)}"
    before = await as_superuser(database, project_rows)
    assert before, "the scenario must give every table some of the project's rows"
    statements = [
        f"SELECT * FROM {table} WHERE {case.project_rows}",
        f"UPDATE {table} SET {case.column} = {case.column} WHERE {case.project_rows}",
        f"DELETE FROM {table} WHERE {case.project_rows}",
    ]
    for statement in statements:
        async with app_conn.transaction():
            await _act_as(app_conn, scenario.outsider.id)
            await _touches_no_rows(app_conn, statement.format(**ids))
    async with app_conn.transaction():
        await _act_as(app_conn, scenario.outsider.id)
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await app_conn.execute(case.forge.format(**ids))
    assert await as_superuser(database, project_rows) == before


async def _touches_no_rows(conn: asyncpg.Connection, statement: str) -> None:
    try:
        status = await conn.execute(statement)
    except asyncpg.InsufficientPrivilegeError:
        return  # no grant at all: refused outright
    assert status.split()[-1] == "0", f"{statement!r} -> {status}"


@pytest.mark.parametrize("identity", [None, ""])
@pytest.mark.parametrize("table", sorted(TABLES))
async def test_without_an_identity_nothing_is_visible(
    scenario: Scenario, app_conn: asyncpg.Connection, table: str, identity: str | None
) -> None:
    async with app_conn.transaction():
        if identity is not None:
            await _act_as(app_conn, identity)
        await _touches_no_rows(app_conn, f"SELECT * FROM {table}")


async def test_identity_does_not_leak_past_the_transaction(
    scenario: Scenario, app_conn: asyncpg.Connection
) -> None:
    async with app_conn.transaction():
        await _act_as(app_conn, scenario.owner.id)
        assert await app_conn.fetchval("SELECT count(*) FROM projects") == 1
    # Same pooled connection, next transaction: back to nobody ('' after SET LOCAL ends).
    assert await app_conn.fetchval("SELECT count(*) FROM projects") == 0


async def test_the_ai_usage_ledger_is_append_only_even_for_owners(
    scenario: Scenario, app_conn: asyncpg.Connection
) -> None:
    for statement in ("UPDATE ai_usage SET cost_usd = 0", "DELETE FROM ai_usage"):
        async with app_conn.transaction():
            await _act_as(app_conn, scenario.owner.id)
            assert await app_conn.fetchval("SELECT count(*) FROM ai_usage") == 1
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await app_conn.execute(statement)
