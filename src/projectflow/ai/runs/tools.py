"""The tools an agent run may call: the board's own services, in the run creator's name.

Reading tools answer at once. Changing tools check their arguments and the creator's right to
write, and answer with a proposed change: the run's proposal, applied when the person approves
it (or at the run's end with `auto_apply`) through the board's write path (proposals.py).
Anything outside the run's project is answered as not found. Later features register more
tools (`register`).
"""

import json
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.ai.providers.base import ToolSpec
from projectflow.authz.permissions import Permission
from projectflow.authz.service import ProjectAccess, project_access
from projectflow.boards.repository import columns_in_order
from projectflow.boards.schemas import Description, Labels, Title
from projectflow.cards import repository as cards
from projectflow.comments import repository as comments
from projectflow.comments.schemas import Body
from projectflow.kit.errors import AppError, Forbidden
from projectflow.models import Card, Column

COMMENTS_SHOWN = 30
HISTORY_SHOWN = 30
TEXT_SHOWN = 2000


@dataclass(frozen=True)
class Scope:
    """What a tool call acts within: the run, its creator, its card and board."""

    run_id: UUID
    project_id: UUID
    card_id: UUID
    board_id: UUID
    user_id: UUID
    transaction: Callable[[], AbstractAsyncContextManager[AsyncSession]]


@dataclass(frozen=True)
class Proposed:
    """A change a tool call proposes: its kind (the tool's name), checked arguments, and a
    sentence saying what it does."""

    kind: str
    args: dict[str, Any]
    summary: str


@dataclass(frozen=True)
class Outcome:
    content: str  # what the model reads
    ok: bool = True
    proposed: Proposed | None = None


class Refused(Exception):
    """The call cannot be done as asked; the model reads why and may try otherwise."""


@dataclass(frozen=True)
class Tool:
    spec: ToolSpec
    run: Callable[[Scope, dict[str, Any]], Awaitable[Outcome]]


REGISTRY: dict[str, Tool] = {}


def register(tool: Tool) -> Tool:
    if tool.spec.name in REGISTRY:
        raise ValueError(f"tool {tool.spec.name!r} is registered twice")
    REGISTRY[tool.spec.name] = tool
    return tool


async def call_tool(scope: Scope, name: str, arguments: dict[str, Any]) -> Outcome:
    """Run a tool the model asked for; every refusal becomes an answer the model can read."""
    tool = REGISTRY.get(name)
    if tool is None:
        return Outcome(f"There is no tool named {name!r}.", ok=False)
    try:
        return await tool.run(scope, arguments)
    except Refused as refusal:
        return Outcome(str(refusal), ok=False)
    except ValidationError as error:
        return Outcome(f"Invalid arguments: {_problems(error)}", ok=False)
    except Forbidden:
        return Outcome("Nothing with that id exists in this project.", ok=False)
    except AppError as error:
        return Outcome(error.message, ok=False)


def spec(name: str, description: str, model: type[BaseModel]) -> ToolSpec:
    schema = model.model_json_schema()
    schema.pop("title", None)
    return ToolSpec(name, description, schema)


def _problems(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in problem['loc']) or 'arguments'}: {problem['msg']}"
        for problem in error.errors(include_url=False)[:5]
    )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _cut(text: str, limit: int = TEXT_SHOWN) -> str:
    return text if len(text) <= limit else text[:limit] + " […]"


class _Arguments(BaseModel):
    model_config = ConfigDict(extra="forbid")


CardId = Annotated[
    UUID | None, Field(description="a card of this project; leave out for the run's own card")
]


async def _access(session: AsyncSession, scope: Scope, *, write: bool = False) -> ProjectAccess:
    """The run creator's access to the project now (left it: Forbidden); `write`: they must
    still be allowed to change cards."""
    access = await project_access(session, scope.user_id, scope.project_id, Permission.PROJECT_READ)
    if write and not access.allows(Permission.CONTENT_WRITE):
        raise Refused("The person this run acts for may not change this project's cards.")
    return access


async def _card_in(
    session: AsyncSession, access: ProjectAccess, scope: Scope, card_id: UUID | None
) -> Card:
    """The card (default: the run's), when the user sees it in the run's project (else
    Forbidden: answered as not found, also for their cards in other projects)."""
    card = await cards.get_card(session, card_id or scope.card_id)
    if card is None or card.project_id != access.project_id:
        raise Forbidden()
    return card


async def _column_in(session: AsyncSession, access: ProjectAccess, column_id: UUID) -> Column:
    column = await session.get(Column, column_id)
    if column is None or column.project_id != access.project_id:
        raise Forbidden()
    return column


# -- reading -------------------------------------------------------------------------------


class ReadCard(_Arguments):
    card_id: CardId = None


async def read_card(scope: Scope, arguments: dict[str, Any]) -> Outcome:
    args = ReadCard.model_validate(arguments)
    async with scope.transaction() as session:
        card = await _card_in(session, await _access(session, scope), scope, args.card_id)
        column = await session.get(Column, card.column_id) if card.column_id else None
        said = await comments.list_comments(session, card.id)
        history = await cards.history(session, card.id, HISTORY_SHOWN)
    return Outcome(
        _json(
            {
                "id": card.id,
                "title": card.title,
                "description": card.description,
                "column": column.name if column else None,
                "labels": card.labels,
                "due": card.due,
                "due_done": card.due_done,
                "archived": card.archived,
                "parent_id": card.parent_id,
                "checklists": [
                    {"title": c["title"], "items": [[i["text"], i["done"]] for i in c["items"]]}
                    for c in card.checklists
                ],
                "comments": [
                    {
                        "author": author or "(imported)",
                        "at": comment.created_at,
                        "body": _cut(comment.body),
                    }
                    for comment, author in said[-COMMENTS_SHOWN:]
                ],
                "history": [{"action": event.action, "at": event.at} for event in history],
            }
        )
    )


