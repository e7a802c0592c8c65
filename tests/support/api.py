"""Sign-up and project shortcuts for API tests."""

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Account:
    id: str
    email: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def sign_up(client: httpx.AsyncClient, name: str = "Test User") -> Account:
    email = f"{name.split()[0].lower()}-{uuid.uuid4().hex[:8]}@example.com"
    response = await client.post(
        "/api/auth/signup", json={"email": email, "password": PASSWORD, "name": name}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return Account(id=body["user"]["id"], email=email, token=body["token"])


async def create_project(client: httpx.AsyncClient, owner: Account, name: str = "Apollo") -> str:
    response = await client.post("/api/projects", json={"name": name}, headers=owner.headers)
    assert response.status_code == 201, response.text
    project_id: str = response.json()["id"]
    return project_id


async def add_member(
    client: httpx.AsyncClient, project_id: str, admin: Account, member: Account, role: str
) -> dict[str, Any]:
    """Invite `member` and accept as them; returns the project as they now see it."""
    invitation = await invite(client, project_id, admin, member.email, role)
    response = await client.post(
        f"/api/invitations/{invitation['id']}/accept", headers=member.headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def invite(
    client: httpx.AsyncClient, project_id: str, admin: Account, email: str, role: str
) -> dict[str, Any]:
    response = await client.post(
        f"/api/projects/{project_id}/invitations",
        json={"email": email, "role": role},
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The response has `status` and our one error shape with `code`; returns the error."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    error: dict[str, Any] = body["error"]
    return error


async def create_board(
    client: httpx.AsyncClient, project_id: str, owner: Account
) -> dict[str, Any]:
    response = await client.post(
        f"/api/projects/{project_id}/boards", json={"name": "Sprint"}, headers=owner.headers
    )
    assert response.status_code == 201, response.text
    board: dict[str, Any] = response.json()
    return board


async def create_card(
    client: httpx.AsyncClient,
    board: dict[str, Any],
    account: Account,
    column: int = 0,
    **fields: Any,
) -> dict[str, Any]:
    body = {"column_id": board["columns"][column]["id"], "title": "A card"} | fields
    response = await client.post(
        f"/api/boards/{board['id']}/cards", json=body, headers=account.headers
    )
    assert response.status_code == 201, response.text
    card: dict[str, Any] = response.json()
    return card


async def import_board(
    client: httpx.AsyncClient,
    project_id: str,
    account: Account,
    kind: str,
    content: bytes,
    **params: str,
) -> str:
    """Import a board file (`kind`: trello, csv or json); returns the new board's id."""
    response = await client.post(
        f"/api/projects/{project_id}/import/{kind}",
        content=content,
        params=params,
        headers=account.headers,
    )
    assert response.status_code == 201, response.text
    assert set(response.json()) == {"board_id"}
    board_id: str = response.json()["board_id"]
    return board_id


async def board_ids(client: httpx.AsyncClient, project_id: str, account: Account) -> list[str]:
    response = await client.get(f"/api/projects/{project_id}/boards", headers=account.headers)
    assert response.status_code == 200, response.text
    return [board["id"] for board in response.json()]


async def add_checklist(
    client: httpx.AsyncClient, card_id: str, account: Account, title: str, items: list[str]
) -> dict[str, Any]:
    """A checklist with `items` (not done) on the card; returns it as the card shows it."""
    response = await client.post(
        f"/api/cards/{card_id}/checklists", json={"title": title}, headers=account.headers
    )
    assert response.status_code == 201, response.text
    checklist_id = response.json()["checklists"][-1]["id"]
    card = response.json()
    for text in items:
        response = await client.post(
            f"/api/cards/{card_id}/checklists/{checklist_id}/items",
            json={"text": text},
            headers=account.headers,
        )
        assert response.status_code == 201, response.text
        card = response.json()
    checklist: dict[str, Any] = next(c for c in card["checklists"] if c["id"] == checklist_id)
    return checklist
