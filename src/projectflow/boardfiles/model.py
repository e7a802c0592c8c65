"""The neutral shape of a board that every importer produces and every exporter takes, and the
limits every importer enforces on it (with errors that point into the file)."""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from projectflow.boardfiles.errors import Where
from projectflow.labels.palette import COLORS

# A card's place on a board: (column, card), each counted from 0 in board order.
Place = tuple[int, int]


@dataclass(frozen=True)
class CommentData:
    author: str
    body: str
    at: datetime | None


@dataclass(frozen=True)
class ChecklistItemData:
    text: str
    done: bool = False


@dataclass(frozen=True)
class ChecklistData:
    title: str
    items: tuple[ChecklistItemData, ...] = ()


@dataclass(frozen=True)
class CardData:
    title: str
    description: str = ""
    labels: tuple[str, ...] = ()
    due: datetime | None = None
    due_done: bool = False
    archived: bool = False
    assignee_emails: tuple[str, ...] = ()
    comments: tuple[CommentData, ...] = ()
    checklists: tuple[ChecklistData, ...] = ()
    # The card this one is a subtask of, by its place on the board (`Place`): a board file
    # names no card ids that would survive an import.
    parent: Place | None = None


@dataclass(frozen=True)
class ColumnData:
    name: str
    cards: tuple[CardData, ...] = ()
    wip_limit: int | None = None
    done: bool = False


@dataclass(frozen=True)
class LabelData:
    name: str
    color: str  # one of labels/palette.py's COLORS


@dataclass(frozen=True)
class BoardData:
    name: str
    columns: tuple[ColumnData, ...]
    # The colours of the labels the cards name (a label not here keeps the project's colour,
    # or gets one).
    labels: tuple[LabelData, ...] = ()
    # Where the board came from ("trello:<board id>"), to notice a second import of it.
    source: str | None = None


MAX_BOARD_NAME = 200
MAX_COLUMN_NAME = 200
MAX_COLUMNS = 100
MAX_CARDS = 20_000
MAX_TITLE = 500
MAX_DESCRIPTION = 50_000
MAX_LABEL = 50
MAX_LABELS_PER_CARD = 20
MAX_CHECKLISTS_PER_CARD = 20
MAX_CHECKLIST_TITLE = 200
MAX_CHECKLIST_ITEMS = 200  # per checklist, as Trello
MAX_CHECKLIST_ITEM = 1_000
# Per board: bound what an import holds in memory, like MAX_COMMENTS.
MAX_CHECKLISTS = 2 * MAX_CARDS
MAX_CHECKLIST_ITEMS_ON_BOARD = 200_000
# Labels with a colour that a board file brings (Trello allows 1,000 on a board).
MAX_BOARD_LABELS = 1_000
MAX_SOURCE_ID = 100
MAX_COMMENT = 10_000
# Comments per board: bounds what an import holds in memory (Trello exports carry ~1,000 actions).
MAX_COMMENTS = 100_000
MAX_AUTHOR = 200
MAX_EMAIL = 254

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# PostgreSQL text cannot hold NUL, and lone surrogates cannot be encoded as UTF-8.
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def check_text(value: str, where: Where, what: str) -> str:
    """`value` unchanged, unless it holds characters the database cannot store."""
    found = _UNSTORABLE.search(value)
    if found is None:
        return value
    kind = "a NUL character" if found.group() == "\x00" else "an unpaired surrogate"
    raise where.fail(f"the {what} contains {kind}, which cannot be stored")


def check_name(raw: str, where: Where, what: str, limit: int) -> str:
    """A stripped, non-empty name of at most `limit` characters."""
    name = check_text(raw, where, what).strip()
    if not name:
        raise where.fail(f"the {what} is empty")
    _check_length(name, where, what, limit)
    return name


def check_title(raw: str, where: Where) -> str:
    return check_name(raw, where, "title", MAX_TITLE)


def check_description(raw: str, where: Where) -> str:
    description = check_text(raw, where, "description")
    _check_length(description, where, "description", MAX_DESCRIPTION)
    return description


def check_labels(raw: Iterable[str], where: Where) -> tuple[str, ...]:
    """Stripped labels without blanks or repeats, in first-seen order."""
    labels: dict[str, None] = {}
    for label in raw:
        name = check_text(label, where, "label").strip()
        if len(name) > MAX_LABEL:
            raise where.fail(
                f"label {_preview(name)} is {len(name):,} characters long; {_limit(MAX_LABEL)}"
            )
        if name:
            labels[name] = None
    if len(labels) > MAX_LABELS_PER_CARD:
        raise where.fail(f"the card has {len(labels)} labels; {_limit(MAX_LABELS_PER_CARD)}")
    return tuple(labels)


def check_emails(raw: Iterable[str], where: Where) -> tuple[str, ...]:
    """Lower-cased email addresses without blanks or repeats, in first-seen order."""
    emails: dict[str, None] = {}
    for value in raw:
        email = check_text(value, where, "email address").strip().lower()
        if email and (len(email) > MAX_EMAIL or not _EMAIL.match(email)):
            hint = " (separate several addresses with ';')" if "," in email else ""
            raise where.fail(
                f"{_preview(email)} is not an email address like name@example.com{hint}"
            )
        if email:
            emails[email] = None
    return tuple(emails)


