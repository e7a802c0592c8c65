"""Import of Trello's board export ("Print, export and share" → "Export as JSON").

What is taken and how is documented in docs/board-formats.md. Anything else Trello writes
(prefs, badges, attachments, custom fields, power-up data, other action types) is ignored.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from projectflow.boardfiles.bounded_json import Fields, Items, Leaf, Limit, read_json
from projectflow.boardfiles.errors import Node, Where
from projectflow.boardfiles.model import (
    MAX_AUTHOR,
    MAX_BOARD_NAME,
    MAX_CARDS,
    MAX_CHECKLIST_ITEM,
    MAX_CHECKLIST_ITEMS_ON_BOARD,
    MAX_CHECKLIST_TITLE,
    MAX_CHECKLISTS,
    MAX_COLUMN_NAME,
    MAX_COMMENT,
    MAX_COMMENTS,
    MAX_DESCRIPTION,
    MAX_LABEL,
    MAX_LABELS_PER_CARD,
    MAX_SOURCE_ID,
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
    check_column_count,
    check_comment_body,
    check_description,
    check_labels,
    check_name,
    check_title,
    parse_datetime,
)
from projectflow.labels.palette import from_trello

# Where the cards of closed lists go when the board has no open list at all.
ARCHIVE_COLUMN = "Archived"
# Trello requires a checklist name; an export edited by hand may still lack one.
UNTITLED_CHECKLIST = "Checklist"
# `BoardData.source` of an import: "trello:" and the export's board id.
SOURCE_PREFIX = "trello:"
UNKNOWN_AUTHOR = "Unknown"
# Lists in an export, archived ones included (Trello itself stops at a few hundred open ones).
MAX_LISTS = 1_000
# Actions are read one at a time and dropped unless they are comments; this bounds the time.
MAX_ACTIONS = 1_000_000


def _is_comment(action: object) -> bool:
    """Keep comment actions, and anything that is not an action at all for the parser to refuse."""
    return not isinstance(action, dict) or action.get("type") == "commentCard"


# What is read of an export, and how much of it (docs/board-formats.md, "Limits"); everything
# else Trello writes streams past unread.
_VALUE = Leaf()
_NAMED = Fields({"id": _VALUE, "name": _VALUE, "color": _VALUE})
_LIST = Fields(
    {
        "id": _VALUE,
        "name": Leaf(MAX_COLUMN_NAME, "list name"),
        "closed": _VALUE,
        "pos": _VALUE,
        "softLimit": _VALUE,
    }
)
_CARD = Fields(
    {
        "id": _VALUE,
        "idList": _VALUE,
        "name": Leaf(MAX_TITLE, "title"),
        "desc": Leaf(MAX_DESCRIPTION, "description"),
        "due": _VALUE,
        "dueComplete": _VALUE,
        "closed": _VALUE,
        "pos": _VALUE,
        "labels": Items(
            Fields({"name": Leaf(MAX_LABEL, "label"), "color": _VALUE}),
            Limit(MAX_CARDS * MAX_LABELS_PER_CARD, "card labels"),
        ),
        "idLabels": Items(_VALUE, Limit(MAX_CARDS * MAX_LABELS_PER_CARD, "card label ids")),
    }
)
_CHECKLIST = Fields(
    {
        "idCard": _VALUE,
        "name": Leaf(MAX_CHECKLIST_TITLE, "checklist title"),
        "pos": _VALUE,
        "checkItems": Items(
            Fields(
                {"name": Leaf(MAX_CHECKLIST_ITEM, "checklist item"), "state": _VALUE, "pos": _VALUE}
            ),
            Limit(MAX_CHECKLIST_ITEMS_ON_BOARD, "checklist items"),
        ),
    }
)
_PERSON = Fields(
    {"id": _VALUE, "fullName": Leaf(MAX_AUTHOR, "name"), "username": Leaf(MAX_AUTHOR, "name")}
)
_ACTION = Fields(
    {
        "type": _VALUE,
        "date": _VALUE,
        "data": Fields({"text": Leaf(MAX_COMMENT, "comment"), "card": Fields({"id": _VALUE})}),
        "memberCreator": _PERSON,
        "idMemberCreator": _VALUE,
    }
)
_EXPORT = Fields(
    {
        "id": Leaf(MAX_SOURCE_ID, "board id"),
        "name": Leaf(MAX_BOARD_NAME, "board name"),
        "lists": Items(_LIST, Limit(MAX_LISTS, "lists (open and archived)")),
        "cards": Items(_CARD, Limit(MAX_CARDS, "cards")),
        "labels": Items(_NAMED, Limit(10_000, "labels")),
        "checklists": Items(_CHECKLIST, Limit(MAX_CHECKLISTS, "checklists")),
        "actions": Items(
            _ACTION,
            Limit(MAX_ACTIONS, "actions"),
            keep=_is_comment,
            kept=Limit(MAX_COMMENTS, "comments"),
        ),
        "members": Items(_PERSON, Limit(10_000, "members")),
    }
)


@dataclass(frozen=True)
class _List:
    id: str
    name: str
    closed: bool
    wip_limit: int | None
    order: tuple[float, int]


@dataclass(frozen=True)
class _Card:
    list_id: str
    order: tuple[float, int]
    data: CardData


@dataclass(frozen=True)
class _Extras:
    """What the board-level arrays contribute to each card, keyed by card id."""

    labels_by_id: dict[str, str]
    checklists: dict[str, tuple[ChecklistData, ...]]
    comments: dict[str, tuple[CommentData, ...]]


def parse_trello(data: bytes) -> BoardData:
    """Read a Trello board export; raises BoardFileError naming the bad field's path."""
    root = read_json(data, _EXPORT)
    _check_looks_like_trello(root)
    name = root.get("name")
    lists = [_parse_list(node, index) for index, node in enumerate(root.get("lists").items())]
    board_labels = root.get("labels").optional_items()
    extras = _Extras(
        labels_by_id=_label_names(board_labels),
        checklists=_checklists_by_card(root.get("checklists").optional_items()),
        comments=_comments_by_card(root.get("actions").optional_items(), root.get("members")),
    )
    cards = _parse_cards(root.get("cards"), {lst.id for lst in lists}, extras)
    columns = _arrange(lists, cards, root.get("lists"))
    return BoardData(
        name=check_name(name.text(), name.where, "board name", MAX_BOARD_NAME),
        columns=columns,
        labels=_label_colors(columns, board_labels, root.get("cards"), root.where.key("labels")),
        source=_source(root.get("id")),
    )


