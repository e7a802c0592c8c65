"""Interoperability with the npm `yjs` package: the reference Yjs implementation."""

import base64
import json
import shutil
import uuid
from pathlib import Path
from typing import Any

import anyio
import httpx

from tests.support.api import create_board, create_card, create_project, sign_up

CLIENT = Path(__file__).parents[1] / "interop" / "yjs_client.mjs"


async def _run_yjs(payload: dict[str, Any]) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "Node.js is required (make install sets up tests/interop)"
    result = await anyio.run_process(
        [node, str(CLIENT)], input=json.dumps(payload).encode(), check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    output: dict[str, Any] = json.loads(result.stdout)
    return output


async def test_the_board_document_round_trips_through_npm_yjs(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    existing = await create_card(client, board, owner, title="Made over REST", description="hi")
    state = (await client.get(f"/api/boards/{board['id']}/doc", headers=owner.headers)).content
    new_id = str(uuid.uuid4())
    done = board["columns"][2]["id"]
    seen = await _run_yjs(
        {
            "state": base64.b64encode(state).decode(),
            "add": {"id": new_id, "title": "Made in yjs", "column_id": done, "position": "a1"},
        }
    )
    assert seen["cards"] == [
        {
            "id": existing["id"],
            "title": "Made over REST",
            "description": "hi",
            "column_id": board["columns"][0]["id"],
        }
    ]
    response = await client.post(
        f"/api/boards/{board['id']}/doc",
        content=base64.b64decode(seen["update"]),
        headers={**owner.headers, "content-type": "application/octet-stream"},
    )
    assert response.status_code == 200, response.text
    view = (await client.get(f"/api/boards/{board['id']}", headers=owner.headers)).json()
    assert [(c["id"], c["title"], c["labels"]) for c in view["columns"][2]["cards"]] == [
        (new_id, "Made in yjs", ["interop"])
    ]
    # And a fresh npm Y.Doc loads the merged document with both cards.
    merged = (await client.get(f"/api/boards/{board['id']}/doc", headers=owner.headers)).content
    reloaded = await _run_yjs({"state": base64.b64encode(merged).decode()})
    expected = sorted([existing["id"], new_id])
    assert [card["id"] for card in reloaded["cards"]] == expected
