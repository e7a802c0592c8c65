"""A board's change notices as Server-Sent Events, for integrations and live views."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.sse import EventSourceResponse, ServerSentEvent
from sqlalchemy import func, select

from projectflow.authz.dependencies import require_board
from projectflow.authz.permissions import Permission
from projectflow.authz.service import BoardAccess
from projectflow.db.identity import unit_of_work
from projectflow.db.session import SessionmakerDep
from projectflow.models import Board
from projectflow.realtime.sse import Source, event_stream, last_event_id
from projectflow.state import JetStreamDep, NamesDep, SettingsDep

router = APIRouter(prefix="/api", tags=["realtime"])

ReadBoard = Annotated[BoardAccess, require_board(Permission.PROJECT_READ)]


@router.get("/boards/{board_id}/events", response_class=EventSourceResponse)
async def board_events(
    access: ReadBoard,
    sessionmaker: SessionmakerDep,
    js: JetStreamDep,
    names: NamesDep,
    settings: SettingsDep,
    last_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
) -> AsyncIterator[ServerSentEvent]:
    """Every committed change to the board, as it happens: `event:` the change's kind
    (`card.moved`, `board.changed`, …), `data:` JSON `{board_id, kind, actor, card_ids,
    column_ids, at}`, `id:` to resume from with `Last-Event-ID` (kept for an hour). A stream
    without `Last-Event-ID` starts with the next change."""

    async def on_idle() -> list[ServerSentEvent] | None:
        async with unit_of_work(sessionmaker, access.user_id) as session:
            role = await session.scalar(
                select(func.app_member_role(Board.project_id)).where(Board.id == access.board_id)
            )
        return None if role is not None else []  # the viewer left, or the board is gone

    source = Source(js, names.board_events_stream, names.board_events(access.board_id))
    async for event in event_stream(
        source,
        after=last_event_id(last_id),
        idle_seconds=settings.sse_heartbeat_seconds,
        on_idle=on_idle,
        max_seconds=settings.sse_max_seconds,
        type_key="kind",
        replay=False,
    ):
        yield event
