"""ProjectFlow's own board file: JSON that carries everything a board holds (see
docs/board-formats.md), so export followed by import gives back the same board."""

from datetime import datetime
from typing import Any

from projectflow.boardfiles.bounded_json import Fields, Items, Leaf, Limit, read_json
from projectflow.boardfiles.errors import Node, Where, describe
from projectflow.boardfiles.model import (
    MAX_AUTHOR,
    MAX_BOARD_LABELS,
    MAX_BOARD_NAME,
    MAX_CARDS,
    MAX_CHECKLIST_ITEM,
    MAX_CHECKLIST_ITEMS_ON_BOARD,
    MAX_CHECKLIST_TITLE,
    MAX_CHECKLISTS,
    MAX_COLUMN_NAME,
    MAX_COLUMNS,
    MAX_COMMENT,
    MAX_COMMENTS,
    MAX_DESCRIPTION,
    MAX_EMAIL,
    MAX_LABEL,
    MAX_TITLE,
    BoardData,
    CardData,
    ChecklistData,
    ChecklistItemData,
    ColumnData,
    CommentData,
    LabelData,
    check_author,
    check_board_labels,
    check_checklist_count,
    check_checklist_item,
    check_checklist_item_count,
    check_checklist_title,
    check_color,
    check_comment_body,
    check_description,
    check_emails,
    check_labels,
    check_name,
    check_parents,
    check_title,
    check_wip_limit,
    format_datetime,
    parse_datetime,
)

FORMAT = "projectflow.board"
# What export writes. Version 2 added label colours, checklists, completed due dates and done
# columns, version 3 subtasks' parents, all optional, so an older file reads as it always did.
VERSION = 3
READS = (1, 2, 3)

# What is read of a file, and how much of it (docs/board-formats.md, "Limits"). Unknown fields are
# refused as they are read; at the top level only after the header check, so that a file that is
# not ours at all says so instead of naming its first field.
_VALUE = Leaf()
# List entries as written, repeats and blanks included: room for 20 on every card of a full board.
_ENTRIES = 20 * MAX_CARDS
_COMMENT = Fields(
    {
        "author": Leaf(MAX_AUTHOR, "comment author"),
        "body": Leaf(MAX_COMMENT, "comment"),
        "at": _VALUE,
    },
    unknown="reject",
)
_CHECKLIST_ITEM = Fields(
    {"text": Leaf(MAX_CHECKLIST_ITEM, "checklist item"), "done": _VALUE}, unknown="reject"
)
_CHECKLIST = Fields(
    {
        "title": Leaf(MAX_CHECKLIST_TITLE, "checklist title"),
        "items": Items(_CHECKLIST_ITEM, Limit(MAX_CHECKLIST_ITEMS_ON_BOARD, "checklist items")),
    },
    unknown="reject",
)
# A card's parent by its place in the file: board.columns[column].cards[card].
_PARENT = Fields({"column": _VALUE, "card": _VALUE}, unknown="reject")
_CARD = Fields(
    {
        "title": Leaf(MAX_TITLE, "title"),
        "description": Leaf(MAX_DESCRIPTION, "description"),
        "labels": Items(Leaf(MAX_LABEL, "label"), Limit(_ENTRIES, "labels")),
        "due": _VALUE,
        "due_done": _VALUE,
        "archived": _VALUE,
        "assignees": Items(Leaf(MAX_EMAIL, "email address"), Limit(_ENTRIES, "assignees")),
        "checklists": Items(_CHECKLIST, Limit(MAX_CHECKLISTS, "checklists")),
        "comments": Items(_COMMENT, Limit(MAX_COMMENTS, "comments")),
        "parent": _PARENT,
    },
    unknown="reject",
)
_COLUMN = Fields(
    {
        "name": Leaf(MAX_COLUMN_NAME, "column name"),
        "wip_limit": _VALUE,
        "done": _VALUE,
        "cards": Items(_CARD, Limit(MAX_CARDS, "cards")),
    },
    unknown="reject",
)
_LABEL = Fields({"name": Leaf(MAX_LABEL, "label"), "color": Leaf(20, "colour")}, unknown="reject")
_BOARD = Fields(
    {
        "name": Leaf(MAX_BOARD_NAME, "board name"),
        "labels": Items(_LABEL, Limit(MAX_BOARD_LABELS, "labels in board.labels")),
        "columns": Items(_COLUMN, Limit(MAX_COLUMNS, "columns")),
    },
    unknown="reject",
)
_FILE = Fields({"format": _VALUE, "version": _VALUE, "board": _BOARD}, unknown="record")


def export_native(board: BoardData) -> dict[str, Any]:
    """The board as a JSON-ready dict in the ProjectFlow board format."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "board": {
            "name": board.name,
            "labels": [{"name": label.name, "color": label.color} for label in board.labels],
            "columns": [_export_column(c) for c in board.columns],
        },
    }


def parse_native(data: bytes) -> BoardData:
    """Read a ProjectFlow board file; raises BoardFileError naming the bad field's path."""
    root = read_json(data, _FILE)
    _check_header(root)
    board = root.get("board")
    name = board.get("name")
    columns_node = board.get("columns")
    columns = tuple(_parse_column(column) for column in columns_node.items())
    check_parents(
        columns, lambda c, k: columns_node.where.index(c).key("cards").index(k).key("parent")
    )
    return BoardData(
        name=check_name(name.text(), name.where, "board name", MAX_BOARD_NAME),
        columns=columns,
        labels=_parse_labels(board.get("labels")),
    )


