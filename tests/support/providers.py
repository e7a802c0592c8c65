"""Stand-ins for AI providers: a real HTTP server on loopback that speaks OpenAI's chat
completions (`POST /v1/chat/completions`) and Anthropic's Messages (`POST /v1/messages`) wire
protocols, streaming Server-Sent Events. Each test scripts its answers in order (a refusal, then a
stream; a stream that stalls; bytes that are not SSE) and reads back the requests it received."""

import asyncio
import json
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from tests.support.live import serve

POLL_SECONDS = 0.02


@dataclass(frozen=True)
class Stream:
    """An SSE answer: `frames` (each a whole event, blank line included) sent `pace` seconds
    apart; with `stall_after`, that many frames are sent and then nothing, with the connection
    left open."""

    frames: Sequence[str]
    pace: float = 0.0
    stall_after: int | None = None
    media_type: str = "text/event-stream"


@dataclass(frozen=True)
class Refuse:
    status: int
    body: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


Answer = Stream | Refuse


@dataclass
class FakeProvider:
    url: str
    answers: list[Answer] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)  # {path, headers, body}

    def script(self, *answers: Answer) -> None:
        self.answers.extend(answers)

    async def requested(self, count: int = 1, seconds: float = 10.0) -> None:
        """Wait until `count` requests have arrived (the server runs in another thread)."""
        for _ in range(int(seconds / POLL_SECONDS)):
            if len(self.requests) >= count:
                return
            await asyncio.sleep(POLL_SECONDS)
        raise AssertionError(f"{len(self.requests)} of {count} requests in {seconds} s")

    @property
    def openai_base(self) -> str:
        return f"{self.url}/v1"


@contextmanager
def fake_provider() -> Iterator[FakeProvider]:
    provider = FakeProvider(url="")

    async def answer(request: Request) -> Response:
        body = json.loads(await request.body())
        provider.requests.append(
            {"path": request.url.path, "headers": dict(request.headers), "body": body}
        )
        if not provider.answers:
            return Response(status_code=500, content=b'{"error":{"message":"no answer scripted"}}')
        scripted = provider.answers.pop(0)
        if isinstance(scripted, Refuse):
            return Response(
                json.dumps(scripted.body), scripted.status, scripted.headers, "application/json"
            )
        return StreamingResponse(_frames(scripted), media_type=scripted.media_type)

    app = Starlette(
        routes=[
            Route("/v1/chat/completions", answer, methods=["POST"]),
            Route("/v1/messages", answer, methods=["POST"]),
        ]
    )
    with serve(app) as url:
        provider.url = url
        yield provider


async def _frames(stream: Stream) -> AsyncIterator[bytes]:
    for number, frame in enumerate(stream.frames):
        if stream.stall_after is not None and number >= stream.stall_after:
            await asyncio.sleep(3600)
        yield frame.encode()
        if stream.pace:
            await asyncio.sleep(stream.pace)


# -- canonical answers --------------------------------------------------------------------


@dataclass(frozen=True)
class Said:
    """What a scripted model answers: text in pieces, tool calls (id, name, arguments JSON in
    fragments), and the usage it reports."""

    text: Sequence[str] = ()
    tool_calls: Sequence[tuple[str, str, Sequence[str]]] = ()
    input_tokens: int = 12
    output_tokens: int = 34


def openai_frames(said: Said, *, usage: bool = True) -> list[str]:
    def chunk(choices: list[dict[str, Any]], **extra: Any) -> str:
        payload = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "choices": choices}
        return f"data: {json.dumps(payload | extra)}\n\n"

    frames = [chunk([{"index": 0, "delta": {"role": "assistant", "content": ""}}])]
    frames += [chunk([{"index": 0, "delta": {"content": piece}}]) for piece in said.text]
    for index, (call_id, name, fragments) in enumerate(said.tool_calls):
        start = {"index": index, "id": call_id, "type": "function", "function": {"name": name}}
        frames.append(chunk([{"index": 0, "delta": {"tool_calls": [start]}}]))
        for fragment in fragments:
            part = {"index": index, "function": {"arguments": fragment}}
            frames.append(chunk([{"index": 0, "delta": {"tool_calls": [part]}}]))
    finish = "tool_calls" if said.tool_calls else "stop"
    frames.append(chunk([{"index": 0, "delta": {}, "finish_reason": finish}]))
    if usage:
        reported = {"prompt_tokens": said.input_tokens, "completion_tokens": said.output_tokens}
        frames.append(chunk([], usage=reported))
    frames.append("data: [DONE]\n\n")
    return frames


def anthropic_frames(said: Said) -> list[str]:
    def event(kind: str, **payload: Any) -> str:
        return f"event: {kind}\ndata: {json.dumps({'type': kind} | payload)}\n\n"

    message = {"id": "msg_1", "type": "message", "role": "assistant", "content": []}
    usage = {"input_tokens": said.input_tokens, "output_tokens": 1}
    frames = [event("message_start", message=message | {"usage": usage}), event("ping")]
    index = 0
    if said.text:
        frames.append(
            event("content_block_start", index=index, content_block={"type": "text", "text": ""})
        )
        for piece in said.text:
            delta = {"type": "text_delta", "text": piece}
            frames.append(event("content_block_delta", index=index, delta=delta))
        frames.append(event("content_block_stop", index=index))
        index += 1
    for call_id, name, fragments in said.tool_calls:
        block = {"type": "tool_use", "id": call_id, "name": name, "input": {}}
        frames.append(event("content_block_start", index=index, content_block=block))
        for fragment in fragments:
            delta = {"type": "input_json_delta", "partial_json": fragment}
            frames.append(event("content_block_delta", index=index, delta=delta))
        frames.append(event("content_block_stop", index=index))
        index += 1
    stop = "tool_use" if said.tool_calls else "end_turn"
    frames.append(
        event(
            "message_delta",
            delta={"stop_reason": stop, "stop_sequence": None},
            usage={"output_tokens": said.output_tokens},
        )
    )
    frames.append(event("message_stop"))
    return frames