def _source(node: Node) -> str | None:
    """Where the board came from, to notice a second import of it; None without a board id."""
    raw = node.nullable_text()
    if raw is None or not raw.strip():
        return None
    return SOURCE_PREFIX + check_name(raw, node.where, "board id", MAX_SOURCE_ID)


def _check_looks_like_trello(root: Node) -> None:
    if not isinstance(root.value, dict) or "lists" not in root.value or "cards" not in root.value:
        raise root.where.fail(
            "this is not a Trello board export: expected a JSON object with 'lists' and 'cards' "
            "(in Trello use Print, export and share → Export as JSON)"
        )


def _order(node: Node, index: int) -> tuple[float, int]:
    """Trello's `pos`, then file order; items without a position go last."""
    position = node.get("pos").optional_number()
    return (math.inf if position is None else position, index)


def _parse_list(node: Node, index: int) -> _List:
    name = node.get("name")
    return _List(
        id=node.get("id").text(),
        name=check_name(name.text(), name.where, "list name", MAX_COLUMN_NAME),
        closed=node.get("closed").optional_flag(),
        wip_limit=_soft_limit(node.get("softLimit")),
        order=_order(node, index),
    )


def _soft_limit(node: Node) -> int | None:
    """Trello's list limit (a number in a string) as a WIP limit; it is advisory, so a value we
    cannot read is dropped rather than failing the import."""
    value = node.value
    if isinstance(value, str):
        digits = value.strip()
        # Short ASCII digits only: int() refuses very long digit strings with a ValueError.
        value = int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 6 else None
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_CARDS:
        return value
    return None


