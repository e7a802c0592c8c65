"""The built SPA at `/`: files as they are, and index.html for any other app path (so deep
links such as /boards/<id> load the app, which then routes on the client).

Everything the server itself answers lives under /api/ (and /healthz), so the app owns every
other GET; other methods and all /api/ paths go on to the routes and keep their JSON errors.
"""

from pathlib import Path

from starlette.responses import FileResponse
from starlette.types import ASGIApp, Receive, Scope, Send

SERVER_PREFIXES = ("/api", "/healthz")
# Vite names these by content hash: they can be cached forever.
_HASHED = "/_app/immutable/"


class SpaMiddleware:
    def __init__(self, app: ASGIApp, build_dir: Path) -> None:
        self.app = app
        self.index = build_dir / "index.html"
        # The build does not change while we run: list it once. A path not in this list
        # (including any attempt to climb out of the folder) gets index.html.
        self.files = {
            "/" + file.relative_to(build_dir).as_posix(): file
            for file in build_dir.rglob("*")
            if file.is_file()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or path.startswith(SERVER_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        if path in self.files:
            cache = (
                "public, max-age=31536000, immutable" if path.startswith(_HASHED) else "no-cache"
            )
            response = FileResponse(self.files[path], headers={"Cache-Control": cache})
        else:
            response = FileResponse(self.index, headers={"Cache-Control": "no-cache"})
        await response(scope, receive, send)


def web_build(build_dir: Path) -> Path | None:
    """`build_dir` if the web app has been built there."""
    return build_dir if (build_dir / "index.html").is_file() else None
