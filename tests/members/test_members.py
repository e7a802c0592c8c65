import httpx
import pytest

from tests.support.api import (
    PASSWORD,
    Account,
    add_member,
    assert_error,
    create_project,
    invite,
    sign_up,
)


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


async def test_invite_accept_change_role_and_remove(client: httpx.AsyncClient) -> None:
    project, owner, _ = await _project_with(client)
    bob = await sign_up(client, "Bob")
    joined = await add_member(client, project, owner, bob, "member")
    assert (joined["id"], joined["role"]) == (project, "member")
    members = f"/api/projects/{project}/members"
    listed = (await client.get(members, headers=owner.headers)).json()
    assert {"user_id": bob.id, "email": bob.email, "name": "Bob", "role": "member"} in listed
    changed = await client.patch(
        f"{members}/{bob.id}", json={"role": "admin"}, headers=owner.headers
    )
    assert changed.status_code == 200
    assert changed.json()["role"] == "admin"
    removed = await client.delete(f"{members}/{bob.id}", headers=owner.headers)
    assert removed.status_code == 204
    assert_error(
        await client.get(f"/api/projects/{project}", headers=bob.headers), 403, "forbidden"
    )
    members_left = (await client.get(members, headers=owner.headers)).json()
    assert [m["user_id"] for m in members_left] == [owner.id]


async def test_an_invitation_is_pending_until_accepted(client: httpx.AsyncClient) -> None:
    project, owner, _ = await _project_with(client)
    bob = await sign_up(client, "Bob Secretname")
    invitation = await invite(client, project, owner, bob.email, "member")
    # The answer tells the inviter nothing the inviter did not type.
    assert "Secretname" not in str(invitation)
    assert invitation["email"] == bob.email
    assert (invitation["role"], invitation["project_name"]) == ("member", "Apollo")
    assert_error(
        await client.get(f"/api/projects/{project}", headers=bob.headers), 403, "forbidden"
    )
    mine = (await client.get("/api/invitations", headers=bob.headers)).json()
    assert [i["id"] for i in mine] == [invitation["id"]]
    assert mine[0]["invited_by_name"] == "Owner"
    pending = await client.get(f"/api/projects/{project}/invitations", headers=owner.headers)
    assert [i["id"] for i in pending.json()] == [invitation["id"]]
    accepted = await client.post(f"/api/invitations/{invitation['id']}/accept", headers=bob.headers)
    assert accepted.status_code == 200
    assert accepted.json() == {"id": project, "name": "Apollo", "description": "", "role": "member"}
    assert (await client.get(f"/api/projects/{project}", headers=bob.headers)).status_code == 200
    assert (await client.get("/api/invitations", headers=bob.headers)).json() == []
    audit = (await client.get(f"/api/projects/{project}/audit", headers=owner.headers)).json()[
        "events"
    ]
    assert {"member.invited", "member.joined"} <= {event["action"] for event in audit}


async def test_only_the_invitee_can_accept(client: httpx.AsyncClient) -> None:
    project, owner, _ = await _project_with(client)
    bob, mallory = await sign_up(client, "Bob"), await sign_up(client, "Mallory")
    invitation = await invite(client, project, owner, bob.email, "admin")
    for url in ("accept", "decline"):
        stolen = await client.post(
            f"/api/invitations/{invitation['id']}/{url}", headers=mallory.headers
        )
        assert_error(stolen, 403, "forbidden")
    assert (await client.get("/api/invitations", headers=mallory.headers)).json() == []
    assert_error(
        await client.get(f"/api/projects/{project}", headers=mallory.headers), 403, "forbidden"
    )


async def test_an_email_without_an_account_can_be_invited(client: httpx.AsyncClient) -> None:
    project, owner, _ = await _project_with(client)
    await invite(client, project, owner, "later@example.com", "viewer")
    response = await client.post(
        "/api/auth/signup",
        json={"email": "later@example.com", "password": PASSWORD, "name": "Later"},
    )
    later = Account(response.json()["user"]["id"], "later@example.com", response.json()["token"])
    (invitation,) = (await client.get("/api/invitations", headers=later.headers)).json()
    accepted = await client.post(
        f"/api/invitations/{invitation['id']}/accept", headers=later.headers
    )
    assert accepted.json()["role"] == "viewer"


async def test_declining_and_revoking(client: httpx.AsyncClient) -> None:
    project, owner, _ = await _project_with(client)
    bob, carol = await sign_up(client, "Bob"), await sign_up(client, "Carol")
    to_bob = await invite(client, project, owner, bob.email, "member")
    to_carol = await invite(client, project, owner, carol.email, "member")
    declined = await client.post(f"/api/invitations/{to_bob['id']}/decline", headers=bob.headers)
    assert declined.status_code == 204
    revoked = await client.delete(
        f"/api/projects/{project}/invitations/{to_carol['id']}", headers=owner.headers
    )
    assert revoked.status_code == 204
    late = await client.post(f"/api/invitations/{to_carol['id']}/accept", headers=carol.headers)
    assert_error(late, 403, "forbidden")
    pending = await client.get(f"/api/projects/{project}/invitations", headers=owner.headers)
    assert pending.json() == []
    for account in (bob, carol):
        assert_error(
            await client.get(f"/api/projects/{project}", headers=account.headers), 403, "forbidden"
        )


async def test_inviting_a_member_or_an_invitee_twice_conflicts(client: httpx.AsyncClient) -> None:
    project, owner, (member,) = await _project_with(client, "member")
    invitations = f"/api/projects/{project}/invitations"
    again = await client.post(
        invitations, json={"email": member.email, "role": "viewer"}, headers=owner.headers
    )
    assert_error(again, 409, "conflict")
    await invite(client, project, owner, "twice@example.com", "viewer")
    twice = await client.post(
        invitations, json={"email": "twice@example.com", "role": "member"}, headers=owner.headers
    )
    assert_error(twice, 409, "conflict")


@pytest.mark.parametrize("role", ["admin", "member", "viewer"])
async def test_a_member_can_leave(client: httpx.AsyncClient, role: str) -> None:
    project, owner, (leaver,) = await _project_with(client, role)
    left = await client.delete(
        f"/api/projects/{project}/members/{leaver.id}", headers=leaver.headers
    )
    assert left.status_code == 204
    assert_error(
        await client.get(f"/api/projects/{project}", headers=leaver.headers), 403, "forbidden"
    )
    audit = (await client.get(f"/api/projects/{project}/audit", headers=owner.headers)).json()[
        "events"
    ]
    assert audit[0]["action"] == "member.left"
    assert (audit[0]["actor_id"], audit[0]["subject_id"]) == (leaver.id, leaver.id)


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
    owner_invite = await client.post(
        f"/api/projects/{project}/invitations",
        json={"email": newcomer.email, "role": "owner"},
        headers=admin.headers,
    )
    assert_error(owner_invite, 403, "forbidden")
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
            f"/api/projects/{project}/invitations",
            json={"email": newcomer.email, "role": "viewer"},
            headers=caller.headers,
        ),
        client.get(f"/api/projects/{project}/invitations", headers=caller.headers),
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