def _parse_cards(cards: Node, list_ids: set[str], extras: _Extras) -> list[_Card]:
    # The reader has already refused more than MAX_CARDS.
    return [_parse_card(node, index, list_ids, extras) for index, node in enumerate(cards.items())]


def _parse_card(node: Node, index: int, list_ids: set[str], extras: _Extras) -> _Card:
    card_id, list_id = node.get("id").text(), node.get("idList")
    if list_id.text() not in list_ids:
        raise list_id.where.fail(f"the card's list {list_id.value!r} is not among the lists")
    title, desc, due = node.get("name"), node.get("desc"), node.get("due")
    raw_due = due.nullable_text()
    data = CardData(
        title=check_title(title.text(), title.where),
        description=check_description(desc.optional_text(), desc.where),
        labels=_card_labels(node, extras.labels_by_id),
        due=None if raw_due is None else parse_datetime(raw_due, due.where),
        due_done=node.get("dueComplete").optional_flag(),
        archived=node.get("closed").optional_flag(),
        comments=extras.comments.get(card_id, ()),
        checklists=extras.checklists.get(card_id, ()),
    )
    return _Card(list_id=list_id.text(), order=_order(node, index), data=data)


def _label_name(node: Node) -> str | None:
    """A label's name, or its colour when it has none (Trello shows unnamed labels by colour;
    a shade such as "sky_light" is named by its colour, "sky")."""
    name = node.get("name").optional_text().strip()
    color = node.get("color").nullable_text()
    if name or color is None:
        return name or None
    return color if from_trello(color) == "gray" else from_trello(color)


def _label_names(labels: list[Node]) -> dict[str, str]:
    names = {}
    for node in labels:
        name = _label_name(node)
        if name:
            names[node.get("id").text()] = name
    return names


def _card_labels(card: Node, labels_by_id: dict[str, str]) -> tuple[str, ...]:
    """The card's embedded label objects, or its label ids looked up on the board."""
    embedded = card.get("labels")
    if not embedded.missing and embedded.value is not None:
        names = [_label_name(node) for node in embedded.items()]
        return check_labels((name for name in names if name), embedded.where)
    ids = card.get("idLabels")
    names = [labels_by_id.get(node.text()) for node in ids.optional_items()]
    return check_labels((name for name in names if name), ids.where)


def _label_colors(
    columns: tuple[ColumnData, ...], board_labels: list[Node], cards: Node, where: Where
) -> tuple[LabelData, ...]:
    """The colour of each label the cards name, from the first Trello label of that name (the
    board's, then those embedded in cards); Trello's `_light`/`_dark` shades become their base
    colour, and a label without a colour is gray."""
    colors: dict[str, str] = {}
    embedded = (label for card in cards.items() for label in card.get("labels").optional_items())
    for node in [*board_labels, *embedded]:
        name = _label_name(node)
        if name:
            colors.setdefault(name.strip(), from_trello(node.get("color").value))
    used = dict.fromkeys(label for c in columns for card in c.cards for label in card.labels)
    found = (LabelData(name, colors[name]) for name in used if name in colors)
    return check_board_labels(((label, where) for label in found), where)


def _checklists_by_card(checklists: list[Node]) -> dict[str, tuple[ChecklistData, ...]]:
    """Each card's checklists, checklists and their items in Trello's order (`pos`)."""
    by_card: defaultdict[str, list[tuple[tuple[float, int], ChecklistData]]] = defaultdict(list)
    for index, node in enumerate(checklists):
        card_id = node.get("idCard").text()
        by_card[card_id].append((_order(node, index), _checklist(node)))
        check_checklist_count(len(by_card[card_id]), node.where, f"the card {card_id!r}")
    return {
        card_id: tuple(checklist for _, checklist in sorted(found, key=lambda pair: pair[0]))
        for card_id, found in by_card.items()
    }


