"""Shared by the live collaboration tests: a real server, real Yjs clients, a team."""

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from projectflow.config import Settings
from tests.support.live import live_server
from tests.support.yjs_clients import YjsClients, yjs_clients


@pytest.fixture
def api_url(settings: Settings) -> Iterator[str]:
    with live_server(settings) as url:
        yield url


@pytest.fixture
async def http(api_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        yield client


@pytest.fixture
async def clients(api_url: str) -> AsyncIterator[YjsClients]:
    async with yjs_clients(api_url) as clients:
        yield clients
