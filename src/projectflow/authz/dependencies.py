"""`require(permission)`: the endpoint-side door to the authorization chokepoint."""

from typing import Any
from uuid import UUID

from fastapi import Depends

from projectflow.auth.dependencies import CurrentUser
from projectflow.authz.permissions import Permission
from projectflow.authz.service import ProjectAccess, project_access
from projectflow.db.session import SessionDep


def require(permission: Permission) -> Any:
    """A dependency resolving the `project_id` path parameter into the caller's access."""

    async def dependency(project_id: UUID, session: SessionDep, user: CurrentUser) -> ProjectAccess:
        return await project_access(session, user.id, project_id, permission)

    return Depends(dependency)
