"""`create_app(settings)`: the API, with its engine and NATS client owned by the lifespan."""

import contextlib
import gc
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from projectflow import __version__
from projectflow.ai.budgets.endpoints import router as ai_budgets_router
from projectflow.ai.runs.endpoints import router as ai_runs_router
from projectflow.ai.settings.endpoints import router as ai_settings_router
from projectflow.audit.endpoints import router as audit_router
from projectflow.auth.endpoints import router as auth_router
from projectflow.auth.passwords import Passwords
from projectflow.auth.throttle import AnonymousLimits
from projectflow.boards.endpoints import router as boards_router
from projectflow.cards.endpoints import router as cards_router
from projectflow.checklists.endpoints import router as checklists_router
from projectflow.collab.cache import DocumentCache
from projectflow.collab.endpoints import router as collab_router
from projectflow.collab.rooms import CollabHub
from projectflow.columns.endpoints import router as columns_router
from projectflow.comments.endpoints import router as comments_router
from projectflow.config import Settings
from projectflow.db.engine import create_engine, create_sessionmaker
from projectflow.health.endpoints import SharedCheck
from projectflow.health.endpoints import router as health_router
from projectflow.invitations.endpoints import router as invitations_router
from projectflow.jobs.endpoints import router as jobs_router
from projectflow.jobs.kinds import load_kinds
from projectflow.kit.client_address import parse_networks
from projectflow.kit.cpu import CpuPool
from projectflow.kit.error_handlers import install_error_handlers
from projectflow.kit.middleware import BodyLimitMiddleware, RequestIdMiddleware
from projectflow.kit.openapi import install_error_responses
from projectflow.labels.endpoints import router as labels_router
from projectflow.members.endpoints import router as members_router
from projectflow.messaging.connection import disconnect_nats
from projectflow.messaging.names import Names
from projectflow.messaging.relay import OutboxRelay
from projectflow.messaging.streams import connect_with_streams, queue_settings
from projectflow.observability.metrics import router as metrics_router
from projectflow.projects.endpoints import router as projects_router
from projectflow.realtime.endpoints import router as realtime_router
from projectflow.realtime.publisher import EventPublisher, session_info
from projectflow.state import load_secret_box
from projectflow.transfers.endpoints import router as transfers_router
from projectflow.web.docs import docs_router
from projectflow.web.headers import SecurityHeadersMiddleware
from projectflow.web.spa import SpaMiddleware, web_build

# Whole documents and board files may be larger than ordinary JSON bodies.
UPLOAD_PATHS = re.compile(r"^/api/(boards/[^/]+/doc|projects/[^/]+/import/[^/]+)$")

ROUTERS = (
    health_router,
    ai_settings_router,
    ai_budgets_router,
    ai_runs_router,
    auth_router,
    projects_router,
    members_router,
    invitations_router,
    audit_router,
    boards_router,
    columns_router,
    cards_router,
    checklists_router,
    comments_router,
    labels_router,
    transfers_router,
    jobs_router,
    realtime_router,
    collab_router,
    metrics_router,
)


def create_app(settings: Settings) -> FastAPI:
    if not settings.database_url or not settings.nats_url:
        raise RuntimeError(
            "PROJECTFLOW_DATABASE_URL and PROJECTFLOW_NATS_URL must be set "
            "(or use `projectflow up`, which starts embedded services)"
        )

    trusted_proxies = parse_networks(settings.trusted_proxies)  # a bad entry fails here

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        assert settings.database_url
        assert settings.nats_url
        engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
        names = Names(settings.nats_namespace)
        nats_client = await connect_with_streams(settings.nats_url, names, queue_settings(settings))
        js = nats_client.jetstream()
        events = EventPublisher(nats_client)
        sessionmaker = create_sessionmaker(engine, info=session_info(events, names))
        app.state.settings = settings
        app.state.engine = engine
        app.state.sessionmaker = sessionmaker
        app.state.nats = nats_client
        app.state.js = js
        app.state.names = names
        app.state.events = events
        # Loaded once: a bad PROJECTFLOW_JOB_MODULES fails the start, not every /metrics.
        app.state.job_kinds = sorted(load_kinds(settings.job_modules))
        app.state.doc_cache = DocumentCache(settings.doc_cache_size)
        app.state.passwords = Passwords(settings.password_hash_concurrency)
        app.state.anonymous_limits = AnonymousLimits.from_settings(settings)
        app.state.trusted_proxies = trusted_proxies
        app.state.cpu = CpuPool(settings.cpu_workers)
        app.state.secret_box = load_secret_box(settings)
        app.state.health_check = SharedCheck()
        relay = OutboxRelay(sessionmaker, settings.database_url, js, names)
        collab = app.state.collab = CollabHub(
            nats_client, names, sessionmaker, app.state.doc_cache, app.state.cpu, settings
        )
        # What start-up made lives as long as the process: out of the collector's way, a full
        # collection pauses for well under a millisecond instead of 70-90 ms (bench/jobs.py).
        gc.freeze()
        try:
            async with events, collab, relay if settings.job_relay else contextlib.nullcontext():
                yield
        finally:
            await app.state.cpu.close()
            await disconnect_nats(nats_client)
            await engine.dispose()

    app = FastAPI(
        title="ProjectFlow AI",
        version=__version__,
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        # Our own /api/docs (docs_router): FastAPI's loads Swagger UI from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    install_error_handlers(app)
    install_error_responses(app)
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        upload_max_bytes=settings.max_upload_bytes,
        upload_paths=UPLOAD_PATHS,
    )
    if build := web_build(settings.web_dir):
        app.add_middleware(SpaMiddleware, build_dir=build)
    # Outside everything but the security headers: an error anywhere inside becomes our 500
    # (with the request id), and that 500 still gets the headers.
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(docs_router(app.title, "/api/openapi.json"))
    return app
