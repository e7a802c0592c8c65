"""Board templates: what a new board starts with, as data.

Each template is columns (with "done" flags and WIP limits), cards and the colours of the labels
they name, in the neutral board model of board files. `build` turns one into document states with
fresh ids and positions, ready for the board's writer. The sample board's due dates are relative
to the day it is made, so that it always shows one overdue, one due soon and one completed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal
from uuid import UUID, uuid4

from projectflow.boardfiles.model import (
    CardData,
    ChecklistData,
    ChecklistItemData,
    ColumnData,
    CommentData,
    LabelData,
)
from projectflow.collab.new_states import new_card
from projectflow.collab.state import (
    CardState,
    ColumnState,
)
from projectflow.kit.fractional_index import keys_between

TemplateName = Literal["blank", "kanban", "sprint", "bug_triage", "sample"]

# Who the sample board's comments are by (no account stands behind them, as with imports).
SAMPLE_AUTHOR = "ProjectFlow"


@dataclass(frozen=True)
class Template:
    columns: tuple[ColumnData, ...]
    labels: tuple[LabelData, ...] = ()


@dataclass(frozen=True)
class BuiltBoard:
    """A template as document states (new ids, positions in order) and the rows beside them."""

    columns: list[ColumnState]
    cards: list[CardState]
    labels: tuple[LabelData, ...]
    comments: list[tuple[UUID, CommentData]] = field(default_factory=list)  # (card id, comment)


def build(template: Template) -> BuiltBoard:
    columns: list[ColumnState] = []
    cards: list[CardState] = []
    comments: list[tuple[UUID, CommentData]] = []
    positions = keys_between(None, None, len(template.columns))
    for column, position in zip(template.columns, positions, strict=True):
        state = ColumnState(uuid4(), column.name, position, column.wip_limit, column.done)
        columns.append(state)
        card_positions = keys_between(None, None, len(column.cards))
        for card, card_position in zip(column.cards, card_positions, strict=True):
            card_state = new_card(card, state.id, card_position)
            cards.append(card_state)
            comments.extend((card_state.id, comment) for comment in card.comments)
    return BuiltBoard(columns, cards, template.labels, comments)


# -- the templates ------------------------------------------------------------------------


def _blank(_: datetime) -> Template:
    """The columns every board had before templates (the default)."""
    return Template((ColumnData("To do"), ColumnData("In progress"), ColumnData("Done")))


def _kanban(_: datetime) -> Template:
    guide = CardData(
        "How this board works",
        "Pull a card to **In progress** only when there is room: the column holds at most "
        "3 cards, *Review* at most 2. Finished cards go to **Done** and are never overdue.",
    )
    return Template(
        (
            ColumnData("Backlog", (guide,)),
            ColumnData("To do"),
            ColumnData("In progress", wip_limit=3),
            ColumnData("Review", wip_limit=2),
            ColumnData("Done", done=True),
        ),
        (
            LabelData("feature", "green"),
            LabelData("bug", "red"),
            LabelData("improvement", "blue"),
            LabelData("blocked", "black"),
        ),
    )


def _sprint(_: datetime) -> Template:
    goal = CardData(
        "Sprint goal",
        "Write the goal of this sprint here, and set this card's due date to the sprint's "
        "last day.\n\n- Keep the sprint backlog to what the team can finish\n"
        "- Review and demo on the last day",
    )
    return Template(
        (
            ColumnData("Sprint backlog", (goal,)),
            ColumnData("To do"),
            ColumnData("In progress", wip_limit=4),
            ColumnData("In review", wip_limit=3),
            ColumnData("Done", done=True),
        ),
        (
            LabelData("story", "blue"),
            LabelData("bug", "red"),
            LabelData("tech debt", "orange"),
            LabelData("spike", "purple"),
        ),
    )


def _bug_triage(_: datetime) -> Template:
    guide = CardData(
        "How to report a bug",
        "One card per bug. In the description:\n\n1. **Steps** to reproduce\n"
        "2. What you **expected**\n3. What **happened** instead\n\n"
        "Triage gives it a severity label and moves it to *Triaged*.",
        labels=("needs info",),
    )
    return Template(
        (
            ColumnData("New", (guide,)),
            ColumnData("Triaged"),
            ColumnData("In progress", wip_limit=3),
            ColumnData("Fixed, to verify"),
            ColumnData("Closed", done=True),
        ),
        (
            LabelData("critical", "red"),
            LabelData("major", "orange"),
            LabelData("minor", "yellow"),
            LabelData("regression", "purple"),
            LabelData("needs info", "gray"),
        ),
    )


def _sample(now: datetime) -> Template:
    """A board that shows what boards do: coloured labels, checklists, Markdown, due dates
    (overdue, soon, completed), a done column, a WIP limit and comments."""
    today = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)

    def day(offset: int) -> datetime:  # date-only due dates are midnight UTC
        return today + timedelta(days=offset)

    def said(body: str, hours_ago: int) -> CommentData:
        return CommentData(SAMPLE_AUTHOR, body, now - timedelta(hours=hours_ago))

    return Template(
        (
            ColumnData("Ideas", (_welcome(said), CardData("Dark mode", labels=("design",)))),
            ColumnData(
                "To do",
                (
                    CardData(
                        "Fix the sign-in on Safari",
                        "Users on Safari 17 see a blank page after signing in.",
                        labels=("bug", "frontend"),
                        due=day(-3),
                        comments=(said("I can reproduce it on an iPad too.", 20),),
                    ),
                    CardData(
                        "Write the user guide",
                        labels=("docs",),
                        due=day(1),
                        checklists=(
                            _checklist(
                                "Chapters",
                                ("Getting started", True),
                                ("Boards and cards", True),
                                ("Sharing a project", False),
                            ),
                        ),
                    ),
                    CardData("Plan the launch", due=day(10)),
                ),
            ),
            ColumnData(
                "In progress",
                (
                    CardData(
                        "Payment API",
                        _PAYMENT_API,
                        labels=("backend",),
                        due=day(2),
                        checklists=(
                            _checklist(
                                "Steps",
                                ("Design the endpoints", True),
                                ("Write the tests", True),
                                ("Implement refunds", False),
                                ("Security review", False),
                            ),
                        ),
                    ),
                    CardData(
                        "Book the launch venue",
                        "Booked and paid: its due date is marked **complete**, so it is never "
                        "overdue.",
                        due=day(-4),
                        due_done=True,
                    ),
                ),
                # Full already: moving another card in asks first.
                wip_limit=2,
            ),
            ColumnData(
                "Done",
                (
                    CardData(
                        "Set up the project",
                        labels=("backend",),
                        due=day(-7),
                        checklists=(
                            _checklist(
                                "Setup", ("Create the board", True), ("Invite the team", True)
                            ),
                        ),
                    ),
                ),
                done=True,
            ),
        ),
        (
            LabelData("bug", "red"),
            LabelData("frontend", "sky"),
            LabelData("backend", "blue"),
            LabelData("design", "purple"),
            LabelData("docs", "green"),
        ),
    )


def _welcome(said: Callable[[str, int], CommentData]) -> CardData:
    return CardData(
        "Welcome to your sample board",
        _WELCOME,
        labels=("docs",),
        comments=(
            said("Comments go here: discuss the card with your team.", 26),
            said("You can edit or delete the comments you write.", 25),
        ),
    )


def _checklist(title: str, *items: tuple[str, bool]) -> ChecklistData:
    return ChecklistData(title, tuple(ChecklistItemData(text, done) for text, done in items))


_WELCOME = """\
This board shows what a board can do. Open the cards to see:

- **Labels** in colours: *bug*, *frontend*, *docs*…
- **Checklists**, with items ticked off (*Write the user guide*)
- **Due dates**: one is overdue, one due soon, and one marked complete
- A **done** column: its cards are never overdue
- A **WIP limit** on *In progress*: it holds 2 cards at most
- **Comments**, below this description

Descriptions are written in [Markdown](https://commonmark.org/help/). Delete this board when you
are done exploring.
"""

_PAYMENT_API = """\
## Scope

Card payments through the provider's API, with refunds.

1. `POST /payments` takes an amount and a card token
2. `POST /payments/{id}/refund` refunds it, fully or in part

> Keep card numbers out of our database: only the provider's tokens.
"""

TEMPLATES: dict[TemplateName, Callable[[datetime], Template]] = {
    "blank": _blank,
    "kanban": _kanban,
    "sprint": _sprint,
    "bug_triage": _bug_triage,
    "sample": _sample,
}


def template(name: TemplateName, now: datetime) -> Template:
    """The template `name` as of `now` (only the sample's due dates depend on it)."""
    return TEMPLATES[name](now)