def _export_column(column: ColumnData) -> dict[str, Any]:
    return {
        "name": column.name,
        "wip_limit": column.wip_limit,
        "done": column.done,
        "cards": [_export_card(card) for card in column.cards],
    }


def _export_card(card: CardData) -> dict[str, Any]:
    return {
        "title": card.title,
        "description": card.description,
        "labels": list(card.labels),
        "due": format_datetime(card.due) if card.due is not None else None,
        "due_done": card.due_done,
        "archived": card.archived,
        "assignees": list(card.assignee_emails),
        "checklists": [_export_checklist(checklist) for checklist in card.checklists],
        "comments": [_export_comment(comment) for comment in card.comments],
        "parent": None
        if card.parent is None
        else {"column": card.parent[0], "card": card.parent[1]},
    }


def _export_checklist(checklist: ChecklistData) -> dict[str, Any]:
    return {
        "title": checklist.title,
        "items": [{"text": item.text, "done": item.done} for item in checklist.items],
    }


def _export_comment(comment: CommentData) -> dict[str, Any]:
    at = format_datetime(comment.at) if comment.at is not None else None
    return {"author": comment.author, "body": comment.body, "at": at}


def _check_header(root: Node) -> None:
    """Say plainly when the file is not ours at all, before complaining about its fields."""
    if not isinstance(root.value, dict):
        raise root.where.fail(
            f"this is not a ProjectFlow board file: expected a JSON object, found "
            f"{describe(root.value)}"
        )
    kind = root.get("format")
    if kind.value != FORMAT:
        found = "it is missing" if kind.missing else f"found {kind.value!r}"
        raise kind.where.fail(f"this is not a ProjectFlow board file: expected {FORMAT!r}, {found}")
    version = root.get("version")
    *earlier, last = READS
    reads = f"{', '.join(str(number) for number in earlier)} and {last}"
    if version.missing:
        raise version.where.fail(f"the format version is missing; this server reads {reads}")
    if version.optional_integer() not in READS:
        raise version.where.fail(
            f"version {version.value!r} of the board format is not supported; "
            f"this server reads versions {reads}"
        )
    root.reject_unknown(frozenset(_FILE.fields))


def _parse_column(node: Node) -> ColumnData:
    name, wip_limit = node.get("name"), node.get("wip_limit")
    return ColumnData(
        name=check_name(name.text(), name.where, "column name", MAX_COLUMN_NAME),
        cards=tuple(_parse_card(card) for card in node.get("cards").optional_items()),
        wip_limit=check_wip_limit(wip_limit.optional_integer(), wip_limit.where),
        done=node.get("done").optional_flag(),
    )


def _parse_card(node: Node) -> CardData:
    title, description = node.get("title"), node.get("description")
    labels, assignees, due = node.get("labels"), node.get("assignees"), node.get("due")
    return CardData(
        title=check_title(title.text(), title.where),
        description=check_description(description.optional_text(), description.where),
        labels=check_labels((label.text() for label in labels.optional_items()), labels.where),
        due=_parse_moment(due),
        due_done=node.get("due_done").optional_flag(),
        archived=node.get("archived").optional_flag(),
        assignee_emails=check_emails(
            (email.text() for email in assignees.optional_items()), assignees.where
        ),
        comments=tuple(_parse_comment(c) for c in node.get("comments").optional_items()),
        checklists=_parse_checklists(node.get("checklists")),
        parent=_parse_parent(node.get("parent")),
    )


def _parse_parent(node: Node) -> tuple[int, int] | None:
    """`{"column": 0, "card": 2}` or null; whether that card exists is checked afterwards."""
    if node.missing or node.value is None:
        return None
    node.obj()
    return _place(node.get("column")), _place(node.get("card"))


def _place(node: Node) -> int:
    if node.missing:
        raise node.where.fail("this field is required")
    place = node.optional_integer()
    if place is None or place < 0:
        raise node.where.fail(f"expected a position counting from 0, found {describe(node.value)}")
    return place


def _parse_checklists(node: Node) -> tuple[ChecklistData, ...]:
    checklists = node.optional_items()
    check_checklist_count(len(checklists), node.where)
    return tuple(_parse_checklist(checklist) for checklist in checklists)


def _parse_checklist(node: Node) -> ChecklistData:
    title, items = node.get("title"), node.get("items")
    entries = items.optional_items()
    check_checklist_item_count(len(entries), items.where)
    return ChecklistData(
        title=check_checklist_title(title.text(), title.where),
        items=tuple(_parse_checklist_item(item) for item in entries),
    )


def _parse_checklist_item(node: Node) -> ChecklistItemData:
    text = node.get("text")
    return ChecklistItemData(
        text=check_checklist_item(text.text(), text.where), done=node.get("done").optional_flag()
    )


def _parse_labels(node: Node) -> tuple[LabelData, ...]:
    return check_board_labels((_parse_label(label) for label in node.optional_items()), node.where)


def _parse_label(node: Node) -> tuple[LabelData, Where]:
    name, color = node.get("name"), node.get("color")
    label = LabelData(
        name=check_name(name.text(), name.where, "label", MAX_LABEL),
        color=check_color(color.text(), color.where),
    )
    return label, node.where


def _parse_comment(node: Node) -> CommentData:
    author, body = node.get("author"), node.get("body")
    return CommentData(
        author=check_author(author.text(), author.where),
        body=check_comment_body(body.text(), body.where),
        at=_parse_moment(node.get("at")),
    )


def _parse_moment(node: Node) -> datetime | None:
    raw = node.nullable_text()
    return None if raw is None else parse_datetime(raw, node.where)
