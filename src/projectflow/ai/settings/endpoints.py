from typing import Annotated, Any

from fastapi import APIRouter, status

from projectflow.ai.settings import service
from projectflow.ai.settings.schemas import AiSettingsIn, AiSettingsOut
from projectflow.authz.dependencies import require
from projectflow.authz.permissions import Permission
from projectflow.authz.service import ProjectAccess
from projectflow.db.session import SessionDep
from projectflow.state import SecretBoxDep

router = APIRouter(prefix="/api/projects/{project_id}/ai/settings", tags=["ai"])

Admin = Annotated[ProjectAccess, require(Permission.PROJECT_UPDATE)]
NOT_CONFIGURED: dict[int | str, dict[str, Any]] = {
    404: {"description": "No AI provider is configured for this project"}
}


@router.get("", responses=NOT_CONFIGURED)
async def get_ai_settings(access: Admin, session: SessionDep) -> AiSettingsOut:
    """The project's AI provider, with the API key masked. Owners and admins."""
    return await service.get_settings(session, access)


@router.put("")
async def put_ai_settings(
    data: AiSettingsIn, access: Admin, session: SessionDep, box: SecretBoxDep
) -> AiSettingsOut:
    """Set the provider, model, key and prices. The key is sealed at rest and never shown
    again (only its last four characters)."""
    return await service.put_settings(session, box, access, data)


@router.delete("", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_CONFIGURED)
async def delete_ai_settings(access: Admin, session: SessionDep) -> None:
    """Remove the provider (and its key): AI actions say none is configured."""
    await service.remove_settings(session, access)
