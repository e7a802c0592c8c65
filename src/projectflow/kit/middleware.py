"""Pure ASGI middleware: request ids, the last word on unhandled errors, and the request body
size limit."""

import json
import logging
import re
import traceback
import uuid
from collections.abc import Iterator
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from projectflow.kit import request_context
from projectflow.kit.errors import error_body

logger = logging.getLogger(__name__)

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
# Where error messages quote values (a password hash, a token's hash, someone's text), masked
# in the log of an unhandled error: quoted literals (asyncpg's "invalid input for query argument
# $1: '...'"), PostgreSQL's DETAIL ("Key (email)=(...)", "Failing row contains (...)") and
# SQLAlchemy's parameter list (in case an engine does not hide it).
_VALUE_SHAPES = (
    (re.compile(r"^(\s*DETAIL:).*$", re.MULTILINE), r"\1 [hidden]"),
    (re.compile(r"^\[parameters: .*$", re.MULTILINE), "[parameters hidden]"),
    (re.compile(r"b?'(?:[^'\\\n]|\\.)*'"), "'[hidden]'"),
    (re.compile(r'b?"(?:[^"\\\n]|\\.)*"'), '"[hidden]"'),
)


class RequestIdMiddleware:
    """Takes a sane inbound `X-Request-ID` or makes one; echoes it and exposes it to logs/audit.

    An exception nothing else handled ends here: logged once, with the request id and without
    the values it quotes, and answered with a 500 in the one error shape. Letting it reach
    Starlette's ServerErrorMiddleware instead would answer without the request id (it runs
    outside this middleware) and re-raise to the server, which then drops the connection.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        inbound = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = inbound if _SAFE_REQUEST_ID.match(inbound) else uuid.uuid4().hex
        token = request_context.request_id.set(request_id)
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as error:
            if started:  # too late for another answer: the server ends the connection
                raise
            _log_unhandled(scope, request_id, error)
            await _send_json(send_with_id, 500, _internal_error(request_id))
        finally:
            request_context.request_id.reset(token)


def _internal_error(request_id: str) -> dict[str, Any]:
    return error_body(
        "internal_error",
        "Something went wrong on our side; nothing was changed. Try again.",
        {"request_id": request_id},
    )


def _log_unhandled(scope: Scope, request_id: str, error: Exception) -> None:
    logger.error(
        "unhandled error on %s %s (request %s)\n%s",
        scope["method"],
        scope["path"],
        request_id,
        "".join(_masked_traceback(error)),
    )


def _masked_traceback(error: BaseException) -> Iterator[str]:
    """The traceback as Python prints it (chained exceptions first), each message masked."""
    for item in traceback.TracebackException.from_exception(error).format():
        yield _mask_values(item) if not item.startswith("  ") else item


def _mask_values(text: str) -> str:
    for shape, replacement in _VALUE_SHAPES:
        text = shape.sub(replacement, text)
    return text


class BodyLimitMiddleware:
    """Refuses request bodies over `max_bytes` (`upload_max_bytes` on paths matching
    `upload_paths`: documents and imports) with 413.

    A declared Content-Length is checked up front. A body without one (chunked) is counted as it
    arrives: on upload paths, whose endpoints read the stream themselves, it streams on and the
    413 goes out when it crosses the limit; elsewhere (at most `max_bytes`) it is read here and
    replayed, because the framework turns errors raised while it reads a body into a generic 400.
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
        if self._is_upload(scope["path"]):
            await self._stream_counted(scope, receive, send, limit)
            return
        body = await _read_limited(receive, limit)
        if body is None:
            await _refuse(send, limit)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _stream_counted(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Pass the body on as it arrives; a 413 once it crosses `limit` (an upload is never
        held whole in memory here)."""
        started = False
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _BodyTooLarge
            return message

        async def send_tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, send_tracked)
        except _BodyTooLarge:
            if started:
                raise
            await _refuse(send, limit)

    def _is_upload(self, path: str) -> bool:
        return self.upload_paths is not None and bool(self.upload_paths.match(path))

    def _limit_for(self, path: str) -> int:
        return self.upload_max_bytes if self._is_upload(path) else self.max_bytes


class _BodyTooLarge(Exception):
    """Raised from `receive` when a streamed body crosses its limit."""


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
    await _send_json(send, 413, body)


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
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
