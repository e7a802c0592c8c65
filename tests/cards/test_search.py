"""Free-text card search takes any string: words match by prefix, anything else as typed."""

import random
import string

import httpx

from tests.support.api import Account, create_board, create_card, create_project, sign_up


async def _board_of(client: httpx.AsyncClient, titles: dict[str, str]) -> tuple[Account, str]:
    """A board with a card per title (the value is its description)."""
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    for title, description in titles.items():
        await create_card(client, board, owner, title=title, description=description)
    return owner, f"/api/boards/{board['id']}/cards"


async def _titles(client: httpx.AsyncClient, owner: Account, search: str, q: str) -> list[str]:
    response = await client.get(search, params={"q": q}, headers=owner.headers)
    assert response.status_code == 200, (q, response.text)
    return sorted(card["title"] for card in response.json())


CARDS = {
    "Checkout 100% done!": "",
    "snake_case names": "",
    "Path C:\\temp": "",
    "Don't panic": "",
    "Hot fix": "🔥 on fire",
    "Authentication": "tokens and sessions",
}


async def test_a_query_without_words_matches_its_text_as_typed(client: httpx.AsyncClient) -> None:
    owner, search = await _board_of(client, CARDS)
    assert await _titles(client, owner, search, "!") == ["Checkout 100% done!"]
    assert await _titles(client, owner, search, "'") == ["Don't panic"]
    assert await _titles(client, owner, search, "🔥") == ["Hot fix"]
    assert await _titles(client, owner, search, " :\\ ") == ["Path C:\\temp"]
    # LIKE's wildcards and escape character are matched literally.
    assert await _titles(client, owner, search, "%") == ["Checkout 100% done!"]
    assert await _titles(client, owner, search, "_") == ["snake_case names"]
    assert await _titles(client, owner, search, "\\") == ["Path C:\\temp"]
    assert await _titles(client, owner, search, "%%") == []


async def test_words_still_match_by_prefix(client: httpx.AsyncClient) -> None:
    owner, search = await _board_of(client, CARDS)
    assert await _titles(client, owner, search, "auth") == ["Authentication"]
    assert await _titles(client, owner, search, "token! auth:*") == ["Authentication"]
    assert await _titles(client, owner, search, "fix 🔥") == ["Hot fix"]
    assert await _titles(client, owner, search, "   ") == sorted(CARDS)


async def test_any_query_gets_an_answer(client: httpx.AsyncClient) -> None:
    owner, search = await _board_of(client, {"Plain": ""})
    alphabet = string.punctuation + " \t" + "éß½²٣🔥\u0301" + "ab1"
    chooser = random.Random(20260101)
    for _ in range(200):
        q = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(1, 12)))
        await _titles(client, owner, search, q)
    for q in ["&", "|", "!", "(", ")", "<->", ":*", "''", "a & | b", "!(a)", "'a' b"]:
        await _titles(client, owner, search, q)
