"""Order keys stay sorted, unique, valid and short under any sequence of insertions."""

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projectflow.kit.fractional_index import (
    DIGITS,
    is_valid_key,
    key_between,
    keys_between,
    position_between,
)

_CHOICES = st.lists(st.integers(min_value=0, max_value=10**6), max_size=300)


def _insert(keys: list[str], position: int) -> str:
    """Insert a key at `position` (0..len) the way a client dropping a card would."""
    before = keys[position - 1] if position > 0 else None
    after = keys[position] if position < len(keys) else None
    key = key_between(before, after)
    keys.insert(position, key)
    return key


def _assert_well_formed(keys: list[str]) -> None:
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    assert all(is_valid_key(key) for key in keys)
    assert all(set(key) <= set(DIGITS) and not key.endswith("0") for key in keys)
    # Python's order is the byte order PostgreSQL's "C" collation uses.
    assert [key.encode() for key in keys] == sorted(key.encode() for key in keys)


@given(_CHOICES)
def test_random_insertions_keep_keys_sorted_unique_and_valid(choices: list[int]) -> None:
    keys: list[str] = []
    for choice in choices:
        _insert(keys, choice % (len(keys) + 1))
    _assert_well_formed(keys)


@given(_CHOICES)
def test_a_new_key_is_at_most_one_character_longer_than_its_neighbours(
    choices: list[int],
) -> None:
    keys: list[str] = []
    for choice in choices:
        position = choice % (len(keys) + 1)
        neighbours = keys[max(position - 1, 0) : position + 1]
        key = _insert(keys, position)
        assert len(key) <= max((len(k) for k in neighbours), default=1) + 1


@given(st.sampled_from(["start", "end"]), st.integers(min_value=1, max_value=400))
def test_repeated_insertion_at_one_spot_grows_slowly(edge: str, count: int) -> None:
    keys = ["a1", "a2"]
    for _ in range(count):
        # Always right after the first key, or right before the last one.
        _insert(keys, 1 if edge == "start" else len(keys) - 1)
    _assert_well_formed(keys)
    # Bisection gains about 6 insertions per character (log2 of 62).
    assert max(len(key) for key in keys) <= 3 + count // 4


def test_appending_thousands_keeps_keys_to_a_handful_of_characters() -> None:
    keys = [key_between(None, None)]
    for _ in range(4_999):
        keys.append(key_between(keys[-1], None))
    _assert_well_formed(keys)
    assert max(len(key) for key in keys) <= 4


def test_prepending_thousands_keeps_keys_to_a_handful_of_characters() -> None:
    keys = [key_between(None, None)]
    for _ in range(4_999):
        keys.insert(0, key_between(None, keys[0]))
    _assert_well_formed(keys)
    assert max(len(key) for key in keys) <= 4


@pytest.mark.parametrize(
    ("before", "after"),
    [(None, None), ("a1", None), (None, "a1"), ("a1", "a2"), ("Zz", "a0V"), ("a1zz", "a2")],
)
def test_bulk_keys_are_short_sorted_and_inside_the_bounds(
    before: str | None, after: str | None
) -> None:
    keys = keys_between(before, after, 5_000)
    assert len(keys) == 5_000
    _assert_well_formed(keys)
    assert before is None or before < keys[0]
    assert after is None or keys[-1] < after
    assert max(len(key) for key in keys) <= max(len(before or ""), len(after or ""), 1) + 4


@settings(max_examples=50)
@given(_CHOICES, st.data())
def test_bulk_keys_fit_between_any_two_existing_keys(
    choices: list[int], data: st.DataObject
) -> None:
    keys = keys_between(None, None, 3)
    for choice in choices:
        _insert(keys, choice % (len(keys) + 1))
    low = data.draw(st.integers(min_value=0, max_value=len(keys) - 2))
    n = data.draw(st.integers(min_value=0, max_value=200))
    fresh = keys_between(keys[low], keys[low + 1], n)
    assert len(fresh) == n
    merged = keys[: low + 1] + fresh + keys[low + 1 :]
    _assert_well_formed(merged)


def test_keys_match_the_rocicorp_format_so_browser_made_keys_interoperate() -> None:
    # Expected values from rocicorp/fractional-indexing's own test suite.
    assert key_between("a0", "a1") == "a0V"
    assert key_between("a0V", "a1") == "a0l"
    assert key_between("Zz", "a0") == "ZzV"
    assert key_between(None, "a0") == "Zz"
    assert key_between("a0", "a0V") == "a0G"
    assert key_between("b125", "b129") == "b127"
    assert key_between("z" * 27, None) == "z" * 27 + "V"


def test_generated_integers_skip_a_trailing_zero() -> None:
    # rocicorp would answer "a0" and "b00"; both end in the smallest digit.
    assert key_between(None, None) == "a1"
    assert key_between("az", None) == "b01"
    assert key_between(None, "b01") == "az"
    assert key_between(None, "a1") == "Zz"


def test_keys_below_the_smallest_integer_continue_in_its_fraction() -> None:
    smallest_usable = "A" + "0" * 25 + "1"
    below = key_between(None, smallest_usable)
    assert below < smallest_usable
    assert is_valid_key(below)
    assert key_between(None, below) < below


@pytest.mark.parametrize(("before", "after"), [("a1", "a1"), ("a2", "a1"), ("b01", "a1")])
def test_bounds_out_of_order_are_rejected(before: str, after: str) -> None:
    with pytest.raises(ValueError, match="must sort before"):
        key_between(before, after)
    with pytest.raises(ValueError, match="must sort before"):
        keys_between(before, after, 3)


@pytest.mark.parametrize(
    "key", ["", "a", "b1", "a1V0", "a 1", "a1-", "é1", "0a", "A" + "0" * 26, "a1\n"]
)
def test_malformed_keys_are_rejected(key: str) -> None:
    assert not is_valid_key(key)
    with pytest.raises(ValueError, match="order key"):
        key_between(key, None)
    with pytest.raises(ValueError, match="order key"):
        key_between(None, key)


def test_a_negative_count_is_rejected() -> None:
    with pytest.raises(ValueError, match="-1 keys"):
        keys_between(None, None, -1)
    assert keys_between("a1", "a2", 0) == []


@pytest.mark.parametrize(
    ("before", "after", "check"),
    [
        ("V", None, lambda key: True),  # a raw client's position, not our format
        (None, "not a key!", lambda key: True),
        ("a5", "a5", lambda key: key > "a5"),  # tied neighbours after a merge
        ("a7", "a3", lambda key: key > "a7"),  # crossed neighbours
        ("a1", "a3", lambda key: "a1" < key < "a3"),  # ordinary neighbours: exact
    ],
)
def test_position_between_never_fails_on_foreign_neighbours(
    before: str | None, after: str | None, check: Callable[[str], bool]
) -> None:
    key = position_between(before, after)
    assert is_valid_key(key)
    assert check(key)
