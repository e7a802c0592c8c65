"""ORM models, one table per file. Inserts go through repositories as Core statements."""

from projectflow.models.api_token import ApiToken
from projectflow.models.audit_event import AuditEvent
from projectflow.models.base import Base
from projectflow.models.project import Project
from projectflow.models.project_member import ProjectMember
from projectflow.models.user import User

__all__ = ["ApiToken", "AuditEvent", "Base", "Project", "ProjectMember", "User"]
