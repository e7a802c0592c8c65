"""Concurrent writers over real HTTP, each talking to its own server (its own document cache
and pool, as two API processes would): each card stays in exactly one place."""

import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from projectflow.config import Settings
from tests.support.api import PASSWORD
from tests.support.live import live_server


@pytest.fixture
def base_urls(settings: Settings) -> Iterator[tuple[str, str]]:
    with live_server(settings) as first, live_server(settings) as second:
        yield first, second


def _together(*calls: Callable[[], httpx.Response]) -> list[httpx.Response]:
    """Run the calls in threads released at the same moment."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _setup(base_urls: tuple[str, str]) -> tuple[list[httpx.Client], dict[str, Any], dict[str, Any]]:
    clients = [httpx.Client(base_url=url, timeout=30) for url in base_urls]
    signup = {"email": "race@example.com", "password": PASSWORD, "name": "Racer"}
    token = clients[0].post("/api/auth/signup", json=signup).json()["token"]
    for client in clients:
        client.headers["Authorization"] = f"Bearer {token}"
    project = clients[0].post("/api/projects", json={"name": "Race"}).json()
    board = clients[0].post(f"/api/projects/{project['id']}/boards", json={"name": "B"}).json()
    body = {"column_id": board["columns"][0]["id"], "title": "Contested"}
    card = clients[0].post(f"/api/boards/{board['id']}/cards", json=body).json()
    return clients, board, card


def test_concurrent_moves_of_one_card_leave_it_in_exactly_one_place(
    base_urls: tuple[str, str],
) -> None:
    clients, board, card = _setup(base_urls)
    columns = [column["id"] for column in board["columns"]]
    try:
        for round_number in range(20):
            targets = (columns[round_number % 3], columns[(round_number + 1) % 3])
            responses = _together(
                *(
                    lambda c=client, t=target: c.post(
                        f"/api/cards/{card['id']}/move", json={"column_id": t}
                    )
                    for client, target in zip(clients, targets, strict=True)
                )
            )
            assert [r.status_code for r in responses] == [200, 200]
            view = clients[0].get(f"/api/boards/{board['id']}").json()
            places = [
                col["id"] for col in view["columns"] for c in col["cards"] if c["id"] == card["id"]
            ]
            assert len(places) == 1
            assert places[0] in targets
    finally:
        for client in clients:
            client.close()


def test_concurrent_edits_of_different_fields_both_survive(base_urls: tuple[str, str]) -> None:
    clients, _, card = _setup(base_urls)
    url = f"/api/cards/{card['id']}"
    try:
        for round_number in range(10):
            title, description = f"Title {round_number}", f"Description {round_number}"
            responses = _together(
                lambda t=title: clients[0].patch(url, json={"title": t}),
                lambda d=description: clients[1].patch(url, json={"description": d}),
            )
            assert [r.status_code for r in responses] == [200, 200]
            final = clients[0].get(url).json()
            assert (final["title"], final["description"]) == (title, description)
    finally:
        for client in clients:
            client.close()
