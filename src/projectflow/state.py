"""Dependencies for the app's long-lived objects, created in the lifespan (see app.py)."""

from typing import Annotated

from fastapi import Depends, Request
from nats.aio.client import Client as NatsClient

from projectflow.collab.cache import DocumentCache
from projectflow.config import Settings


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_nats(request: Request) -> NatsClient:
    client: NatsClient = request.app.state.nats
    return client


SettingsDep = Annotated[Settings, Depends(get_settings)]
NatsDep = Annotated[NatsClient, Depends(get_nats)]


def get_doc_cache(request: Request) -> DocumentCache:
    cache: DocumentCache = request.app.state.doc_cache
    return cache


DocCacheDep = Annotated[DocumentCache, Depends(get_doc_cache)]
