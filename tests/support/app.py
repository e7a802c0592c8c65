"""The API in-process over ASGI, for tests that need more than the default `client`."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from asgi_lifespan import LifespanManager
from starlette.types import ASGIApp

from projectflow.app import create_app
from projectflow.config import Settings


@asynccontextmanager
async def api_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of a fresh app (its own pools and document cache: like another process)."""
    async with running_app(settings) as app, client_of(app) as client:
        yield client


@asynccontextmanager
async def running_app(settings: Settings) -> AsyncIterator[ASGIApp]:
    """A fresh app with its lifespan started, for several clients to share."""
    async with LifespanManager(create_app(settings)) as manager:
        yield manager.app


@asynccontextmanager
async def client_of(app: ASGIApp, address: str = "127.0.0.1") -> AsyncIterator[httpx.AsyncClient]:
    """A client whose requests come from `address` (the peer the app sees)."""
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client
