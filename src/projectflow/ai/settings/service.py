"""A project's AI provider: owners and admins set it; the API key is sealed before it is
stored and is never returned, logged or audited (a masked hint tells keys apart)."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.ai.settings import repository
from projectflow.ai.settings.schemas import AiSettingsIn, AiSettingsOut
from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.authz.service import ProjectAccess
from projectflow.kit.errors import NotFound
from projectflow.kit.sealing import SecretBox
from projectflow.models import AiSettings

NOT_CONFIGURED = (
    "No AI provider is configured for this project: an owner or admin sets one in the "
    "project's AI settings (PUT /api/projects/{id}/ai/settings)."
)


def key_context(project_id: UUID) -> str:
    """What a project's key is sealed for: it opens for this project only."""
    return f"ai-key:{project_id}"


async def get_settings(session: AsyncSession, access: ProjectAccess) -> AiSettingsOut:
    row = await repository.get(session, access.project_id)
    if row is None:
        raise NotFound(NOT_CONFIGURED)
    return _out(row)


async def put_settings(
    session: AsyncSession, box: SecretBox, access: ProjectAccess, data: AiSettingsIn
) -> AiSettingsOut:
    """Set the provider, audited as `ai.settings_updated` (whether the key changed, never it)."""
    values = data.model_dump(exclude={"api_key"}) | {"updated_by": access.user_id}
    key_changed = "api_key" in data.model_fields_set
    if key_changed:
        key = data.api_key.get_secret_value() if data.api_key else ""
        values |= {
            "api_key_sealed": box.seal(key, key_context(access.project_id)) if key else None,
            "api_key_hint": key[-4:] if len(key) >= 12 else None,
        }
    row = await repository.put(session, access.project_id, values)
    said = data.model_dump(mode="json", exclude={"api_key"}) | {"api_key_changed": key_changed}
    await audit.record(session, _entry(access, "ai.settings_updated", said))
    return _out(row)


async def remove_settings(session: AsyncSession, access: ProjectAccess) -> None:
    if not await repository.remove(session, access.project_id):
        raise NotFound(NOT_CONFIGURED)
    await audit.record(session, _entry(access, "ai.settings_removed", {}))


def _out(row: AiSettings) -> AiSettingsOut:
    masked = None
    if row.api_key_sealed is not None:
        masked = f"…{row.api_key_hint}" if row.api_key_hint else "(set)"
    return AiSettingsOut(
        provider=row.provider,  # the table's CHECK holds it to the two names
        base_url=row.base_url,
        model=row.model,
        api_key=masked,
        input_price_per_mtok=row.input_price_per_mtok,
        output_price_per_mtok=row.output_price_per_mtok,
        updated_at=row.updated_at,
    )


def _entry(access: ProjectAccess, action: str, data: dict[str, object]) -> AuditEntry:
    return AuditEntry(access.user_id, action, "project", access.project_id, access.project_id, data)
