from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from projectflow.kit.fields import JsonBool, JsonInt, Text

ActionName = Literal["breakdown", "draft", "summarize", "estimate", "custom"]
RunStatus = Literal[
    "queued",
    "running",
    "proposed",
    "applied",
    "discarded",
    "succeeded",
    "failed",
    "cancelled",
    "budget_exceeded",
]
ItemKind = Literal["create_subtask", "create_card", "update_card", "move_card", "add_comment"]
ItemStatus = Literal["pending", "applied", "discarded"]
Instructions = Text[Annotated[str, Field(max_length=4000)]]


class RunRequest(BaseModel):
    """An action on the card; `custom` needs `instructions` (the others take them as extra
    guidance). Without `auto_apply` the run ends with a proposal to approve or discard."""

    model_config = ConfigDict(extra="forbid")

    action: ActionName
    instructions: Instructions = ""
    auto_apply: JsonBool = False


class RunQueued(BaseModel):
    job_id: UUID
    run_id: UUID
    status: Literal["queued"] = "queued"


class ProposalItem(BaseModel):
    index: int = Field(description="the item's number in the proposal, for `apply`")
    kind: ItemKind
    summary: str = Field(description="what the item does, in a sentence")
    args: dict[str, Any] = Field(description="the change, as the tool call gave it (checked)")
    status: ItemStatus
    result: dict[str, Any] | None = Field(
        default=None, description="once applied: the ids it made or changed"
    )


class TranscriptEntry(BaseModel):
    """One thing that happened in the run: text from the model, a tool call or its result,
    the usage of a provider call, a budget warning."""

    type: Literal["text", "tool_call", "tool_result", "usage", "budget_warning", "note"]
    step: int
    data: dict[str, Any]


class RunOut(BaseModel):
    id: UUID
    job_id: UUID
    card_id: UUID
    action: ActionName
    instructions: str
    auto_apply: bool
    provider: str
    model: str
    status: RunStatus
    steps: int
    input_tokens: int
    output_tokens: int
    cost_usd: Decimal
    answer: str = Field(description="the model's last words")
    proposal: list[ProposalItem]
    transcript: list[TranscriptEntry]
    error: str | None
    created_by: UUID
    created_at: datetime
    finished_at: datetime | None
    decided_by: UUID | None
    decided_at: datetime | None


class ApplyRequest(BaseModel):
    """Which pending items to apply (their `index`); absent: all. The others are discarded."""

    model_config = ConfigDict(extra="forbid")

    items: Annotated[list[JsonInt], Field(max_length=200)] | None = None
