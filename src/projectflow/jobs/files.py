"""A job's files (its input, e.g. an uploaded board file; its output, e.g. an export), stored
in parts of FILE_PART_BYTES: neither the API nor a worker ever holds a whole file."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from projectflow.db.identity import unit_of_work
from projectflow.jobs import repository
from projectflow.kit.errors import NotFound
from projectflow.models import Job

OUTPUT = "output"
FILE_PART_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Download:
    filename: str
    media_type: str
    size: int
    chunks: AsyncIterator[bytes]


async def open_output(
    sessionmaker: async_sessionmaker[AsyncSession], user_id: UUID, job_id: UUID
) -> Download:
    """The job's output file; NotFound when the job has made none (yet)."""
    async with unit_of_work(sessionmaker, user_id) as session:
        job = await repository.get(session, job_id)
        parts, size = await repository.file_size(session, job_id, OUTPUT)
    file = (job.result or {}).get("file") if job is not None else None
    if job is None or job.status != "succeeded" or not parts or not isinstance(file, dict):
        raise NotFound("This job has no file to download.")
    return Download(
        filename=str(file["filename"]),
        media_type=str(file["media_type"]),
        size=size,
        chunks=_chunks(sessionmaker, user_id, job_id, parts),
    )


async def _chunks(
    sessionmaker: async_sessionmaker[AsyncSession], user_id: UUID, job_id: UUID, parts: int
) -> AsyncIterator[bytes]:
    # One short transaction per part: a slow download holds no connection in between.
    for part in range(parts):
        async with unit_of_work(sessionmaker, user_id) as session:
            data = await repository.read_file_part(session, job_id, OUTPUT, part)
        yield data


async def write_file(session: AsyncSession, job: Job, name: str, source: Path) -> int:
    """Store the file at `source` as the job's `name` file, in parts; returns its size."""
    size = 0
    with source.open("rb") as file:
        part = 0
        while data := file.read(FILE_PART_BYTES):
            await repository.insert_file_part(session, job, name, part, data)
            size += len(data)
            part += 1
    return size


async def write_bytes(session: AsyncSession, job: Job, name: str, content: bytes) -> None:
    for part, start in enumerate(range(0, len(content), FILE_PART_BYTES)):
        await repository.insert_file_part(
            session, job, name, part, content[start : start + FILE_PART_BYTES]
        )
