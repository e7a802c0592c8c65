"""Both providers against a local HTTP server speaking their real wire protocols: streaming,
tool calls, usage, refusals, retries, malformed and stalled streams."""

import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from projectflow.ai.providers import anthropic, openai
from projectflow.ai.providers.base import (
    ChatRequest,
    Finished,
    MalformedStream,
    Message,
    Provider,
    ProviderError,
    ProviderRejected,
    ProviderTimeout,
    ProviderUnavailable,
    StreamEvent,
    TextDelta,
    ToolCall,
    ToolCallDone,
    ToolSpec,
    Usage,
)
from projectflow.ai.providers.transport import Transport, retry_after
from tests.support.providers import (
    FakeProvider,
    Refuse,
    Said,
    Stream,
    anthropic_frames,
    fake_provider,
    openai_frames,
)

KEY = "sk-test-0123456789abcdef"
TOOL = ToolSpec(
    "create_card",
    "Create a card",
    {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]},
)
REQUEST = ChatRequest(
    model="test-model",
    system="You help with a Kanban board.",
    messages=(Message("user", "Break this card down."),),
    tools=(TOOL,),
    max_tokens=200,
)
SAID = Said(
    text=("Here ", "is a plan."),
    tool_calls=(("call_1", "create_card", ('{"ti', 'tle": "Write', ' tests"}')),),
    input_tokens=21,
    output_tokens=55,
)

Frames = Callable[[Said], list[str]]
Make = Callable[[FakeProvider, Transport], Provider]


def _openai(server: FakeProvider, transport: Transport) -> Provider:
    return openai.OpenAIProvider(transport, server.openai_base, KEY)


def _anthropic(server: FakeProvider, transport: Transport) -> Provider:
    return anthropic.AnthropicProvider(transport, server.url, KEY)


PROTOCOLS = pytest.mark.parametrize(
    ("make", "frames"),
    [(_openai, openai_frames), (_anthropic, anthropic_frames)],
    ids=["openai", "anthropic"],
)


@pytest.fixture
def server() -> Iterator[FakeProvider]:
    with fake_provider() as provider:
        yield provider


@pytest.fixture
async def transport() -> AsyncIterator[Transport]:
    async with httpx.AsyncClient() as client:
        yield Transport(client, idle_seconds=0.5, attempts=3, backoff_seconds=0.01)


async def _collect(provider: Provider, request: ChatRequest = REQUEST) -> list[StreamEvent]:
    return [event async for event in provider.stream(request)]


@PROTOCOLS
async def test_text_tool_calls_and_usage_stream_in_order(
    server: FakeProvider, transport: Transport, make: Make, frames: Frames
) -> None:
    server.script(Stream(frames(SAID)))
    events = await _collect(make(server, transport))
    assert events == [
        TextDelta("Here "),
        TextDelta("is a plan."),
        ToolCallDone(ToolCall("call_1", "create_card", {"title": "Write tests"})),
        Finished("tool_calls", Usage(21, 55)),
    ]
    assert len(server.requests) == 1


async def test_openai_request_is_a_streamed_chat_completion(
    server: FakeProvider, transport: Transport
) -> None:
    server.script(Stream(openai_frames(Said(text=("ok",)))))
    await _collect(_openai(server, transport))
    sent = server.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["headers"]["authorization"] == f"Bearer {KEY}"
    body = sent["body"]
    assert body["model"] == "test-model"
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    assert body["messages"][0] == {"role": "system", "content": "You help with a Kanban board."}
    assert body["tools"][0]["function"]["name"] == "create_card"


async def test_anthropic_request_is_a_streamed_message(
    server: FakeProvider, transport: Transport
) -> None:
    server.script(Stream(anthropic_frames(Said(text=("ok",)))))
    await _collect(_anthropic(server, transport))
    sent = server.requests[0]
    assert sent["path"] == "/v1/messages"
    assert sent["headers"]["x-api-key"] == KEY
    assert sent["headers"]["anthropic-version"] == anthropic.VERSION
    assert sent["body"]["system"] == "You help with a Kanban board."
    assert sent["body"]["tools"][0]["input_schema"]["required"] == ["title"]


def test_anthropic_tool_results_are_user_turns_that_alternate() -> None:
    call = ToolCall("call_1", "create_card", {"title": "A"})
    messages = (
        Message("user", "Go"),
        Message("assistant", "Creating", tool_calls=(call, ToolCall("call_2", "x", {}))),
        Message("tool", "created", tool_call_id="call_1"),
        Message("tool", "done", tool_call_id="call_2"),
    )
    body = anthropic.request_body(ChatRequest("m", "s", messages))
    assert [turn["role"] for turn in body["messages"]] == ["user", "assistant", "user"]
    assert [block["tool_use_id"] for block in body["messages"][2]["content"]] == [
        "call_1",
        "call_2",
    ]
    assert body["messages"][1]["content"][1] == {
        "type": "tool_use",
        "id": "call_1",
        "name": "create_card",
        "input": {"title": "A"},
    }


