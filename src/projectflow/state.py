"""Dependencies for the app's long-lived objects, created in the lifespan (see app.py)."""

from typing import Annotated

from fastapi import Depends, Request
from nats.aio.client import Client as NatsClient
from nats.js import JetStreamContext

from projectflow.auth.passwords import Passwords
from projectflow.auth.throttle import AnonymousLimits
from projectflow.collab.cache import DocumentCache
from projectflow.config import Settings
from projectflow.kit.client_address import client_address
from projectflow.kit.cpu import CpuPool
from projectflow.kit.sealing import SecretBox
from projectflow.messaging.names import Names


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_nats(request: Request) -> NatsClient:
    client: NatsClient = request.app.state.nats
    return client


def get_jetstream(request: Request) -> JetStreamContext:
    js: JetStreamContext = request.app.state.js
    return js


def get_names(request: Request) -> Names:
    names: Names = request.app.state.names
    return names


SettingsDep = Annotated[Settings, Depends(get_settings)]
NatsDep = Annotated[NatsClient, Depends(get_nats)]
JetStreamDep = Annotated[JetStreamContext, Depends(get_jetstream)]
NamesDep = Annotated[Names, Depends(get_names)]


def get_doc_cache(request: Request) -> DocumentCache:
    cache: DocumentCache = request.app.state.doc_cache
    return cache


DocCacheDep = Annotated[DocumentCache, Depends(get_doc_cache)]


def get_cpu(request: Request) -> CpuPool:
    cpu: CpuPool = request.app.state.cpu
    return cpu


def get_passwords(request: Request) -> Passwords:
    passwords: Passwords = request.app.state.passwords
    return passwords


def get_anonymous_limits(request: Request) -> AnonymousLimits:
    limits: AnonymousLimits = request.app.state.anonymous_limits
    return limits


def get_client_address(request: Request) -> str:
    """The caller's address, through trusted proxies only (see kit/client_address.py)."""
    peer = request.client.host if request.client else None
    forwarded = request.headers.get("x-forwarded-for")
    return client_address(peer, forwarded, request.app.state.trusted_proxies)


CpuDep = Annotated[CpuPool, Depends(get_cpu)]
PasswordsDep = Annotated[Passwords, Depends(get_passwords)]
AnonymousLimitsDep = Annotated[AnonymousLimits, Depends(get_anonymous_limits)]
ClientAddressDep = Annotated[str, Depends(get_client_address)]


def load_secret_box(settings: Settings) -> SecretBox:
    """The box that seals secrets at rest: `PROJECTFLOW_SECRET_KEY`, else the data dir's key."""
    if settings.secret_key is not None:
        return SecretBox.from_text(settings.secret_key.get_secret_value())
    return SecretBox.from_data_dir(settings.data_dir)


def get_secret_box(request: Request) -> SecretBox:
    box: SecretBox = request.app.state.secret_box
    return box


SecretBoxDep = Annotated[SecretBox, Depends(get_secret_box)]
