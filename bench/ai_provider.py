"""A stand-in AI provider for `bench/ai.py`: OpenAI's chat completions wire protocol
(`POST /v1/chat/completions`, `stream: true`) over raw asyncio HTTP/1.1 on uvloop, in a process
of its own so that it takes no time from the processes measured.

Each answer is Server-Sent Events in the frames of `tests/support/providers.py`
(`openai_frames`): a role chunk, the content chunks, a finish chunk, a usage chunk and
`data: [DONE]`. The model's name sets the pace: `bench-c20-p0.5` streams 20 content chunks,
0.5 s apart (the first 0.5 s after the request); `bench-c20-p0` streams them at once.

It remembers, per request tagged `bench-tag:<hex>` anywhere in its body (the run's
instructions), when it received it and when it sent each content chunk, on `time.monotonic()`
(Linux's CLOCK_MONOTONIC: one clock for every process on the machine):

- `GET /stats`: `{"open": streams open now, "max_open": the most at once, "requests": n}`;
- `POST /records` with `{"tags": [...]}`: `{tag: {"received": t, "sent": [t, ...],
  "done": t | null}}` for the tags it has seen.

    python bench/ai_provider.py --port 8999
"""

import argparse
import asyncio
import json
import re
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import uvloop

_MODEL = re.compile(r"-c(\d+)-p([\d.]+)")
_TAG = re.compile(rb"bench-tag:([0-9a-f]+)")
HEAD = (
    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n"
    b"transfer-encoding: chunked\r\n\r\n"
)
# `data: [DONE]` as the last chunk, and the chunked body's end.
DONE = b"e\r\ndata: [DONE]\n\n\r\n0\r\n\r\n"


@dataclass
class Record:
    received: float
    sent: list[float] = field(default_factory=list)
    done: float | None = None


@dataclass
class Provider:
    records: dict[str, Record] = field(default_factory=dict)
    open: int = 0
    max_open: int = 0
    requests: int = 0

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One connection: requests one after another (keep-alive) until the client closes."""
        try:
            while request := await read_request(reader):
                method, path, body = request
                await self.answer(writer, method, path, body)
        except (ConnectionError, RuntimeError, asyncio.IncompleteReadError):
            pass  # the client went away (a cancelled run closes its call mid-answer)
        finally:
            writer.close()

    async def answer(
        self, writer: asyncio.StreamWriter, method: str, path: str, body: bytes
    ) -> None:
        if method == "POST" and path == "/v1/chat/completions":
            await self.complete(writer, body, time.monotonic())
        elif path == "/stats":
            stats = {"open": self.open, "max_open": self.max_open, "requests": self.requests}
            await send_json(writer, stats)
        elif method == "POST" and path == "/records":
            tags = json.loads(body)["tags"]
            found = {tag: asdict(self.records[tag]) for tag in tags if tag in self.records}
            await send_json(writer, found)
        else:
            await send_json(writer, {"error": {"message": f"no {method} {path}"}}, "404")

    async def complete(self, writer: asyncio.StreamWriter, body: bytes, received: float) -> None:
        request = json.loads(body)
        shape = _MODEL.search(str(request.get("model", "")))
        chunks, pace = (int(shape[1]), float(shape[2])) if shape else (20, 0.0)
        tag = _TAG.search(body)
        record = Record(received)
        if tag:
            self.records[tag[1].decode()] = record
        self.requests += 1
        self.open += 1
        self.max_open = max(self.max_open, self.open)
        try:
            await stream(writer, chunks, pace, record)
        finally:
            self.open -= 1
            record.done = time.monotonic()


async def read_request(reader: asyncio.StreamReader) -> tuple[str, str, bytes] | None:
    """Method, path and body of the next request; None once the client closed."""
    line = await reader.readline()
    if not line.strip():
        return None
    method, target, _ = line.decode().split(" ", 2)
    length = 0
    while (header := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = header.decode().partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    return method, target.split("?")[0], await reader.readexactly(length)


async def send_json(writer: asyncio.StreamWriter, value: Any, status: str = "200") -> None:
    payload = json.dumps(value).encode()
    writer.write(
        f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n"
        f"content-length: {len(payload)}\r\n\r\n".encode()
        + payload
    )
    await writer.drain()


def chunk(choices: list[dict[str, Any]], **extra: Any) -> bytes:
    payload = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "choices": choices}
    frame = f"data: {json.dumps(payload | extra)}\n\n".encode()
    return b"%x\r\n%s\r\n" % (len(frame), frame)


async def stream(writer: asyncio.StreamWriter, chunks: int, pace: float, record: Record) -> None:
    """The answer's frames, `pace` seconds apart from the first content chunk on."""
    writer.write(HEAD + chunk([{"index": 0, "delta": {"role": "assistant", "content": ""}}]))
    await writer.drain()
    for number in range(chunks):
        if pace:
            await asyncio.sleep(pace)
        writer.write(chunk([{"index": 0, "delta": {"content": f"w{number} "}}]))
        record.sent.append(time.monotonic())
        await writer.drain()
    writer.write(
        chunk([{"index": 0, "delta": {}, "finish_reason": "stop"}])
        + chunk([], usage={"prompt_tokens": 100, "completion_tokens": chunks})
        + DONE
    )
    await writer.drain()


async def main(port: int) -> None:
    provider = Provider()
    server = await asyncio.start_server(provider.serve, "127.0.0.1", port, backlog=4096)
    print(f"listening on {port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    uvloop.run(main(parser.parse_args().port))
