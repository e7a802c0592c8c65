import httpx

from tests.support.api import add_member, assert_error, create_project, sign_up


async def test_create_and_read_a_project(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    response = await client.post(
        "/api/projects",
        json={"name": " Apollo ", "description": "To the moon"},
        headers=owner.headers,
    )
    assert response.status_code == 201
    project = response.json()
    assert project["name"] == "Apollo"
    assert project["description"] == "To the moon"
    assert project["role"] == "owner"
    fetched = await client.get(f"/api/projects/{project['id']}", headers=owner.headers)
    assert fetched.json() == project


async def test_list_shows_only_the_callers_projects_with_their_role(
    client: httpx.AsyncClient,
) -> None:
    alice, bob = await sign_up(client, "Alice"), await sign_up(client, "Bob")
    apollo = await create_project(client, alice, "Apollo")
    gemini = await create_project(client, bob, "Gemini")
    await add_member(client, gemini, bob, alice, "viewer")
    await create_project(client, bob, "Mercury")
    listed = (await client.get("/api/projects", headers=alice.headers)).json()
    assert [(p["id"], p["role"]) for p in listed] == [(apollo, "owner"), (gemini, "viewer")]


async def test_admin_updates_a_project_and_a_member_cannot(client: httpx.AsyncClient) -> None:
    owner, admin, member = [await sign_up(client, n) for n in ("Owner", "Admin", "Member")]
    project = await create_project(client, owner)
    await add_member(client, project, owner, admin, "admin")
    await add_member(client, project, owner, member, "member")
    renamed = await client.patch(
        f"/api/projects/{project}", json={"name": "Artemis"}, headers=admin.headers
    )
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Artemis"
    assert renamed.json()["role"] == "admin"
    refused = await client.patch(
        f"/api/projects/{project}", json={"name": "Nope"}, headers=member.headers
    )
    assert_error(refused, 403, "forbidden")


async def test_a_non_member_and_a_nonexistent_id_get_the_same_403(
    client: httpx.AsyncClient,
) -> None:
    owner, stranger = await sign_up(client, "Owner"), await sign_up(client, "Stranger")
    project = await create_project(client, owner)
    hidden = await client.get(f"/api/projects/{project}", headers=stranger.headers)
    missing = await client.get(
        "/api/projects/00000000-0000-4000-8000-000000000000", headers=stranger.headers
    )
    assert_error(hidden, 403, "forbidden")
    assert hidden.json() == missing.json()
