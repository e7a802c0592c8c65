"""Import and export as jobs: the same steps as in a request, with progress, run by a worker
as the job's creator."""

import tempfile
from pathlib import Path
from typing import cast
from uuid import UUID

from projectflow.authz.permissions import Permission
from projectflow.authz.service import project_access
from projectflow.jobs import repository as job_files
from projectflow.jobs.context import JobContext
from projectflow.jobs.files import write_bytes
from projectflow.jobs.kinds import JobKind
from projectflow.kit.errors import Forbidden
from projectflow.transfers import repository, service
from projectflow.transfers.prepare import ImportSource
from projectflow.transfers.render import MEDIA_TYPES, ExportFormat, export_filename, render_export


async def run_import(context: JobContext) -> None:
    source = cast(ImportSource, context.params["source"])
    with tempfile.TemporaryDirectory(prefix="projectflow-import-") as folder:
        upload = Path(folder) / "upload"
        await context.progress(0.05, "Reading the file")
        size = await context.read_input(upload)
        async with context.transaction() as session:
            await project_access(
                session, context.user_id, context.project_id, Permission.CONTENT_WRITE
            )
            members = await repository.member_ids_by_email(session, context.project_id)
        await context.progress(0.2, f"Reading {_size(size)}")
        prepared = await service.prepare_board(
            context.cpu, source, upload, context.params.get("board_name"), members
        )
    cards = prepared.counts.get("cards", 0)
    await context.progress(0.7, f"Storing {cards} cards")
    async with context.finish() as done:
        access = await project_access(
            done.session, context.user_id, context.project_id, Permission.CONTENT_WRITE
        )
        imported = await service.store_board(
            done.session,
            access,
            source,
            prepared,
            duplicate=context.params.get("duplicate", False) is True,
            job_id=context.job.id,
        )
        await job_files.delete_file(done.session, context.job.id, "input")
        done.result = {"board_id": str(imported.board_id), "name": prepared.name, **prepared.counts}
        done.message = f"Imported “{prepared.name}”: {cards} cards"


async def run_export(context: JobContext) -> None:
    board_id = UUID(context.params["board_id"])
    file_format = cast(ExportFormat, context.params["format"])
    await context.progress(0.1, "Reading the board")
    async with context.transaction() as session:
        await project_access(session, context.user_id, context.project_id, Permission.PROJECT_READ)
        rows = await repository.board_rows(session, board_id)
    if rows is None:
        raise Forbidden()  # the board is gone, or out of the creator's reach now
    await context.progress(0.4, f"Writing {len(rows.cards)} cards")
    content = await context.cpu.run(render_export, rows, file_format)
    await context.progress(0.8, "Saving the file")
    async with context.finish() as done:
        await write_bytes(done.session, context.job, "output", content)
        filename = export_filename(rows.name, file_format)
        done.result = {
            "board_id": str(board_id),
            "cards": len(rows.cards),
            "file": {
                "filename": filename,
                "media_type": MEDIA_TYPES[file_format],
                "size": len(content),
            },
        }
        done.message = f"Exported {len(rows.cards)} cards as {filename}"


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


KINDS = (
    JobKind(service.IMPORT_KIND, run_import),
    JobKind(service.EXPORT_KIND, run_export),
)
