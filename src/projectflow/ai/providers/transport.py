"""HTTP for providers: a streamed POST retried with backoff while the provider is busy, the
provider's refusals in words a person can act on, and the Server-Sent Events of the answer with a
limit on the silence between them."""

import asyncio
import json
import random
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from projectflow.ai.providers.base import (
    MalformedStream,
    ProviderError,
    ProviderRejected,
    ProviderTimeout,
    ProviderUnavailable,
    ToolCall,
)

# Statuses worth another try: the provider is busy or briefly down.
_RETRYABLE = {408, 409, 429, 500, 502, 503, 504, 529}
# Anything shaped like a provider key, in case a provider echoes part of one in an error.
_KEYLIKE = re.compile(r"\b(?:sk|pk|key|api)[-_][A-Za-z0-9_*.\-]{6,}", re.IGNORECASE)


@dataclass(frozen=True)
class Transport:
    """How patient to be with a provider."""

    client: httpx.AsyncClient
    connect_seconds: float = 10.0
    idle_seconds: float = 60.0  # the longest silence allowed between two events of a stream
    attempts: int = 4
    backoff_seconds: float = 0.5  # the first retry's wait; doubling, ±50 % jitter
    max_wait_seconds: float = 30.0  # a longer Retry-After ends the call instead

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.idle_seconds, connect=self.connect_seconds)

    def backoff(self, attempt: int) -> float:
        base = min(self.backoff_seconds * 2 ** (attempt - 1), self.max_wait_seconds)
        return float(base * random.uniform(0.5, 1.5))  # noqa: S311 (jitter, not a secret)


@dataclass(frozen=True)
class Call:
    """One provider call: where, with which headers and body, and what to keep out of errors."""

    provider: str  # for messages: "OpenAI-compatible", "Anthropic"
    url: str
    headers: dict[str, str]
    body: dict[str, Any]
    secret: str = ""


@asynccontextmanager
async def open_stream(transport: Transport, call: Call) -> AsyncIterator[httpx.Response]:
    """The provider's streamed answer, once it accepted the request (retrying while it is busy
    or unreachable, honouring `Retry-After`)."""
    for attempt in range(1, transport.attempts + 1):
        response, refused, wait = await _attempt(transport, call)
        if response is not None:
            try:
                yield response
            finally:
                await response.aclose()
            return
        assert refused is not None
        if not refused.retryable or attempt == transport.attempts:
            raise refused
        delay = transport.backoff(attempt) if wait is None else wait
        if delay > transport.max_wait_seconds:
            raise ProviderUnavailable(
                f"{refused.message} It asks to wait {delay:.0f} s; try later."
            )
        await asyncio.sleep(delay)
    raise AssertionError("unreachable")


async def _attempt(
    transport: Transport, call: Call
) -> tuple[httpx.Response | None, ProviderError | None, float | None]:
    request = transport.client.build_request(
        "POST", call.url, headers=call.headers, json=call.body, timeout=transport.timeout()
    )
    try:
        response = await transport.client.send(request, stream=True)
    except httpx.TimeoutException:
        return None, ProviderTimeout(f"{call.provider} did not answer in time."), None
    except httpx.TransportError as error:
        reason = type(error).__name__
        return None, ProviderUnavailable(f"{call.provider} could not be reached ({reason})."), None
    if response.status_code < 400:
        return response, None, None
    try:
        body = await response.aread()
    finally:
        await response.aclose()
    refused = refusal(call, response.status_code, body)
    return None, refused, retry_after(response.headers.get("retry-after"))


