"""Dependencies for the app's long-lived objects, created in the lifespan (see app.py)."""

from typing import Annotated

from fastapi import Depends, Request
from nats.aio.client import Client as NatsClient

from projectflow.config import Settings


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_nats(request: Request) -> NatsClient:
    client: NatsClient = request.app.state.nats
    return client


SettingsDep = Annotated[Settings, Depends(get_settings)]
NatsDep = Annotated[NatsClient, Depends(get_nats)]