@PROTOCOLS
async def test_a_refused_key_is_a_clear_error_without_the_key_and_without_retries(
    server: FakeProvider, transport: Transport, make: Make, frames: Frames
) -> None:
    echoed = {"error": {"type": "authentication_error", "message": f"Incorrect API key {KEY}"}}
    server.script(Refuse(401, echoed))
    with pytest.raises(ProviderRejected) as refused:
        await _collect(make(server, transport))
    assert "(401)" in refused.value.message
    assert "AI settings" in refused.value.message
    assert KEY not in refused.value.message
    assert "sk-" not in refused.value.message
    assert len(server.requests) == 1


@PROTOCOLS
async def test_an_unknown_model_names_the_setting_to_check(
    server: FakeProvider, transport: Transport, make: Make, frames: Frames
) -> None:
    server.script(Refuse(404, {"error": {"message": "model 'nope' not found"}}))
    with pytest.raises(ProviderRejected, match=r"model or endpoint \(404\).*model 'nope'"):
        await _collect(make(server, transport))


@PROTOCOLS
async def test_rate_limited_then_answered_is_retried_after_the_time_asked(
    server: FakeProvider, transport: Transport, make: Make, frames: Frames
) -> None:
    server.script(
        Refuse(429, {"error": {"message": "slow down"}}, {"Retry-After": "0.2"}),
        Stream(frames(Said(text=("fine",)))),
    )
    started = time.monotonic()
    events = await _collect(make(server, transport))
    assert time.monotonic() - started >= 0.2
    assert events[0] == TextDelta("fine")
    assert len(server.requests) == 2


@PROTOCOLS
async def test_a_provider_that_stays_down_fails_after_the_attempts(
    server: FakeProvider, transport: Transport, make: Make, frames: Frames
) -> None:
    server.script(*[Refuse(503, {"error": {"message": "overloaded"}})] * 3)
    with pytest.raises(ProviderUnavailable, match=r"\(503\)") as down:
        await _collect(make(server, transport))
    assert down.value.retryable
    assert len(server.requests) == 3


@PROTOCOLS
async def test_a_wait_longer_than_allowed_ends_the_call_at_once(
    server: FakeProvider, transport: Transport, make: Make, frames: Frames
) -> None:
    server.script(Refuse(429, {}, {"Retry-After": "3600"}))
    with pytest.raises(ProviderUnavailable, match="wait 3600 s"):
        await _collect(make(server, transport))
    assert len(server.requests) == 1


@PROTOCOLS
async def test_a_stream_that_stalls_mid_answer_times_out(
    server: FakeProvider, transport: Transport, make: Make, frames: Frames
) -> None:
    server.script(Stream(frames(SAID), stall_after=2))
    started = time.monotonic()
    with pytest.raises(ProviderTimeout, match="stopped sending"):
        await _collect(make(server, transport))
    assert time.monotonic() - started < 5


@PROTOCOLS
async def test_events_that_are_not_json_are_a_malformed_stream(
    server: FakeProvider, transport: Transport, make: Make, frames: Frames
) -> None:
    server.script(Stream(["data: {not json\n\n"]))
    with pytest.raises(MalformedStream, match="not JSON"):
        await _collect(make(server, transport))


@PROTOCOLS
async def test_an_answer_that_is_not_an_event_stream_is_malformed(
    server: FakeProvider, transport: Transport, make: Make, frames: Frames
) -> None:
    server.script(Stream(['{"choices": []}'], media_type="application/json"))
    with pytest.raises(MalformedStream, match="not an event stream"):
        await _collect(make(server, transport))


@PROTOCOLS
async def test_a_stream_cut_before_it_finished_is_malformed(
    server: FakeProvider, transport: Transport, make: Make, frames: Frames
) -> None:
    server.script(Stream(frames(SAID)[:3]))
    with pytest.raises(MalformedStream, match="before finishing"):
        await _collect(make(server, transport))


async def test_an_unreachable_provider_is_unavailable(transport: Transport) -> None:
    closed = openai.OpenAIProvider(transport, "http://127.0.0.1:9/v1", KEY)
    with pytest.raises(ProviderError) as unreachable:
        await _collect(closed)
    assert unreachable.value.retryable
    assert "could not be reached" in unreachable.value.message


def test_retry_after_takes_seconds_or_an_http_date() -> None:
    assert retry_after("2") == 2.0
    assert retry_after(None) is None
    assert retry_after("soon") is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    waited = retry_after(later)
    assert waited is not None
    assert 25 <= waited <= 31
