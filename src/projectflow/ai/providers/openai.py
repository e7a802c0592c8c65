"""OpenAI-compatible chat completions (OpenAI, vLLM, Ollama, llama.cpp server, LM Studio):
`POST {base_url}/chat/completions` with `stream: true`; the answer is Server-Sent Events of
`chat.completion.chunk` objects ending with `data: [DONE]`, tool calls arriving as fragments
keyed by index, and usage in a last chunk (`stream_options.include_usage`)."""

import json
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

NAME = "The OpenAI-compatible provider"
# Error types in a stream worth a later retry.
_TRANSIENT = frozenset({"server_error", "rate_limit_exceeded", "overloaded"})


@dataclass(frozen=True)
class OpenAIProvider:
    transport: Transport
    base_url: str  # e.g. https://api.openai.com/v1 or http://localhost:11434/v1
    api_key: str = ""

    async def stream(self, request: ChatRequest) -> AsyncGenerator[StreamEvent, None]:
        call = Call(
            NAME,
            self.base_url.rstrip("/") + "/chat/completions",
            {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {},
            request_body(request),
            self.api_key,
        )
        async with open_stream(self.transport, call) as response:
            async for event in _read(sse_events(response, NAME), self.api_key):
                yield event


def request_body(request: ChatRequest) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": request.model,
        "messages": [{"role": "system", "content": request.system}]
        + [_message(message) for message in request.messages],
        "max_tokens": request.max_tokens,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    if request.tools:
        body["tools"] = [
            {
                "type": "function",
                "function": {
                    "name": tool.name,
                    "description": tool.description,
                    "parameters": tool.parameters,
                },
            }
            for tool in request.tools
        ]
    return body


def _message(message: Message) -> dict[str, Any]:
    if message.role == "tool":
        return {"role": "tool", "tool_call_id": message.tool_call_id, "content": message.content}
    out: dict[str, Any] = {"role": message.role, "content": message.content or None}
    if message.tool_calls:
        out["tool_calls"] = [
            {
                "id": call.id,
                "type": "function",
                "function": {"name": call.name, "arguments": json.dumps(call.arguments)},
            }
            for call in message.tool_calls
        ]
    return out


async def _read(events: AsyncIterator[Any], secret: str) -> AsyncIterator[StreamEvent]:
    calls: dict[int, PartialToolCall] = {}
    finish: str | None = None
    usage = Usage()
    async for event in events:
        if event.data.strip() == "[DONE]":
            break
        chunk = parse_json(event.data, NAME)
        if isinstance(chunk.get("error"), dict):
            raise stream_error(NAME, chunk["error"], _TRANSIENT, secret)
        if isinstance(reported := chunk.get("usage"), dict):
            usage = Usage(
                int(reported.get("prompt_tokens") or 0), int(reported.get("completion_tokens") or 0)
            )
        for choice in chunk.get("choices") or []:
            delta = choice.get("delta") or {}
            if text := delta.get("content"):
                yield TextDelta(str(text))
            for fragment in delta.get("tool_calls") or []:
                _merge(calls, fragment)
            finish = choice.get("finish_reason") or finish
    if finish is None:
        raise MalformedStream(f"{NAME} ended the answer before finishing it.")
    for index in sorted(calls):
        yield ToolCallDone(calls[index].finish(NAME))
    yield Finished(_stop_reason(finish, bool(calls)), usage)


def _merge(calls: dict[int, PartialToolCall], fragment: dict[str, Any]) -> None:
    partial = calls.setdefault(int(fragment.get("index") or 0), PartialToolCall())
    if fragment.get("id"):
        partial.id = str(fragment["id"])
    function = fragment.get("function") or {}
    if function.get("name"):
        partial.name += str(function["name"])
    if function.get("arguments"):
        partial.arguments.append(str(function["arguments"]))


def _stop_reason(finish: str, called: bool) -> StopReason:
    if called or finish in ("tool_calls", "function_call"):
        return "tool_calls"
    return "max_tokens" if finish == "length" else "end"
