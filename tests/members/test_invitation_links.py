"""Invitation links: a secret token per invitation, shown once, that lets whoever holds it see
the offer without signing in and join signed in with any email."""

import hashlib
import logging
from typing import Any

import httpx
import pytest

from projectflow.observability.logging import JsonFormatter
from tests.support.api import (
    Account,
    add_member,
    assert_error,
    create_project,
    invite,
    sign_up,
)
from tests.support.databases import TestDatabase, as_superuser


async def _preview(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.get(f"/api/invitation-links/{token}")


async def _accept(client: httpx.AsyncClient, token: str, account: Account) -> httpx.Response:
    return await client.post(f"/api/invitation-links/{token}/accept", headers=account.headers)


async def _renew(
    client: httpx.AsyncClient, project: str, invitation: str, account: Account
) -> httpx.Response:
    return await client.post(
        f"/api/projects/{project}/invitations/{invitation}/link", headers=account.headers
    )


async def _pending(client: httpx.AsyncClient, project: str, owner: Account) -> list[str]:
    response = await client.get(f"/api/projects/{project}/invitations", headers=owner.headers)
    assert response.status_code == 200, response.text
    return [invitation["id"] for invitation in response.json()]


async def _audit(client: httpx.AsyncClient, project: str, owner: Account) -> list[dict[str, Any]]:
    response = await client.get(f"/api/projects/{project}/audit", headers=owner.headers)
    events: list[dict[str, Any]] = response.json()["events"]
    return events


def _assert_unknown_link(response: httpx.Response) -> None:
    message = assert_error(response, 404, "not_found")["message"]
    assert "invitation link" in message


async def test_the_link_previews_without_sign_in_and_anyone_joins_with_it(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client, "Olivia Owner")
    project = await create_project(client, owner, "Apollo")
    invitation = await invite(client, project, owner, "bob@example.com", "member")
    token = invitation["token"]
    assert token.startswith("pfi_")
    assert len(token) > 40
    preview = await _preview(client, token)
    assert preview.status_code == 200, preview.text
    assert preview.json() == {
        "project_name": "Apollo",
        "invited_by_name": "Olivia Owner",
        "role": "member",
        "email": "bob@example.com",
    }
    carol = await sign_up(client, "Carol")  # not bob@example.com
    joined = await _accept(client, token, carol)
    assert joined.status_code == 200, joined.text
    assert joined.json() == {"id": project, "name": "Apollo", "description": "", "role": "member"}
    members = (await client.get(f"/api/projects/{project}/members", headers=owner.headers)).json()
    assert {"user_id": carol.id, "email": carol.email, "name": "Carol", "role": "member"} in (
        members
    )
    assert await _pending(client, project, owner) == []
    event = next(e for e in await _audit(client, project, owner) if e["action"] == "member.joined")
    assert (event["actor_id"], event["subject_id"]) == (carol.id, carol.id)
    assert event["data"] == {
        "role": "member",
        "invitation_id": invitation["id"],
        "via": "link",
        "invited_email": "bob@example.com",
    }
    # Used up: the link works no more, for anyone.
    _assert_unknown_link(await _preview(client, token))
    _assert_unknown_link(await _accept(client, token, await sign_up(client, "Dave")))


@pytest.mark.parametrize("token", ["pfi_unknown", "x", "pfi_" + "A" * 43])
async def test_an_unknown_link_is_a_clear_404(client: httpx.AsyncClient, token: str) -> None:
    _assert_unknown_link(await _preview(client, token))
    _assert_unknown_link(await _accept(client, token, await sign_up(client, "Eve")))


async def test_accepting_needs_a_sign_in(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    token = (await invite(client, project, owner, "bob@example.com", "viewer"))["token"]
    response = await client.post(f"/api/invitation-links/{token}/accept")
    assert_error(response, 401, "unauthorized")
    assert (await _preview(client, token)).status_code == 200


async def test_a_renewed_link_kills_the_old_one(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    invitation = await invite(client, project, owner, "bob@example.com", "admin")
    old = invitation["token"]
    renewed = await _renew(client, project, invitation["id"], owner)
    assert renewed.status_code == 200, renewed.text
    assert set(renewed.json()) == {"token"}
    new = renewed.json()["token"]
    assert new != old
    assert new.startswith("pfi_")
    _assert_unknown_link(await _preview(client, old))
    _assert_unknown_link(await _accept(client, old, await sign_up(client, "Mallory")))
    assert (await _preview(client, new)).json()["role"] == "admin"
    # Still the same invitation: pending, and the invitee by email may accept it too.
    assert await _pending(client, project, owner) == [invitation["id"]]
    event = next(
        e
        for e in await _audit(client, project, owner)
        if e["action"] == "member.invitation_link_renewed"
    )
    assert event["subject_id"] == invitation["id"]
    assert event["data"] == {"email": "bob@example.com", "role": "admin"}
    joined = await _accept(client, new, await sign_up(client, "Frank"))
    assert joined.json()["role"] == "admin"


async def test_only_those_who_manage_members_renew(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    admin, member = await sign_up(client, "Admin"), await sign_up(client, "Member")
    await add_member(client, project, owner, admin, "admin")
    await add_member(client, project, owner, member, "member")
    to_owner = await invite(client, project, owner, "heir@example.com", "owner")
    to_viewer = await invite(client, project, owner, "v@example.com", "viewer")
    assert_error(await _renew(client, project, to_viewer["id"], member), 403, "forbidden")
    # Only owners offer ownership, by link as by email.
    assert_error(await _renew(client, project, to_owner["id"], admin), 403, "forbidden")
    assert (await _preview(client, to_owner["token"])).status_code == 200
    assert (await _renew(client, project, to_viewer["id"], admin)).status_code == 200
    elsewhere = await create_project(client, admin, "Elsewhere")
    assert_error(await _renew(client, elsewhere, to_viewer["id"], admin), 403, "forbidden")


async def test_revoking_the_invitation_kills_its_link(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    invitation = await invite(client, project, owner, "bob@example.com", "member")
    revoked = await client.delete(
        f"/api/projects/{project}/invitations/{invitation['id']}", headers=owner.headers
    )
    assert revoked.status_code == 204
    _assert_unknown_link(await _preview(client, invitation["token"]))


async def test_accepting_by_email_uses_the_link_up(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    bob = await sign_up(client, "Bob")
    invitation = await invite(client, project, owner, bob.email, "member")
    accepted = await client.post(f"/api/invitations/{invitation['id']}/accept", headers=bob.headers)
    assert accepted.status_code == 200
    _assert_unknown_link(await _preview(client, invitation["token"]))


async def test_a_member_keeps_their_role_and_the_invitation_is_used_up(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    admin = await sign_up(client, "Admin")
    await add_member(client, project, owner, admin, "admin")
    invitation = await invite(client, project, owner, "someone@example.com", "viewer")
    joined = await _accept(client, invitation["token"], admin)
    assert joined.status_code == 200, joined.text
    assert joined.json()["role"] == "admin"
    assert await _pending(client, project, owner) == []
    _assert_unknown_link(await _preview(client, invitation["token"]))


async def test_a_link_takes_the_place_of_the_callers_own_invitation(
    client: httpx.AsyncClient,
) -> None:
    """Invited by email and handed a link to the same project: joining with the link uses up
    both (there is one invitation per project and email)."""
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    bob = await sign_up(client, "Bob")
    by_email = await invite(client, project, owner, bob.email, "viewer")
    by_link = await invite(client, project, owner, "team@example.com", "member")
    joined = await _accept(client, by_link["token"], bob)
    assert joined.status_code == 200, joined.text
    assert joined.json()["role"] == "member"
    assert await _pending(client, project, owner) == []
    assert (await client.get("/api/invitations", headers=bob.headers)).json() == []
    _assert_unknown_link(await _preview(client, by_email["token"]))
    event = next(e for e in await _audit(client, project, owner) if e["action"] == "member.joined")
    assert event["data"]["replaced_invitation_id"] == by_email["id"]
    assert event["data"]["invitation_id"] == by_link["id"]


async def test_tokens_are_in_no_listing_audit_row_or_table(
    client: httpx.AsyncClient, database: TestDatabase
) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    bob = await sign_up(client, "Bob")
    invitation = await invite(client, project, owner, bob.email, "member")
    renewed = (await _renew(client, project, invitation["id"], owner)).json()["token"]
    tokens = [invitation["token"], renewed]
    seen = [
        (await client.get(f"/api/projects/{project}/invitations", headers=owner.headers)).text,
        (await client.get("/api/invitations", headers=bob.headers)).text,
        (await client.get(f"/api/projects/{project}/audit", headers=owner.headers)).text,
    ]
    assert invitation["id"] in seen[0]
    assert invitation["id"] in seen[1]
    assert "member.invitation_link_renewed" in seen[2]
    for row in await as_superuser(database, "SELECT to_jsonb(a)::text FROM audit_outbox a"):
        seen.append(row[0])
    stored = await as_superuser(database, "SELECT to_jsonb(i)::text, token_hash FROM invitations i")
    seen.append(stored[0][0])
    for token in tokens:
        digest = hashlib.sha256(token.encode()).digest()
        for text in seen:
            assert token not in text
            assert token.removeprefix("pfi_") not in text
            assert digest.hex() not in text or text == stored[0][0]
    # Only the renewed link's hash is kept.
    assert bytes(stored[0][1]) == hashlib.sha256(renewed.encode()).digest()


def test_logs_mask_link_tokens() -> None:
    token = "pfi_" + "Ab-_9" * 8 + "xyz"
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/api/invitation-links/{token}", "1.1", 200),
        None,
    )
    line = JsonFormatter().format(record)
    assert token not in line
    assert token[4:] not in line
    assert "/api/invitation-links/[hidden]" in line
