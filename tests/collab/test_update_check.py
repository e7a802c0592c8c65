"""The structural check of Yjs updates: every update real clients write (pycrdt, and the npm
`yjs` package) passes; truncated, corrupted and oversized-claim updates are refused before they
reach yrs; and whatever passes, yrs applies without error."""

import base64
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Array, Doc, Map, Text, XmlElement, XmlFragment, XmlText, merge_updates

from projectflow.collab.document import MalformedUpdate
from projectflow.collab.update_check import MAX_DEPTH, UpdateStats, check_update

YJS_UPDATES = Path(__file__).parent / "yjs_updates.mjs"
MAX_STRUCTS = 100_000


def _varuint(value: int) -> bytes:
    """lib0's unsigned varint, for updates written by hand."""
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _string(text: str) -> bytes:
    raw = text.encode()
    return _varuint(len(raw)) + raw


def _map_set(key: str, content: bytes, *, info: int) -> bytes:
    """An update of one client (5, clock 0) whose one Item sets root map "m"[key]."""
    item = bytes([info]) + b"\x01" + _string("m") + _string(key) + content
    return b"\x01\x01\x05\x00" + item + b"\x00"


def _yjs_updates() -> dict[str, bytes]:
    node = shutil.which("node")
    assert node, "Node.js is required (make install sets up tests/interop)"
    result = subprocess.run([node, str(YJS_UPDATES)], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()
    return {name: base64.b64decode(b64) for name, b64 in json.loads(result.stdout).items()}


def _pycrdt_updates() -> dict[str, bytes]:
    updates: dict[str, bytes] = {}
    doc: Doc[Any] = Doc(client_id=7)
    cards = doc.get("cards", type=Map)
    cards["card-1"] = Map(
        {
            "title": "Write the press release",
            "description": Text("Draft in **Markdown**"),
            "labels": Map({"urgent": True}),
            "checklist": Array(["one", "two"]),
        }
    )
    cards["card-2"] = Map({"title": "gone", "nested": Map({"deep": Map({"x": 1})})})
    del cards["card-2"]
    updates["maps"] = doc.get_update()

    values = doc.get("values", type=Array)
    values.extend(
        [None, True, False, 0, -1, 2**31, -(2**40), 2**53 - 1, 0.5, 1.1, float("inf"), "", "é 😀"]
    )
    values.extend([b"\x00\x01\xff", [], [1, [2, {"deep": [None]}]], {"a": 1, "b": {"c": b""}}])
    del values[1:3]
    text = doc.get("text", type=Text)
    text.insert(0, "Hello wörld 😀, formatted")
    text.format(0, 5, {"bold": True, "color": "#f00"})
    text.insert_embed(6, {"image": "a.png", "size": [10, 20]})
    del text[8:11]
    fragment = doc.get("prosemirror", type=XmlFragment)
    fragment.children.append(XmlElement("p", {"class": "lead"}, [XmlText("some text")]))
    fragment.children.append(XmlText("tail"))
    cards["sub"] = Doc()
    updates["everything"] = doc.get_update()

    before = doc.get_state()
    with doc.transaction():
        text.insert(0, "more ")
        cards["card-1"]["title"] = "Renamed"
    updates["incremental"] = doc.get_update(before)

    other: Doc[Any] = Doc(client_id=8)
    other.get("other", type=Map)["x"] = 1
    updates["two-clients"] = merge_updates(updates["maps"], other.get_update())
    updates["empty"] = Doc().get_update()
    return updates


@pytest.fixture(scope="module")
def yjs_updates() -> dict[str, bytes]:
    return _yjs_updates()


PYCRDT_UPDATES = _pycrdt_updates()


@pytest.mark.parametrize("name", sorted(PYCRDT_UPDATES))
def test_updates_written_by_pycrdt_pass(name: str) -> None:
    check_update(PYCRDT_UPDATES[name], max_structs=MAX_STRUCTS)


def test_updates_written_by_npm_yjs_pass_and_pycrdt_reads_them(
    yjs_updates: dict[str, bytes],
) -> None:
    accepted = {name for name in yjs_updates if name != "xml-hook"}
    assert accepted >= {"maps", "every-any", "text", "xml", "subdocs", "merged-with-gap"}
    for name in accepted:
        check_update(yjs_updates[name], max_structs=MAX_STRUCTS)
        Doc().apply_update(yjs_updates[name])


def test_an_xml_hook_is_refused_because_yrs_reads_it_differently(
    yjs_updates: dict[str, bytes],
) -> None:
    with pytest.raises(MalformedUpdate, match=r"Y\.XmlHook"):
        check_update(yjs_updates["xml-hook"], max_structs=MAX_STRUCTS)
    # What would happen without the check: yrs misreads it.
    with pytest.raises(ValueError, match="Cannot decode update"):
        Doc().apply_update(yjs_updates["xml-hook"])


def test_the_stats_count_clients_structs_and_deleted_ranges() -> None:
    assert check_update(PYCRDT_UPDATES["empty"], max_structs=0) == UpdateStats(0, 0, 0)
    stats = check_update(PYCRDT_UPDATES["two-clients"], max_structs=MAX_STRUCTS)
    assert stats.clients == 2
    assert stats.deleted_ranges >= 1


def test_the_struct_limit_counts_every_client() -> None:
    update = PYCRDT_UPDATES["two-clients"]
    structs = check_update(update, max_structs=MAX_STRUCTS).structs
    assert check_update(update, max_structs=structs).structs == structs
    with pytest.raises(MalformedUpdate, match=f"more than {structs - 1:,} structs"):
        check_update(update, max_structs=structs - 1)


@pytest.mark.parametrize(
    ("update", "message"),
    [
        # The 7-byte body that made yrs reserve ~480 MB for 2**28 clients.
        (b"\x80\x80\x80\x80\x01\x00\x00", "claims 268,435,456 clients, but only 1 bytes follow"),
        (b"\x01\xff\xff\xff\xff\x0f\x05\x00\x00", "claims 4,294,967,295 structs"),
        (_map_set("a", b"\xff\xff\xff\x7f", info=0x28), "claims 268,435,455 values"),
        (_map_set("a", b"\x01\x75\xff\xff\x03", info=0x28), "claims 65,535 array items"),
        (_map_set("a", b"\x01\x76\xff\xff\x03", info=0x28), "claims 65,535 object entries"),
        (
            _map_set("a", b"\x01\x77\xff\xff\x03", info=0x28),
            "text of 65,535 bytes, but only 1 follow",
        ),
        (
            _map_set("a", b"\x01\x74\x11" + b"x" * 15, info=0x28),
            "a buffer of 17 bytes, but only 16 follow",
        ),
        (_map_set("a", b"\x01" + b"\x75\x01" * 100 + b"\x7e", info=0x28), "nest more than 64"),
        (_map_set("a", b"\x01\x7d\xff\xff\xff\xff\xff\xff\xff\x7f", info=0x28), "out of range"),
        (_map_set("a", b"\x01\x6f", info=0x28), "unknown value type 111"),
        (_map_set("a", b"\x01\x31", info=0x22), "legacy JSON content"),
        (_map_set("a", b"\x07", info=0x27), "unknown shared type 7"),
        (_map_set("a", b"\x02\xc3\x28", info=0x24), "text that is not UTF-8"),
        (_map_set("a", _string("NaN"), info=0x25), "not JSON"),
        (_map_set("a", _string('"\\ud800"'), info=0x25), "not plain JSON"),
        (_map_set("a", _string("1e400"), info=0x25), "not plain JSON"),
        (_map_set("a", _string("[" * 70 + "]" * 70), info=0x25), "not plain JSON"),
        (_map_set("a", b"\x00", info=0x21), "deleted content of length 0"),
        (
            b"\x01\x01\x05\xff\xff\xff\xff\x07\x00\x01\x00",
            "clock 2,147,483,647 + length 1 goes past",
        ),
        (b"\x01\x01\x05\x80\x80\x80\x80\x08", "a clock of 2,147,483,648 is out of range"),
        (b"\x01\x01\x05\x00\x0b\x01\x00", "unknown struct type 0x0b"),
        (b"\x01\x01\x05\x00\x20\x01\x00", "unknown struct type 0x20"),
        (b"\x00\x01\x05\x01\x00\x00", "deleted range of length 0"),
        (b"\x00\x01\x05\x01\xfe\xff\xff\xff\x07\x02", "goes past 2,147,483,647"),
        (b"\x00\x00\x00", "1 bytes follow the end of the update"),
        (b"\x01\x01\x80\x80\x80\x80\x80\x80\x80\x80\x01", "longer than a varint may be"),
        (b"", "ends too early"),
    ],
)
def test_hostile_updates_are_refused_with_the_reason(update: bytes, message: str) -> None:
    with pytest.raises(MalformedUpdate, match=r"^malformed Yjs update at byte ") as caught:
        check_update(update, max_structs=MAX_STRUCTS)
    assert message in str(caught.value)


def test_every_truncation_of_a_real_update_is_refused() -> None:
    update = PYCRDT_UPDATES["everything"]
    for cut in range(len(update)):
        with pytest.raises(MalformedUpdate):
            check_update(update[:cut], max_structs=MAX_STRUCTS)


def test_nesting_up_to_the_depth_limit_is_accepted() -> None:
    nested = b"\x75\x01" * MAX_DEPTH + b"\x7e"  # arrays in arrays, null at the bottom
    check_update(_map_set("a", b"\x01" + nested, info=0x28), max_structs=1)
    with pytest.raises(MalformedUpdate):
        check_update(_map_set("a", b"\x01\x75\x01" + nested, info=0x28), max_structs=1)


# -- mutations: the checker raises nothing but MalformedUpdate, and yrs takes what it passes ---

_SEEDS = [PYCRDT_UPDATES["maps"], PYCRDT_UPDATES["everything"], PYCRDT_UPDATES["incremental"]]


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    update = bytearray(draw(st.sampled_from(_SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(update)))
        how = draw(st.sampled_from(["set", "insert", "delete", "duplicate"]))
        if how == "set" and at < len(update):
            update[at] = draw(st.integers(0, 255))
        elif how == "insert":
            update[at:at] = draw(st.binary(min_size=1, max_size=6))
        elif how == "delete":
            del update[at : at + draw(st.integers(1, 8))]
        else:
            update[at:at] = update[at : at + draw(st.integers(1, 16))]
    return bytes(update)


@settings(max_examples=1_000, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated())
def test_a_mutated_update_is_refused_or_applies_cleanly(update: bytes) -> None:
    try:
        check_update(update, max_structs=MAX_STRUCTS)
    except MalformedUpdate:
        return
    try:
        Doc().apply_update(update)
    except BaseException as error:  # a panic in yrs is a BaseException
        pytest.fail(f"passed the check but yrs refused it: {error!r} ({update.hex()})")


@given(st.binary(max_size=64))
def test_random_bytes_raise_nothing_but_malformed_update(update: bytes) -> None:
    try:
        check_update(update, max_structs=MAX_STRUCTS)
    except MalformedUpdate:
        return
    Doc().apply_update(update)