def refusal(call: Call, status: int, body: bytes) -> ProviderError:
    """A provider's error status as an error a person can act on."""
    said = redact(_error_message(body), call.secret)
    detail = f": {said}" if said else ""
    if status == 401:
        return ProviderRejected(
            f"{call.provider} refused the API key (401){detail}. "
            "Check the key in the project's AI settings."
        )
    if status == 403:
        return ProviderRejected(f"{call.provider} says the API key may not use this (403){detail}.")
    if status == 404:
        return ProviderRejected(
            f"{call.provider} does not know this model or endpoint (404){detail}. "
            "Check the model name and base URL in the project's AI settings."
        )
    if status in _RETRYABLE:
        return ProviderUnavailable(f"{call.provider} is busy or down ({status}){detail}.")
    return ProviderRejected(f"{call.provider} refused the request ({status}){detail}.")


def _error_message(body: bytes) -> str:
    """`error.message` of an OpenAI or Anthropic error body, else its first line of text."""
    try:
        decoded = json.loads(body)
    except ValueError:
        return body.decode(errors="replace").strip().splitlines()[0][:300] if body.strip() else ""
    error = decoded.get("error") if isinstance(decoded, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    return str(message)[:300] if message else ""


def redact(text: str, secret: str) -> str:
    """`text` without the key, or anything shaped like one."""
    if secret:
        text = text.replace(secret, "[key]")
    return _KEYLIKE.sub("[key]", text)


def retry_after(value: str | None) -> float | None:
    """`Retry-After` in seconds (it may be a number or an HTTP date), else None."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


@dataclass(frozen=True)
class SseEvent:
    event: str  # "message" unless the stream named it
    data: str


async def sse_events(response: httpx.Response, provider: str) -> AsyncIterator[SseEvent]:
    """The stream's events; a stalled stream (no bytes for the transport's idle time) or a
    dropped connection ends it with a `ProviderError`."""
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    if media_type != "text/event-stream":
        raise MalformedStream(
            f"{provider} answered {media_type or 'nothing'}, not an event stream."
        )
    event, data = "", list[str]()
    try:
        async for line in response.aiter_lines():
            if not line:
                if data:
                    yield SseEvent(event or "message", "\n".join(data))
                event, data = "", []
            elif line.startswith(":"):
                continue  # a comment (keep-alive)
            else:
                name, _, value = line.partition(":")
                value = value.removeprefix(" ")
                if name == "event":
                    event = value
                elif name == "data":
                    data.append(value)
    except httpx.ReadTimeout:
        raise ProviderTimeout(f"{provider} stopped sending mid-answer.") from None
    except httpx.TransportError as error:
        reason = type(error).__name__
        raise ProviderUnavailable(f"{provider} dropped the answer mid-way ({reason}).") from None
    if data:
        yield SseEvent(event or "message", "\n".join(data))


def parse_json(data: str, provider: str) -> dict[str, Any]:
    try:
        decoded = json.loads(data)
    except ValueError:
        raise MalformedStream(f"{provider} sent an event that is not JSON.") from None
    if not isinstance(decoded, dict):
        raise MalformedStream(f"{provider} sent an event that is not a JSON object.")
    return decoded


@dataclass
class PartialToolCall:
    """A tool call as its fragments arrive: id and name first, the arguments as JSON pieces."""

    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)

    def finish(self, provider: str) -> ToolCall:
        text = "".join(self.arguments).strip() or "{}"
        try:
            arguments = json.loads(text)
        except ValueError:
            raise MalformedStream(f"{provider} sent tool arguments that are not JSON.") from None
        if not isinstance(arguments, dict) or not self.name:
            raise MalformedStream(
                f"{provider} sent a tool call without a name or arguments object."
            )
        return ToolCall(self.id or self.name, self.name, arguments)


def stream_error(
    provider: str, error: dict[str, Any], transient: frozenset[str], secret: str
) -> ProviderError:
    """An error event in the middle of an answer: retryable when its type is `transient`."""
    message = redact(str(error.get("message") or "an error"), secret)
    if str(error.get("type") or "") in transient:
        return ProviderUnavailable(f"{provider} failed mid-answer: {message}")
    return ProviderRejected(f"{provider} stopped the answer: {message}")