class SearchCards(_Arguments):
    query: Annotated[str, Field(min_length=1, max_length=200, description="words to look for")]
    limit: Annotated[int, Field(ge=1, le=20)] = 10


async def search_cards(scope: Scope, arguments: dict[str, Any]) -> Outcome:
    args = SearchCards.model_validate(arguments)
    async with scope.transaction() as session:
        await _access(session, scope)
        found = await cards.search(
            session,
            scope.board_id,
            text=args.query,
            label=None,
            assignee=None,
            column=None,
            archived=None,
            due_before=None,
            due_after=None,
            limit=args.limit,
        )
    return Outcome(
        _json(
            [
                {
                    "id": card.id,
                    "title": card.title,
                    "labels": card.labels,
                    "archived": card.archived,
                }
                for card in found
            ]
        )
    )


class ListColumns(_Arguments):
    pass


async def list_columns(scope: Scope, arguments: dict[str, Any]) -> Outcome:
    ListColumns.model_validate(arguments)
    async with scope.transaction() as session:
        await _access(session, scope)
        columns = await columns_in_order(session, scope.board_id)
    return Outcome(
        _json(
            [
                {
                    "id": column.id,
                    "name": column.name,
                    "done": column.done,
                    "wip_limit": column.wip_limit,
                }
                for column in columns
            ]
        )
    )


# -- proposing changes ---------------------------------------------------------------------


class CreateSubtask(_Arguments):
    title: Title
    description: Description = ""


async def create_subtask(scope: Scope, arguments: dict[str, Any]) -> Outcome:
    args = CreateSubtask.model_validate(arguments)
    async with scope.transaction() as session:
        await _access(session, scope, write=True)
    return _proposed("create_subtask", args, f"Create subtask “{args.title}”")


class CreateCard(_Arguments):
    title: Title
    description: Description = ""
    column_id: UUID | None = Field(
        default=None, description="a column of this board (list_columns); default: the first"
    )


async def create_card(scope: Scope, arguments: dict[str, Any]) -> Outcome:
    args = CreateCard.model_validate(arguments)
    async with scope.transaction() as session:
        access = await _access(session, scope, write=True)
        where = ""
        if args.column_id is not None:
            where = f" in “{(await _column_in(session, access, args.column_id)).name}”"
    return _proposed("create_card", args, f"Create card “{args.title}”{where}")


class UpdateCard(_Arguments):
    card_id: CardId = None
    title: Title | None = None
    description: Description | None = None
    labels: Labels | None = None


async def update_card(scope: Scope, arguments: dict[str, Any]) -> Outcome:
    args = UpdateCard.model_validate(arguments)
    fields = sorted(args.model_dump(exclude_none=True, exclude={"card_id"}))
    if not fields:
        raise Refused("Give at least one of title, description, labels.")
    async with scope.transaction() as session:
        access = await _access(session, scope, write=True)
        card = await _card_in(session, access, scope, args.card_id)
    args = args.model_copy(update={"card_id": card.id})
    return _proposed("update_card", args, f"Update “{card.title}” ({', '.join(fields)})")


class MoveCard(_Arguments):
    card_id: CardId = None
    column_id: UUID = Field(description="a column of this project's boards (list_columns)")


async def move_card(scope: Scope, arguments: dict[str, Any]) -> Outcome:
    args = MoveCard.model_validate(arguments)
    async with scope.transaction() as session:
        access = await _access(session, scope, write=True)
        card = await _card_in(session, access, scope, args.card_id)
        column = await _column_in(session, access, args.column_id)
    args = args.model_copy(update={"card_id": card.id})
    return _proposed("move_card", args, f"Move “{card.title}” to “{column.name}”")


class AddComment(_Arguments):
    card_id: CardId = None
    body: Body


async def add_comment(scope: Scope, arguments: dict[str, Any]) -> Outcome:
    args = AddComment.model_validate(arguments)
    async with scope.transaction() as session:
        access = await _access(session, scope, write=True)
        card = await _card_in(session, access, scope, args.card_id)
    args = args.model_copy(update={"card_id": card.id})
    return _proposed("add_comment", args, f"Comment on “{card.title}”: {_cut(args.body, 80)}")


def _proposed(kind: str, args: BaseModel, summary: str) -> Outcome:
    proposed = Proposed(kind, args.model_dump(mode="json", exclude_none=True), summary)
    return Outcome(f"Proposed: {summary}. The person will review it.", proposed=proposed)


for _name, _description, _model, _run in (
    (
        "read_card",
        "Read a card: its fields, checklists, comments and history.",
        ReadCard,
        read_card,
    ),
    (
        "search_cards",
        "Find cards on this board by words in their title or description.",
        SearchCards,
        search_cards,
    ),
    (
        "list_columns",
        "The columns of this board, in order, with their ids.",
        ListColumns,
        list_columns,
    ),
    (
        "create_subtask",
        "Propose a new card as a subtask of the run's card.",
        CreateSubtask,
        create_subtask,
    ),
    ("create_card", "Propose a new card on this board.", CreateCard, create_card),
    (
        "update_card",
        "Propose new values for a card's title, description or labels.",
        UpdateCard,
        update_card,
    ),
    ("move_card", "Propose moving a card to another column.", MoveCard, move_card),
    ("add_comment", "Propose a comment on a card.", AddComment, add_comment),
):
    register(Tool(spec(_name, _description, _model), _run))
