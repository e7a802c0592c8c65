"""What every provider takes and gives: a conversation with tools in, a stream of text deltas,
finished tool calls and one final event with the provider's reported usage out."""

from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class Message:
    """One turn. An assistant turn may carry tool calls; a `tool` turn answers one of them."""

    role: Literal["user", "assistant", "tool"]
    content: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    parameters: dict[str, Any]  # a JSON schema of the arguments object


@dataclass(frozen=True)
class ChatRequest:
    model: str
    system: str
    messages: tuple[Message, ...]
    tools: tuple[ToolSpec, ...] = ()
    max_tokens: int = 1024


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0


@dataclass(frozen=True)
class TextDelta:
    text: str


@dataclass(frozen=True)
class ToolCallDone:
    call: ToolCall


StopReason = Literal["end", "tool_calls", "max_tokens"]


@dataclass(frozen=True)
class Finished:
    """The last event of a stream: why the model stopped (`end`, `tool_calls`, `max_tokens`)
    and what the provider reported it used."""

    stop_reason: StopReason
    usage: Usage = field(default_factory=Usage)


StreamEvent = TextDelta | ToolCallDone | Finished


class Provider(Protocol):
    def stream(self, request: ChatRequest) -> AsyncGenerator[StreamEvent, None]:
        """The model's answer as it comes; ends with exactly one `Finished`, or raises a
        `ProviderError`."""
        ...


class ProviderError(Exception):
    """Why a provider call failed, in words a person can act on; `retryable` says whether
    trying again later may help."""

    retryable = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ProviderRejected(ProviderError):
    """The provider refused the request (bad key, no access, unknown model, bad request)."""


class ProviderUnavailable(ProviderError):
    """Overloaded, rate-limited or down after every retry, or it could not be reached."""

    retryable = True


class ProviderTimeout(ProviderError):
    """No connection in time, or the stream stalled between tokens."""

    retryable = True


class MalformedStream(ProviderError):
    """The answer did not follow the protocol (not SSE, not JSON, events out of order)."""
