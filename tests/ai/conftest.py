"""Fixtures of the AI tests: the API on a live server (Server-Sent Events need one) and a
stand-in provider on loopback."""

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from projectflow.config import Settings
from tests.support.live import live_server
from tests.support.providers import FakeProvider, fake_provider


@pytest.fixture
async def http(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    with live_server(settings) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            yield client


@pytest.fixture
def provider() -> Iterator[FakeProvider]:
    with fake_provider() as fake:
        yield fake
