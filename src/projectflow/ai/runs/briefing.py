"""The card a run starts from, and the first message the model reads about it."""

import json
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.ai.providers.base import ChatRequest, Message
from projectflow.ai.runs.actions import SYSTEM, Action
from projectflow.ai.runs.tools import REGISTRY
from projectflow.kit.errors import Forbidden
from projectflow.models import Card, Column

# The description is cut here in the first message; `read_card` gives all of it.
DESCRIPTION_SHOWN = 4000


@dataclass(frozen=True)
class CardBrief:
    card_id: UUID
    board_id: UUID
    project_id: UUID
    title: str
    description: str
    column: str | None
    labels: tuple[str, ...]

    def as_json(self) -> str:
        description = self.description
        if len(description) > DESCRIPTION_SHOWN:
            description = description[:DESCRIPTION_SHOWN] + " […]"
        return json.dumps(
            {
                "id": str(self.card_id),
                "title": self.title,
                "column": self.column,
                "labels": list(self.labels),
                "description": description,
            },
            ensure_ascii=False,
        )


async def load_brief(session: AsyncSession, card_id: UUID) -> CardBrief:
    card = await session.get(Card, card_id, populate_existing=True)
    if card is None:
        raise Forbidden()  # deleted since, or out of the caller's reach
    column = await session.get(Column, card.column_id) if card.column_id else None
    return CardBrief(
        card_id=card.id,
        board_id=card.board_id,
        project_id=card.project_id,
        title=card.title,
        description=card.description,
        column=column.name if column else None,
        labels=tuple(card.labels),
    )


def first_message(action: Action, brief: CardBrief, instructions: str) -> str:
    parts = [action.task, f"The card (JSON): {brief.as_json()}"]
    if instructions.strip():
        parts.append(f"The person's instructions:\n{instructions.strip()}")
    return "\n\n".join(parts)


def chat_request(
    action: Action, model: str, messages: list[Message], max_tokens: int
) -> ChatRequest:
    return ChatRequest(
        model=model,
        system=SYSTEM,
        messages=tuple(messages),
        tools=tuple(REGISTRY[name].spec for name in action.tools),
        max_tokens=max_tokens,
    )