def _checklist(node: Node) -> ChecklistData:
    name, check_items = node.get("name"), node.get("checkItems")
    entries = check_items.optional_items()
    check_checklist_item_count(len(entries), check_items.where)
    items = sorted(enumerate(entries), key=lambda pair: _order(pair[1], pair[0]))
    title = _one_line(name.optional_text()) or UNTITLED_CHECKLIST
    return ChecklistData(
        title=check_checklist_title(title, name.where),
        items=tuple(_checklist_item(item) for _, item in items),
    )


def _checklist_item(node: Node) -> ChecklistItemData:
    name = node.get("name")
    return ChecklistItemData(
        text=check_checklist_item(_one_line(name.text()), name.where),
        done=node.get("state").optional_text() == "complete",
    )


def _one_line(text: str) -> str:
    """A checklist's title and its items are one line each; Trello's may hold line breaks."""
    return " ".join(text.split())


def _comments_by_card(actions: list[Node], members: Node) -> dict[str, tuple[CommentData, ...]]:
    """Comments from `commentCard` actions, oldest first (Trello lists actions newest first)."""
    names = _member_names(members.optional_items())
    found: defaultdict[str, list[tuple[datetime, int, CommentData]]] = defaultdict(list)
    for index, action in enumerate(actions):
        if action.get("type").value == "commentCard":
            card_id, comment = _parse_comment(action, names)
            latest = datetime.max.replace(tzinfo=UTC)
            found[card_id].append((comment.at or latest, -index, comment))
    return {
        card_id: tuple(comment for *_, comment in sorted(entries, key=lambda e: e[:2]))
        for card_id, entries in found.items()
    }


def _parse_comment(action: Node, names: dict[str, str]) -> tuple[str, CommentData]:
    data, date = action.get("data"), action.get("date")
    text = data.get("text")
    raw_date = date.nullable_text()
    comment = CommentData(
        author=check_author(_author(action, names), action.where.key("memberCreator")),
        body=check_comment_body(text.text(), text.where),
        at=None if raw_date is None else parse_datetime(raw_date, date.where),
    )
    return data.get("card").get("id").text(), comment


def _author(action: Node, names: dict[str, str]) -> str:
    creator = action.get("memberCreator")
    if not creator.missing and creator.value is not None:
        name = creator.get("fullName").optional_text().strip()
        name = name or creator.get("username").optional_text().strip()
        if name:
            return name
    member_id = action.get("idMemberCreator").optional_text()
    return names.get(member_id) or UNKNOWN_AUTHOR


def _member_names(members: list[Node]) -> dict[str, str]:
    names = {}
    for member in members:
        name = member.get("fullName").optional_text().strip()
        name = name or member.get("username").optional_text().strip()
        if name:
            names[member.get("id").text()] = name
    return names


def _arrange(lists: list[_List], cards: list[_Card], source: Node) -> tuple[ColumnData, ...]:
    """Open lists become columns in `pos` order; closed lists' cards are archived into the first
    open column, after its own cards, so nothing in the export is lost."""
    by_list: defaultdict[str, list[_Card]] = defaultdict(list)
    for card in cards:
        by_list[card.list_id].append(card)
    ordered = sorted(lists, key=lambda lst: lst.order)
    open_lists = [lst for lst in ordered if not lst.closed]
    check_column_count(len(open_lists), source.where)
    columns = [_column(lst, by_list[lst.id]) for lst in open_lists]
    archived = [
        replace(card.data, archived=True)
        for lst in ordered
        if lst.closed
        for card in sorted(by_list[lst.id], key=lambda c: c.order)
    ]
    if archived and not columns:
        columns = [ColumnData(name=ARCHIVE_COLUMN)]
    if archived:
        columns[0] = replace(columns[0], cards=columns[0].cards + tuple(archived))
    return tuple(columns)


def _column(lst: _List, cards: list[_Card]) -> ColumnData:
    ordered = sorted(cards, key=lambda card: card.order)
    return ColumnData(
        name=lst.name, cards=tuple(card.data for card in ordered), wip_limit=lst.wip_limit
    )
