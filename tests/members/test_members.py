import httpx
import pytest

from tests.support.api import Account, add_member, assert_error, create_project, sign_up


async def _project_with(
    client: httpx.AsyncClient, *roles: str
) -> tuple[str, Account, list[Account]]:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    others = []
    for role in roles:
        account = await sign_up(client, role.title())
        await add_member(client, project, owner, account, role)
        others.append(account)
    return project, owner, others


async def test_invite_change_role_and_remove(client: httpx.AsyncClient) -> None:
    project, owner, _ = await _project_with(client)
    bob = await sign_up(client, "Bob")
    added = await add_member(client, project, owner, bob, "member")
    assert added == {"user_id": bob.id, "email": bob.email, "name": "Bob", "role": "member"}
    changed = await client.patch(
        f"/api/projects/{project}/members/{bob.id}", json={"role": "admin"}, headers=owner.headers
    )
    assert changed.status_code == 200
    assert changed.json()["role"] == "admin"
    removed = await client.delete(
        f"/api/projects/{project}/members/{bob.id}", headers=owner.headers
    )
    assert removed.status_code == 204
    assert_error(
        await client.get(f"/api/projects/{project}", headers=bob.headers), 403, "forbidden"
    )
    members = (await client.get(f"/api/projects/{project}/members", headers=owner.headers)).json()
    assert [m["user_id"] for m in members] == [owner.id]


async def test_inviting_an_unknown_email_or_a_member_twice(client: httpx.AsyncClient) -> None:
    project, owner, (member,) = await _project_with(client, "member")
    unknown = await client.post(
        f"/api/projects/{project}/members",
        json={"email": "ghost@example.com", "role": "member"},
        headers=owner.headers,
    )
    error = assert_error(unknown, 404, "not_found")
    assert "ghost@example.com" in error["message"]
    again = await client.post(
        f"/api/projects/{project}/members",
        json={"email": member.email, "role": "viewer"},
        headers=owner.headers,
    )
    assert_error(again, 409, "conflict")


async def test_the_last_owner_cannot_be_demoted_or_removed(client: httpx.AsyncClient) -> None:
    project, owner, _ = await _project_with(client)
    url = f"/api/projects/{project}/members/{owner.id}"
    demote = await client.patch(url, json={"role": "admin"}, headers=owner.headers)
    assert "last owner" in assert_error(demote, 409, "conflict")["message"]
    remove = await client.delete(url, headers=owner.headers)
    assert "last owner" in assert_error(remove, 409, "conflict")["message"]


async def test_with_two_owners_one_can_step_down(client: httpx.AsyncClient) -> None:
    project, owner, (second,) = await _project_with(client, "owner")
    url = f"/api/projects/{project}/members/{owner.id}"
    response = await client.patch(url, json={"role": "member"}, headers=second.headers)
    assert response.status_code == 200
    last = await client.delete(
        f"/api/projects/{project}/members/{second.id}", headers=second.headers
    )
    assert_error(last, 409, "conflict")


async def test_admins_cannot_touch_the_owner_role(client: httpx.AsyncClient) -> None:
    project, owner, (admin, member) = await _project_with(client, "admin", "member")
    members = f"/api/projects/{project}/members"
    promote = await client.patch(
        f"{members}/{member.id}", json={"role": "owner"}, headers=admin.headers
    )
    assert_error(promote, 403, "forbidden")
    demote = await client.patch(
        f"{members}/{owner.id}", json={"role": "viewer"}, headers=admin.headers
    )
    assert_error(demote, 403, "forbidden")
    remove = await client.delete(f"{members}/{owner.id}", headers=admin.headers)
    assert_error(remove, 403, "forbidden")
    newcomer = await sign_up(client, "Newcomer")
    invite = await client.post(
        members, json={"email": newcomer.email, "role": "owner"}, headers=admin.headers
    )
    assert_error(invite, 403, "forbidden")
    fine = await client.patch(
        f"{members}/{member.id}", json={"role": "viewer"}, headers=admin.headers
    )
    assert fine.status_code == 200


@pytest.mark.parametrize("role", ["member", "viewer"])
async def test_members_and_viewers_cannot_manage_members(
    client: httpx.AsyncClient, role: str
) -> None:
    project, owner, (caller,) = await _project_with(client, role)
    newcomer = await sign_up(client, "Newcomer")
    members = f"/api/projects/{project}/members"
    attempts = [
        client.post(
            members, json={"email": newcomer.email, "role": "viewer"}, headers=caller.headers
        ),
        client.patch(f"{members}/{owner.id}", json={"role": "viewer"}, headers=caller.headers),
        client.delete(f"{members}/{owner.id}", headers=caller.headers),
    ]
    for attempt in attempts:
        assert_error(await attempt, 403, "forbidden")
    listed = await client.get(members, headers=caller.headers)
    assert listed.status_code == 200


async def test_changing_someone_outside_the_project_is_403(client: httpx.AsyncClient) -> None:
    project, owner, _ = await _project_with(client)
    stranger = await sign_up(client, "Stranger")
    response = await client.patch(
        f"/api/projects/{project}/members/{stranger.id}",
        json={"role": "admin"},
        headers=owner.headers,
    )
    assert_error(response, 403, "forbidden")
