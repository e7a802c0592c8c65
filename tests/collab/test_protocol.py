"""The y-websocket protocol codec against pycrdt's own encoder (an independent implementation
of the same y-protocols layout), and its refusals."""

import json

import pytest
from pycrdt import (
    Awareness,
    Doc,
    Map,
    create_awareness_message,
    create_sync_message,
    create_update_message,
)

from projectflow.collab import protocol
from projectflow.collab.protocol import Message, MessageType, ProtocolError, SyncType


def _doc() -> Doc:
    doc: Doc = Doc()
    doc["cards"] = Map()
    doc["cards"]["c1"] = "Écrire la spec 😀" * 30  # long enough for a two-byte length
    return doc


def test_messages_read_and_written_as_pycrdt_writes_them() -> None:
    doc = _doc()
    state_vector, update = doc.get_state(), doc.get_update()
    assert protocol.parse(create_sync_message(doc)) == Message(
        MessageType.SYNC, SyncType.STEP1, state_vector
    )
    assert protocol.sync_step1(state_vector) == create_sync_message(doc)
    assert protocol.sync_update(update) == create_update_message(update)
    assert protocol.parse(protocol.sync_step2(update)) == Message(
        MessageType.SYNC, SyncType.STEP2, update
    )
    assert protocol.awareness(b"\x01\x02") == create_awareness_message(b"\x01\x02")
    assert protocol.parse(bytes([MessageType.QUERY_AWARENESS])) == Message(
        MessageType.QUERY_AWARENESS
    )


def test_permission_denied_is_an_auth_message_with_its_reason() -> None:
    assert protocol.permission_denied("read-only") == b"\x02\x00\x09read-only"


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "ends inside a number"),
        (b"\x09", "unknown message type"),
        (b"\x00\x07\x00", "unknown sync message type"),
        (b"\x00\x02\x05\x00\x00", "past the end"),
        (b"\x00\x02\x02\x00\x00\xff", "after the end"),
        (b"\x01\xff\xff\xff\xff\xff\x01", "longer than any length"),
        (b"\x03\x00", "after the end"),
        (b"\x02\x00\x00", "does not send auth"),
    ],
)
def test_what_is_not_protocol_is_refused_whole(data: bytes, why: str) -> None:
    with pytest.raises(ProtocolError, match=why):
        protocol.parse(data)


def test_awareness_read_and_written_as_pycrdt_writes_it() -> None:
    awareness = Awareness(Doc())
    awareness.set_local_state({"user": {"name": "Ada 😀"}, "card": "c1"})
    payload = awareness.encode_awareness_update([awareness.client_id])
    (state,) = protocol.parse_awareness(payload)
    assert state.client_id == awareness.client_id
    assert json.loads(state.state) == {"user": {"name": "Ada 😀"}, "card": "c1"}
    assert protocol.encode_awareness([state]) == payload
    gone = protocol.AwarenessState(state.client_id, state.clock + 1, "null")
    other = Awareness(Doc())
    other.apply_awareness_update(payload, "test")
    other.apply_awareness_update(protocol.encode_awareness([gone]), "test")
    assert state.client_id not in other.states


@pytest.mark.parametrize(
    "payload",
    [
        b"\x02\x01\x01\x02{}",
        b"\x01\x01\x01\x05{}",
        b"\x01\x01\x01\x02\xff\xfe",
        b"\x01" + b"\xff" * 9,
    ],
)
def test_awareness_that_does_not_parse_is_refused(payload: bytes) -> None:
    with pytest.raises(ProtocolError):
        protocol.parse_awareness(payload)


def test_a_state_vector_reads_as_pycrdt_wrote_it() -> None:
    doc = _doc()
    other: Doc = Doc()
    other["cards"] = Map()
    other["cards"]["c2"] = "x"
    doc.apply_update(other.get_update())
    assert protocol.read_state_vector(doc.get_state()) == {
        doc.client_id: 1,
        other.client_id: 1,
    }
