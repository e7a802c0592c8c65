"""Board UI performance in Debian's Chromium on a 5,000-card board (cards with labels, due
badges and checklists) served by a real `projectflow up`: first card painted, scroll and drag
frame rates (unthrottled and with 4x CPU throttling) and the gzipped JS of the board route. The
measuring is `bench/board_ui.mjs`.

Needs the web app built (`make install` or `cd web && npm run build`) and tests/e2e/node_modules.

    .venv/bin/python -m bench.board_ui [--cards 5000] [--json]
"""

import argparse
import shutil
import subprocess
import time
from pathlib import Path

import httpx

from bench.board import make_board
from bench.support import running_projectflow, sign_up

HERE = Path(__file__).parent


def wait_for_cards(
    client: httpx.Client, headers: dict[str, str], board_id: str, cards: int
) -> None:
    """The document update is projected into the board read asynchronously: wait for it."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        board = client.get(f"/api/boards/{board_id}", headers=headers).json()
        if sum(len(column["cards"]) for column in board["columns"]) >= cards:
            return
        time.sleep(0.5)
    raise RuntimeError(f"the board never showed {cards} cards")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    args = parser.parse_args()
    node = shutil.which("node")
    if not node:
        raise SystemExit("Node.js is required")
    print("machine: 2 CPU cores shared by Chromium, the API, PostgreSQL and NATS")
    with running_projectflow() as runtime:
        api_url = runtime["api_url"]
        with httpx.Client(base_url=api_url, timeout=60) as client:
            headers = sign_up(client)
            board = make_board(client, headers, args.cards, rich=True)
            wait_for_cards(client, headers, board["id"], args.cards)
        token = headers["Authorization"].removeprefix("Bearer ")
        argv = [node, str(HERE / "board_ui.mjs"), api_url, token, board["id"]]
        subprocess.run(argv + (["--json"] if args.json else []), check=True, timeout=600)


if __name__ == "__main__":
    main()
