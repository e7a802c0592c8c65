import asyncpg
import httpx
import pytest

from tests.support.api import add_member, assert_error, create_project, sign_up
from tests.support.databases import TestDatabase


async def test_project_and_membership_changes_each_leave_one_row(client: httpx.AsyncClient) -> None:
    owner, bob = await sign_up(client, "Owner"), await sign_up(client, "Bob")
    project = await create_project(client, owner, "Apollo")
    await add_member(client, project, owner, bob, "member")
    members = f"/api/projects/{project}/members/{bob.id}"
    await client.patch(members, json={"role": "admin"}, headers=owner.headers)
    await client.delete(members, headers=owner.headers)

    response = await client.get(f"/api/projects/{project}/audit", headers=owner.headers)
    assert response.status_code == 200
    events = response.json()["events"]
    assert [e["action"] for e in events] == [
        "member.removed",
        "member.role_changed",
        "member.joined",
        "member.invited",
        "project.created",
    ]
    removed, changed, joined, invited, created = events
    assert {e["actor_id"] for e in (removed, changed, invited, created)} == {owner.id}
    assert created["subject_id"] == project
    assert created["data"] == {"name": "Apollo"}
    assert invited["data"] == {"email": bob.email, "role": "member"}
    assert (joined["actor_id"], joined["subject_id"]) == (bob.id, bob.id)
    assert joined["data"]["role"] == "member"
    assert changed["data"] == {"from": "member", "to": "admin"}
    assert removed["data"] == {"role": "admin"}
    limited = await client.get(f"/api/projects/{project}/audit?limit=2", headers=owner.headers)
    assert [e["id"] for e in limited.json()["events"]] == [removed["id"], changed["id"]]


async def test_a_refused_change_leaves_no_row(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    demote = await client.patch(
        f"/api/projects/{project}/members/{owner.id}",
        json={"role": "viewer"},
        headers=owner.headers,
    )
    assert demote.status_code == 409
    events = (await client.get(f"/api/projects/{project}/audit", headers=owner.headers)).json()
    assert [e["action"] for e in events["events"]] == ["project.created"]


async def test_audit_rows_carry_the_request_id(
    client: httpx.AsyncClient, database: TestDatabase
) -> None:
    owner = await sign_up(client)
    response = await client.post(
        "/api/projects",
        json={"name": "Traced"},
        headers={**owner.headers, "X-Request-ID": "req-42"},
    )
    assert response.headers["x-request-id"] == "req-42"
    conn = await asyncpg.connect(database.superuser)
    try:
        request_id = await conn.fetchval(
            "SELECT request_id FROM audit_outbox WHERE action = 'project.created'"
        )
    finally:
        await conn.close()
    assert request_id == "req-42"


@pytest.mark.parametrize("role", ["member", "viewer"])
async def test_only_owners_and_admins_read_the_audit(client: httpx.AsyncClient, role: str) -> None:
    owner, other = await sign_up(client, "Owner"), await sign_up(client, "Other")
    project = await create_project(client, owner)
    await add_member(client, project, owner, other, role)
    response = await client.get(f"/api/projects/{project}/audit", headers=other.headers)
    assert_error(response, 403, "forbidden")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_outbox SET action = 'forged'",
        "DELETE FROM audit_outbox",
        "TRUNCATE audit_outbox",
    ],
)
@pytest.mark.parametrize("role", ["app", "superuser"])
async def test_the_database_refuses_to_change_audit_rows(
    client: httpx.AsyncClient, database: TestDatabase, statement: str, role: str
) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    dsn = database.app if role == "app" else database.superuser
    conn = await asyncpg.connect(dsn)
    try:
        async with conn.transaction():
            # The app acting as the project's owner is the strongest position it can be in; a
            # superuser bypasses RLS and grants, and still meets the append-only trigger.
            await conn.execute("SELECT set_config('app.user_id', $1, true)", owner.id)
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(statement)
    finally:
        await conn.close()
    events = (await client.get(f"/api/projects/{project}/audit", headers=owner.headers)).json()
    assert [e["action"] for e in events["events"]] == ["project.created"]
