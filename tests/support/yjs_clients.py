"""Real Yjs clients on the live sync endpoint: the Node driver tests/interop/live_clients.mjs
(npm `yjs` and `y-websocket`), and the board as the server stores and projects it."""

import asyncio
import base64
import json
import shutil
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from pycrdt import Doc, Map, Text

from tests.support.api import Account, add_member, create_board, create_project, sign_up

DRIVER = Path(__file__).parents[1] / "interop" / "live_clients.mjs"
ANSWER_SECONDS = 30.0


class YjsClients:
    """`await clients.call(op, name=..., ...)` runs one driver command and returns its answer."""

    def __init__(self, process: asyncio.subprocess.Process, api_url: str) -> None:
        self._process = process
        self._api_url = api_url
        self.events: dict[str, list[dict[str, Any]]] = {}

    async def open(
        self, name: str, board_id: str, account: Account | None, api_url: str | None = None
    ) -> dict[str, Any]:
        """A client of the board on the server at `api_url` (default: the first one)."""
        return await self.call(
            "open",
            name=name,
            url=sync_url(api_url or self._api_url),
            room=f"board:{board_id}",
            token=account.token if account else None,
        )

    async def call(self, op: str, *, expect_ok: bool = True, **fields: Any) -> dict[str, Any]:
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._process.stdin.write(json.dumps({"op": op, **fields}).encode() + b"\n")
        await self._process.stdin.drain()
        line = await asyncio.wait_for(self._process.stdout.readline(), ANSWER_SECONDS)
        assert line, "the Yjs client driver exited"
        answer: dict[str, Any] = json.loads(line)
        if "name" in fields:
            self.events.setdefault(fields["name"], []).extend(answer.get("events", []))
        if expect_ok:
            assert answer["ok"], answer
        return answer

    async def cards(self, name: str) -> dict[str, Any]:
        cards: dict[str, Any] = (await self.call("read", name=name))["cards"]
        return cards

    async def sees(self, name: str, card_id: str) -> bool:
        return card_id in await self.cards(name)


def sync_url(api_url: str) -> str:
    return api_url.replace("http://", "ws://", 1) + "/api/collab"


@asynccontextmanager
async def yjs_clients(api_url: str) -> AsyncIterator[YjsClients]:
    node = shutil.which("node")
    assert node, "Node.js is required (make install sets up tests/interop)"
    process = await asyncio.create_subprocess_exec(
        node,
        str(DRIVER),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        limit=64 * 1024 * 1024,  # an answer carries a whole document
    )
    try:
        yield YjsClients(process, api_url)
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def team(http: httpx.AsyncClient) -> tuple[Account, Account, dict[str, Any]]:
    """An owner, a member and a board of their project."""
    owner, member = await sign_up(http, "Olga Owner"), await sign_up(http, "Mo Member")
    project_id = await create_project(http, owner)
    await add_member(http, project_id, owner, member, "member")
    return owner, member, await create_board(http, project_id, owner)


def cards_of_state(state: bytes) -> dict[str, Any]:
    """A board document's cards as the driver's `read` shows them."""
    doc: Doc = Doc()
    doc.apply_update(state)
    cards = doc.get("cards", type=Map)
    shown = {}
    for card_id, card in cards.items():
        description = card.get("description")
        shown[card_id] = {
            "title": card.get("title"),
            "description": str(description) if isinstance(description, Text) else "",
            "column_id": card.get("column_id"),
            "position": card.get("position"),
            "archived": card.get("archived") or False,
        }
    return shown


async def server_cards(client: httpx.AsyncClient, board_id: str, account: Account) -> Any:
    response = await client.get(f"/api/boards/{board_id}/doc", headers=account.headers)
    assert response.status_code == 200, response.text
    return cards_of_state(response.content)


async def projected_cards(client: httpx.AsyncClient, board_id: str, account: Account) -> Any:
    """The projection, in the driver's shape (archived cards included)."""
    response = await client.get(
        f"/api/boards/{board_id}", params={"archived": "true"}, headers=account.headers
    )
    assert response.status_code == 200, response.text
    return {
        card["id"]: {
            "title": card["title"],
            "description": card["description"],
            "column_id": column["id"],
            "archived": card["archived"],
        }
        for column in response.json()["columns"]
        for card in column["cards"]
    }


def without_positions(cards: dict[str, Any]) -> dict[str, Any]:
    return {
        card_id: {key: value for key, value in card.items() if key != "position"}
        for card_id, card in cards.items()
    }


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float = 15.0) -> None:
    """Wait until `check()` holds (these are convergence waits, not timing assertions)."""
    deadline = time.monotonic() + seconds
    while not await check():
        assert time.monotonic() < deadline, "did not converge in time"
        await asyncio.sleep(0.05)


async def produced_cards(clients: YjsClients, names: list[str]) -> dict[str, Any]:
    """The cards that merging every update the clients made themselves gives — what the
    server must hold if none was lost."""
    doc: Doc = Doc()
    for name in names:
        doc.apply_update(base64.b64decode((await clients.call("produced", name=name))["update"]))
    return cards_of_state(doc.get_update())


async def converged(
    http: httpx.AsyncClient,
    clients: YjsClients,
    names: list[str],
    board_id: str,
    reader: Account,
    *,
    projection: bool = True,
) -> dict[str, Any]:
    """Wait until every client, the server's document and (unless told otherwise) its
    projection agree; returns the cards."""
    agreed: dict[str, Any] = {}

    async def check() -> bool:
        seen = [await clients.cards(name) for name in names]
        server = await server_cards(http, board_id, reader)
        if any(cards != server for cards in seen):
            return False
        agreed.update(server)
        if not projection:
            return True
        return without_positions(server) == await projected_cards(http, board_id, reader)

    await eventually(check, seconds=30)
    return agreed
