from typing import Annotated

from fastapi import APIRouter, Query

from projectflow.audit import service
from projectflow.audit.schemas import AuditEventOut, AuditPage
from projectflow.authz.dependencies import require
from projectflow.authz.permissions import Permission
from projectflow.authz.service import ProjectAccess
from projectflow.db.session import SessionDep

router = APIRouter(prefix="/api/projects/{project_id}/audit", tags=["audit"])


@router.get("")
async def list_events(
    access: Annotated[ProjectAccess, require(Permission.AUDIT_READ)],
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> AuditPage:
    """The project's audit trail, newest first."""
    events = await service.list_project_events(session, access.project_id, limit=limit)
    return AuditPage(events=[AuditEventOut.model_validate(e, from_attributes=True) for e in events])
