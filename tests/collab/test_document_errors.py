"""What yrs refuses while applying — beyond what the structural check can know, since it
depends on the document's contents — is a MalformedUpdate (a 400), never a 500."""

import pytest

from projectflow.collab.document import BoardDocument, MalformedUpdate
from projectflow.collab.update_check import check_update


def _varuint(number: int) -> bytes:
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        out.append(low | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _string_item_under(parent_client: int, parent_clock: int, client: int = 12345) -> bytes:
    """One update: a string item whose parent is the item (parent_client, parent_clock)."""
    text = b"hi"
    return (
        _varuint(1)  # one client
        + _varuint(1)  # one struct
        + _varuint(client)
        + _varuint(0)  # its clock
        + bytes([4])  # an item with string content, no origins
        + _varuint(0)  # parent named by id
        + _varuint(parent_client)
        + _varuint(parent_clock)
        + _varuint(len(text))
        + text
        + _varuint(0)  # empty delete set
    )


def test_a_parent_that_is_no_shared_type_is_a_malformed_update() -> None:
    board = BoardDocument()
    with board.change():
        board.columns["key"] = "a plain value, not a shared type"
    update = _string_item_under(board.client_id, 0)
    check_update(update, max_structs=10)  # well-formed: only the document can tell
    with pytest.raises(MalformedUpdate, match="shared"):
        board.apply_update(update)