def check_wip_limit(value: int | None, where: Where) -> int | None:
    if value is not None and not 1 <= value <= MAX_CARDS:
        raise where.fail(f"the WIP limit must be between 1 and {MAX_CARDS:,}, not {value}")
    return value


def check_checklist_title(raw: str, where: Where) -> str:
    return check_name(raw, where, "checklist title", MAX_CHECKLIST_TITLE)


def check_checklist_item(raw: str, where: Where) -> str:
    return check_name(raw, where, "checklist item", MAX_CHECKLIST_ITEM)


def check_checklist_count(count: int, where: Where, whose: str = "the card") -> None:
    if count > MAX_CHECKLISTS_PER_CARD:
        raise where.fail(
            f"{whose} has {count} checklists; {_limit(MAX_CHECKLISTS_PER_CARD)} per card"
        )


def check_checklist_item_count(count: int, where: Where) -> None:
    if count > MAX_CHECKLIST_ITEMS:
        raise where.fail(
            f"the checklist has {count:,} items; {_limit(MAX_CHECKLIST_ITEMS)} per checklist"
        )


def check_color(raw: str, where: Where) -> str:
    """One of the palette's colour names (labels/palette.py)."""
    if raw not in COLORS:
        raise where.fail(
            f"{_preview(raw)} is not a label colour; the colours are {', '.join(COLORS)}"
        )
    return raw


def check_board_labels(
    labels: Iterable[tuple[LabelData, Where]], where: Where
) -> tuple[LabelData, ...]:
    """The labels a board file gives colours to: each name once, at most MAX_BOARD_LABELS."""
    found: dict[str, LabelData] = {}
    for label, at in labels:
        if label.name in found:
            raise at.fail(f"label {_preview(label.name)} is listed more than once")
        found[label.name] = label
    if len(found) > MAX_BOARD_LABELS:
        raise where.fail(f"the board has {len(found):,} labels; {_limit(MAX_BOARD_LABELS)}")
    return tuple(found.values())


def check_author(raw: str, where: Where) -> str:
    return check_name(raw, where, "comment author", MAX_AUTHOR)


def check_comment_body(raw: str, where: Where) -> str:
    """The comment text as written (not stripped), which must not be blank."""
    body = check_text(raw, where, "comment")
    if not body.strip():
        raise where.fail("the comment is empty")
    _check_length(body, where, "comment", MAX_COMMENT)
    return body


def check_column_count(count: int, where: Where) -> None:
    if count > MAX_COLUMNS:
        raise where.fail(f"the board has {count:,} columns; {_limit(MAX_COLUMNS)}")


def check_card_count(count: int, where: Where) -> None:
    if count > MAX_CARDS:
        raise where.fail(f"the board has more than {MAX_CARDS:,} cards; {_limit(MAX_CARDS)}")


def check_parents(columns: tuple[ColumnData, ...], where: Callable[[int, int], Where]) -> None:
    """Every parent is another card of the board, and no card is a subtask of itself through
    others; `where(column, card)`: the place of that card's parent in the file."""
    parents: dict[Place, Place] = {}
    for c, column in enumerate(columns):
        for k, card in enumerate(column.cards):
            if card.parent is None:
                continue
            parent_column, parent_card = card.parent
            if parent_column >= len(columns) or parent_card >= len(columns[parent_column].cards):
                raise where(c, k).fail(
                    f"there is no card {parent_card} in column {parent_column} "
                    "(both counted from 0)"
                )
            if card.parent == (c, k):
                raise where(c, k).fail("a card cannot be its own parent")
            parents[c, k] = card.parent
    if loops := parent_loops(parents):
        raise where(*loops[0]).fail(
            "the card is a subtask of its own subtask: parents must not form a loop"
        )


def parent_loops(parents: Mapping[Place, Place]) -> list[Place]:
    """One card of each loop of parents (a card under its own subtask), found by following
    every chain up once (O(cards)); without that card's parent, the loop is gone. A card has one
    parent, so loops never share a card."""
    found: list[Place] = []
    cleared: set[Place] = set()
    for start in parents:
        walked: set[Place] = set()
        at: Place | None = start
        while at is not None and at not in cleared:
            if at in walked:
                found.append(at)
                break
            walked.add(at)
            at = parents.get(at)
        cleared |= walked
    return found


def parse_datetime(raw: str, where: Where) -> datetime:
    """An ISO-8601 date or date-time as an aware UTC datetime.

    A bare date means midnight UTC and a date-time without an offset is read as UTC, because a
    file carries no other hint of its time zone.
    """
    try:
        moment = datetime.fromisoformat(raw.strip())
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise where.fail(
            f"{_preview(raw)} is not an ISO-8601 date or date-time "
            "(for example 2024-03-01 or 2024-03-01T12:00:00Z)"
        ) from None


def format_datetime(moment: datetime) -> str:
    """ISO-8601 in UTC with a Z, the form `parse_datetime` reads back to the same instant."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat().replace("+00:00", "Z")


def _check_length(value: str, where: Where, what: str, limit: int) -> None:
    if len(value) > limit:
        raise where.fail(f"the {what} is {len(value):,} characters long; {_limit(limit)}")


def _limit(limit: int) -> str:
    return f"the limit is {limit:,}"


def _preview(value: str) -> str:
    """`value` quoted, shortened so an error message stays readable."""
    return repr(value if len(value) <= 40 else value[:40] + "…")
