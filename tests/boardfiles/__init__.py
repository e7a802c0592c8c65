"""Hypothesis strategies shared by the board file tests: valid boards, and ways to break files."""

import copy
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC
from typing import Any

from hypothesis import strategies as st

from projectflow.boardfiles import (
    BoardData,
    BoardFileError,
    CardData,
    ChecklistData,
    ChecklistItemData,
    ColumnData,
    CommentData,
    LabelData,
)
from projectflow.labels.palette import COLORS

# Text the database can store: no NUL, no unpaired surrogates.
_CHARS = st.characters(codec="utf-8", exclude_characters="\x00")


def names(max_size: int = 40, exclude: str = "") -> st.SearchStrategy[str]:
    """Non-empty names that importers keep as they are (already stripped)."""
    alphabet = st.characters(codec="utf-8", exclude_characters="\x00" + exclude)
    text = st.text(alphabet, min_size=1, max_size=max_size).map(str.strip)
    return text.filter(bool)


moments = st.none() | st.datetimes(timezones=st.just(UTC))
emails = st.from_regex(r"[a-z0-9._%+-]{1,12}@[a-z0-9-]{1,12}\.[a-z]{2,6}", fullmatch=True)


comment_data = st.builds(
    CommentData,
    author=names(),
    body=st.text(_CHARS, min_size=1, max_size=200).filter(str.strip),
    at=moments,
)


checklist_data = st.builds(
    ChecklistData,
    title=names(),
    items=st.lists(st.builds(ChecklistItemData, names(), st.booleans()), max_size=4).map(tuple),
)


def cards(*, comments: bool = True, label_excludes: str = "") -> st.SearchStrategy[CardData]:
    """Valid cards; without `comments`, also without checklists (what CSV carries)."""
    return st.builds(
        CardData,
        title=names(),
        description=st.text(_CHARS, max_size=200),
        labels=st.lists(names(20, label_excludes), max_size=5, unique=True).map(tuple),
        due=moments,
        due_done=st.booleans(),
        archived=st.booleans(),
        assignee_emails=st.lists(emails, max_size=3, unique=True).map(tuple),
        comments=st.lists(comment_data, max_size=3).map(tuple) if comments else st.just(()),
        checklists=st.lists(checklist_data, max_size=3).map(tuple) if comments else st.just(()),
    )


label_data = st.builds(LabelData, names(20), st.sampled_from(COLORS))


def boards(*, csv_shaped: bool = False) -> st.SearchStrategy[BoardData]:
    """Valid boards; `csv_shaped` keeps to what CSV carries (cards only, no empty columns, no
    done columns, no label colours)."""
    card_lists = st.lists(
        cards(comments=not csv_shaped, label_excludes=";" if csv_shaped else ""),
        min_size=1 if csv_shaped else 0,
        max_size=4,
    ).map(tuple)
    wip = st.none() if csv_shaped else st.none() | st.integers(1, 20_000)
    done = st.just(False) if csv_shaped else st.booleans()
    columns = st.lists(names(), min_size=1 if csv_shaped else 0, max_size=4, unique=True).flatmap(
        lambda column_names: st.tuples(
            *(st.builds(ColumnData, st.just(n), card_lists, wip, done) for n in column_names)
        )
    )
    labels = (
        st.just(())
        if csv_shaped
        else st.lists(label_data, max_size=4, unique_by=lambda label: label.name).map(tuple)
    )
    return st.builds(BoardData, name=names(), columns=columns, labels=labels)


@st.composite
def with_parents(draw: st.DrawFn, board: BoardData) -> BoardData:
    """`board` with some cards made subtasks of cards before them (so parents never loop)."""
    earlier: list[tuple[int, int]] = []
    columns = []
    for c, column in enumerate(board.columns):
        cards = []
        for k, card in enumerate(column.cards):
            parent = draw(st.none() | st.sampled_from(earlier)) if earlier else None
            cards.append(replace(card, parent=parent))
            earlier.append((c, k))
        columns.append(replace(column, cards=tuple(cards)))
    return replace(board, columns=tuple(columns))


# Leaves that once broke parsers elsewhere: numbers too big for float() or str(), text the
# database cannot store, dates that overflow when converted to UTC.
_HOSTILE = st.sampled_from(
    [10**400, "9" * 5_000, "\x00", "\ud800", "0001-01-01T00:00:00+01:00", "9999-12-31T23:00-05:00"]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | _HOSTILE,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@st.composite
def mutations(draw: st.DrawFn, document: Any) -> Any:
    """`document` with one value somewhere replaced by an arbitrary JSON value, or removed."""
    mutated = copy.deepcopy(document)
    path = draw(st.sampled_from(_paths(mutated)[1:]))
    parent = mutated
    for step in path[:-1]:
        parent = parent[step]
    if draw(st.booleans()):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(json_values)
    return mutated


def outcome(parse: Callable[[], BoardData]) -> BoardData | BoardFileError:
    """What a parser does with some input: a board, or the one error it is allowed to raise.

    Any other exception escapes and fails the test.
    """
    try:
        return parse()
    except BoardFileError as error:
        caught = error
    assert caught.message
    return caught
