"""Pure ASGI middleware: request ids and the request body size limit."""

import json
import re
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from projectflow.kit import request_context
from projectflow.kit.errors import error_body

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class RequestIdMiddleware:
    """Takes a sane inbound `X-Request-ID` or makes one; echoes it and exposes it to logs/audit."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        inbound = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = inbound if _SAFE_REQUEST_ID.match(inbound) else uuid.uuid4().hex
        token = request_context.request_id.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_context.request_id.reset(token)


class BodyLimitMiddleware:
    """Refuses request bodies over `max_bytes` (`upload_max_bytes` on paths matching
    `upload_paths`: documents and imports) with 413.

    A declared Content-Length is checked up front; a body without one (chunked) is read here up
    to the limit and replayed, because the framework turns errors raised while it reads a body
    into a generic 400.
    """

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        upload_max_bytes: int | None = None,
        upload_paths: re.Pattern[str] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_max_bytes = upload_max_bytes or max_bytes
        self.upload_paths = upload_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if declared.isdigit() and int(declared) > limit:
                await _refuse(send, limit)
                return
            await self.app(scope, receive, send)
            return
        body = await _read_limited(receive, limit)
        if body is None:
            await _refuse(send, limit)
            return
        await self.app(scope, _replay(body, receive), send)

    def _limit_for(self, path: str) -> int:
        if self.upload_paths is not None and self.upload_paths.match(path):
            return self.upload_max_bytes
        return self.max_bytes


async def _read_limited(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _refuse(send: Send, limit: int) -> None:
    body = error_body(
        "payload_too_large",
        f"The request body is larger than the {limit}-byte limit.",
        {"max_bytes": limit},
    )
    payload = json.dumps(body).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()  # after the body: wait for the disconnect as usual
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
