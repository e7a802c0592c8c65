"""Anthropic Messages: `POST {base_url}/v1/messages` with `stream: true`; the answer is
Server-Sent Events — message_start (input tokens), content_block_start / _delta / _stop for text
and tool_use blocks (tool input as partial JSON), message_delta (stop reason, output tokens),
message_stop; `ping` keeps the stream alive and `error` ends it."""

from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass
from typing import Any

from projectflow.ai.providers.base import (
    ChatRequest,
    Finished,
    MalformedStream,
    Message,
    StopReason,
    StreamEvent,
    TextDelta,
    ToolCallDone,
    Usage,
)
from projectflow.ai.providers.transport import (
    Call,
    PartialToolCall,
    Transport,
    open_stream,
    parse_json,
    sse_events,
    stream_error,
)

NAME = "Anthropic"
VERSION = "2023-06-01"
# Error types in a stream worth a later retry.
_TRANSIENT = frozenset({"overloaded_error", "api_error", "rate_limit_error"})


@dataclass(frozen=True)
class AnthropicProvider:
    transport: Transport
    base_url: str  # e.g. https://api.anthropic.com
    api_key: str = ""

    async def stream(self, request: ChatRequest) -> AsyncGenerator[StreamEvent, None]:
        call = Call(
            NAME,
            self.base_url.rstrip("/") + "/v1/messages",
            {"x-api-key": self.api_key, "anthropic-version": VERSION},
            request_body(request),
            self.api_key,
        )
        async with open_stream(self.transport, call) as response:
            async for event in _read(sse_events(response, NAME), self.api_key):
                yield event


def request_body(request: ChatRequest) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": request.model,
        "max_tokens": request.max_tokens,
        "system": request.system,
        "messages": _messages(request.messages),
        "stream": True,
    }
    if request.tools:
        body["tools"] = [
            {"name": tool.name, "description": tool.description, "input_schema": tool.parameters}
            for tool in request.tools
        ]
    return body


def _messages(messages: tuple[Message, ...]) -> list[dict[str, Any]]:
    """Anthropic alternates user and assistant turns: tool results are user turns, and
    consecutive ones go together."""
    out: list[dict[str, Any]] = []
    for message in messages:
        if message.role == "tool":
            result = {
                "type": "tool_result",
                "tool_use_id": message.tool_call_id,
                "content": message.content,
            }
            if out and out[-1]["role"] == "user" and isinstance(out[-1]["content"], list):
                out[-1]["content"].append(result)
            else:
                out.append({"role": "user", "content": [result]})
        elif message.role == "assistant":
            blocks: list[dict[str, Any]] = []
            if message.content:
                blocks.append({"type": "text", "text": message.content})
            blocks += [
                {"type": "tool_use", "id": c.id, "name": c.name, "input": c.arguments}
                for c in message.tool_calls
            ]
            out.append({"role": "assistant", "content": blocks})
        else:
            out.append({"role": "user", "content": message.content})
    return out


async def _read(events: AsyncIterator[Any], secret: str) -> AsyncIterator[StreamEvent]:
    # Content blocks by index: a tool call being assembled, or None for a text block.
    blocks: dict[int, PartialToolCall | None] = {}
    input_tokens = output_tokens = 0
    stop: str | None = None
    async for event in events:
        payload = parse_json(event.data, NAME)
        kind = payload.get("type") or event.event
        if kind == "message_start":
            usage = (payload.get("message") or {}).get("usage") or {}
            input_tokens = int(usage.get("input_tokens") or 0)
            output_tokens = int(usage.get("output_tokens") or 0)
        elif kind == "content_block_start":
            block = payload.get("content_block") or {}
            blocks[_index(payload)] = (
                PartialToolCall(str(block.get("id") or ""), str(block.get("name") or ""))
                if block.get("type") == "tool_use"
                else None
            )
        elif kind == "content_block_delta":
            if (text := _delta(blocks, payload)) is not None:
                yield TextDelta(text)
        elif kind == "content_block_stop":
            if (call := _block(blocks, payload)) is not None:
                yield ToolCallDone(call.finish(NAME))
        elif kind == "message_delta":
            stop = (payload.get("delta") or {}).get("stop_reason") or stop
            output_tokens = int((payload.get("usage") or {}).get("output_tokens") or output_tokens)
        elif kind == "message_stop":
            yield Finished(_stop_reason(stop), Usage(input_tokens, output_tokens))
            return
        elif kind == "error":
            raise stream_error(NAME, payload.get("error") or {}, _TRANSIENT, secret)
    raise MalformedStream(f"{NAME} ended the answer before finishing it.")


def _index(payload: dict[str, Any]) -> int:
    index = payload.get("index")
    if not isinstance(index, int):
        raise MalformedStream(f"{NAME} sent a content block without an index.")
    return index


def _block(
    blocks: dict[int, PartialToolCall | None], payload: dict[str, Any]
) -> PartialToolCall | None:
    index = _index(payload)
    if index not in blocks:
        raise MalformedStream(f"{NAME} sent a delta for a content block it never started.")
    return blocks[index]


def _delta(blocks: dict[int, PartialToolCall | None], payload: dict[str, Any]) -> str | None:
    """The text a delta adds, or None (a tool's partial JSON is kept with its call)."""
    call = _block(blocks, payload)
    delta = payload.get("delta") or {}
    if delta.get("type") == "text_delta":
        return str(delta.get("text") or "")
    if delta.get("type") == "input_json_delta" and call is not None:
        call.arguments.append(str(delta.get("partial_json") or ""))
    return None


def _stop_reason(stop: str | None) -> StopReason:
    if stop == "tool_use":
        return "tool_calls"
    return "max_tokens" if stop == "max_tokens" else "end"
