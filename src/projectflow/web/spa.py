"""The built SPA at `/`: files as they are, and index.html for any other non-API path (so deep
links such as /boards/<id> load the app, which then routes on the client)."""

from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

# Not the app's: these answer with JSON errors, never with index.html.
_SERVER_PREFIXES = ("api/", "healthz")
_HASHED = "_app/immutable/"


def mount_spa(app: FastAPI, build_dir: Path) -> None:
    """Serve `build_dir` (a SvelteKit adapter-static build) if it has been built."""
    index = build_dir / "index.html"
    if not index.is_file():
        return
    # The build does not change while we run: list it once. A path that is not in this list
    # (including any attempt to climb out of the folder) gets index.html.
    files = {
        file.relative_to(build_dir).as_posix(): file
        for file in build_dir.rglob("*")
        if file.is_file()
    }

    @app.get("/{path:path}", include_in_schema=False)
    async def spa(path: str) -> FileResponse:
        if path.startswith(_SERVER_PREFIXES):
            raise HTTPException(status_code=404)
        if path in files:
            # Vite names these by content hash: they can be cached forever.
            cache = (
                "public, max-age=31536000, immutable" if path.startswith(_HASHED) else "no-cache"
            )
            return FileResponse(files[path], headers={"Cache-Control": cache})
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
