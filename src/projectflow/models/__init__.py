"""ORM models, one table per file. Inserts go through repositories as Core statements."""

from projectflow.models.ai_budget import AiBudget
from projectflow.models.ai_card_budget import AiCardBudget
from projectflow.models.ai_run import AiRun
from projectflow.models.ai_settings import AiSettings
from projectflow.models.ai_usage import AiUsage
from projectflow.models.api_token import ApiToken
from projectflow.models.audit_event import AuditEvent
from projectflow.models.base import Base
from projectflow.models.board import Board
from projectflow.models.card import Card
from projectflow.models.column import Column
from projectflow.models.comment import Comment
from projectflow.models.crdt_doc import CrdtDoc
from projectflow.models.crdt_snapshot import CrdtSnapshot
from projectflow.models.crdt_update import CrdtUpdate
from projectflow.models.invitation import Invitation
from projectflow.models.job import Job
from projectflow.models.label import Label
from projectflow.models.project import Project
from projectflow.models.project_member import ProjectMember
from projectflow.models.user import User

__all__ = [
    "AiBudget",
    "AiCardBudget",
    "AiRun",
    "AiSettings",
    "AiUsage",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Board",
    "Card",
    "Column",
    "Comment",
    "CrdtDoc",
    "CrdtSnapshot",
    "CrdtUpdate",
    "Invitation",
    "Job",
    "Label",
    "Project",
    "ProjectMember",
    "User",
]
