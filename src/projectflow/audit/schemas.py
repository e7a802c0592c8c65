from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel


class AuditEventOut(BaseModel):
    id: UUID
    at: datetime
    actor_id: UUID
    action: str
    subject_type: str
    subject_id: UUID | None
    data: dict[str, Any]


class AuditPage(BaseModel):
    events: list[AuditEventOut]
