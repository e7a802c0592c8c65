"""The y-websocket wire protocol (y-protocols: sync, awareness, auth), read with bounds.

Every WebSocket message is one of:

    sync       := 0:uint (0:uint state-vector:bytes   step 1: "here is what I have"
                        | 1:uint update:bytes         step 2: "here is what you lack"
                        | 2:uint update:bytes)        an update as it happens
    awareness  := 1:uint payload:bytes                presence states, relayed as they are
    auth       := 2:uint 0:uint reason:string         permission denied (server → client)
    query      := 3:uint                              "send me everyone's awareness"

Integers are lib0 varints (7 bits a byte, low first, the high bit saying another follows);
`bytes` and `string` are a varint length then that many bytes. An awareness payload is

    count:uint (client-id:uint clock:uint state:string)*   state: JSON, "null" when gone

A message that does not parse exactly — an unknown type, a length past its end, bytes after its
end, a varint longer than any real length — is a ProtocolError, and nothing of it is used.
"""

from dataclasses import dataclass
from enum import IntEnum
from typing import TypeVar


class ProtocolError(ValueError):
    """A message that is not y-websocket protocol."""


class MessageType(IntEnum):
    SYNC = 0
    AWARENESS = 1
    AUTH = 2
    QUERY_AWARENESS = 3


class SyncType(IntEnum):
    STEP1 = 0
    STEP2 = 1
    UPDATE = 2


# Lengths fit in 32 bits (a message is far smaller: the endpoint bounds its size); awareness
# client ids and clocks are JavaScript integers (up to 53 bits).
_MAX_LENGTH_BYTES = 5
_MAX_INTEGER_BYTES = 8
_PERMISSION_DENIED = 0
_E = TypeVar("_E", MessageType, SyncType)


@dataclass(frozen=True)
class Message:
    type: MessageType
    sync_type: SyncType | None = None
    payload: bytes = b""  # a state vector, an update or an awareness payload


def parse(data: bytes, *, from_server: bool = False) -> Message:
    """A message as the server reads a client's (or, `from_server`, as a client reads the
    server's: only the server says "permission denied", its payload the reason)."""
    reader = _Reader(data)
    message_type = _member(MessageType, reader.uint(), "unknown message type")
    if message_type is MessageType.SYNC:
        sync_type = _member(SyncType, reader.uint(), "unknown sync message type")
        message = Message(message_type, sync_type, reader.bytes())
    elif message_type is MessageType.AWARENESS:
        message = Message(message_type, payload=reader.bytes())
    elif message_type is MessageType.QUERY_AWARENESS:
        message = Message(message_type)
    elif from_server and reader.uint() == _PERMISSION_DENIED:
        message = Message(message_type, payload=reader.bytes())
    else:
        raise ProtocolError("a client does not send auth messages")
    reader.end()
    return message


@dataclass(frozen=True)
class AwarenessState:
    client_id: int
    clock: int
    state: str  # JSON; "null" once the client is gone


def parse_awareness(payload: bytes) -> list[AwarenessState]:
    reader = _Reader(payload)
    count = reader.uint()
    states = []
    for _ in range(count):
        client_id, clock = reader.uint(_MAX_INTEGER_BYTES), reader.uint(_MAX_INTEGER_BYTES)
        try:
            state = reader.bytes().decode()
        except UnicodeDecodeError:
            raise ProtocolError("an awareness state that is not UTF-8") from None
        states.append(AwarenessState(client_id, clock, state))
    reader.end()
    return states


def encode_awareness(states: list[AwarenessState]) -> bytes:
    out = [_uint(len(states))]
    for entry in states:
        out += [_uint(entry.client_id), _uint(entry.clock), _bytes(entry.state.encode())]
    return b"".join(out)


def read_state_vector(state_vector: bytes) -> dict[int, int]:
    """A Yjs state vector (what sync step 1 carries), client id → clock:
    count:uint (client-id:uint clock:uint)*."""
    reader = _Reader(state_vector)
    count = reader.uint()
    clocks = {}
    for _ in range(count):
        client_id = reader.uint(_MAX_INTEGER_BYTES)
        clocks[client_id] = reader.uint(_MAX_INTEGER_BYTES)
    reader.end()
    return clocks


def _member(kind: type[_E], value: int, error: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        raise ProtocolError(error) from None


def sync_step1(state_vector: bytes) -> bytes:
    return _uint(MessageType.SYNC) + _uint(SyncType.STEP1) + _bytes(state_vector)


def sync_step2(update: bytes) -> bytes:
    return _uint(MessageType.SYNC) + _uint(SyncType.STEP2) + _bytes(update)


def sync_update(update: bytes) -> bytes:
    return _uint(MessageType.SYNC) + _uint(SyncType.UPDATE) + _bytes(update)


def awareness(payload: bytes) -> bytes:
    return _uint(MessageType.AWARENESS) + _bytes(payload)


def permission_denied(reason: str) -> bytes:
    return _uint(MessageType.AUTH) + _uint(_PERMISSION_DENIED) + _bytes(reason.encode())


def _uint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    out.append(value)
    return bytes(out)


def _bytes(value: bytes) -> bytes:
    return _uint(len(value)) + value


class _Reader:
    def __init__(self, data: bytes) -> None:
        self._data = data
        self._at = 0

    def uint(self, max_bytes: int = _MAX_LENGTH_BYTES) -> int:
        value = shift = 0
        for _ in range(max_bytes):
            if self._at >= len(self._data):
                raise ProtocolError("the message ends inside a number")
            byte = self._data[self._at]
            self._at += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7
        raise ProtocolError("a number longer than any length")

    def bytes(self) -> bytes:
        length = self.uint()
        if length > len(self._data) - self._at:
            raise ProtocolError("a length past the end of the message")
        value = self._data[self._at : self._at + length]
        self._at += length
        return value

    def end(self) -> None:
        if self._at != len(self._data):
            raise ProtocolError("bytes after the end of the message")
