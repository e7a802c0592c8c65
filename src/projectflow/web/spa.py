"""The built SPA at `/`: files as they are, and index.html for any other app path (so deep
links such as /boards/<id> load the app, which then routes on the client).

Everything the server itself answers lives under /api/ (and /healthz, /metrics), so the app
owns every other GET; other methods and all /api/ paths go on to the routes and keep their
JSON errors.

Each file goes out with the app's Content-Security-Policy, built here when the build is loaded:
an HTML file's allows the hashes of its own inline scripts (SvelteKit's bootstrap), and every
policy allows the style attributes written in the app's compiled markup (see
`template_style_hashes`).
"""

import html
import re
from collections.abc import Iterable
from pathlib import Path

from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from projectflow.web.headers import csp_hash, inline_script_hashes, page_policy

SERVER_PREFIXES = ("/api", "/healthz", "/metrics")
# Vite names these by content hash: they can be cached forever.
_HASHED = "/_app/immutable/"
# A static style attribute in a compiled template string, e.g. SvelteKit's route announcer's.
_TEMPLATE_STYLE = re.compile(r'\bstyle="([^"]*)"')


class SpaMiddleware:
    def __init__(self, app: ASGIApp, build_dir: Path) -> None:
        self.app = app
        # The build does not change while we run: list it once. A path not in this list
        # (including any attempt to climb out of the folder) gets index.html.
        self.files = {
            "/" + file.relative_to(build_dir).as_posix(): file
            for file in build_dir.rglob("*")
            if file.is_file()
        }
        # Pages are served as read here, so that a rebuild under a running server cannot serve
        # one whose inline script no longer matches the hash in its policy.
        self.pages = {
            path: file.read_bytes() for path, file in self.files.items() if _is_page(file)
        }
        # Every file goes out with the app's policy (a worker script or an SVG opened by itself is
        # bound by its own response's); a page's also allows its own inline scripts.
        styles = template_style_hashes(self.files.values())
        self.file_policy = page_policy((), styles)
        self.page_policies = {
            path: page_policy(inline_script_hashes(page.decode()), styles)
            for path, page in self.pages.items()
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
        if path not in self.files:
            path = "/index.html"
        cache = "public, max-age=31536000, immutable" if path.startswith(_HASHED) else "no-cache"
        policy = self.page_policies.get(path, self.file_policy)
        headers = {"Cache-Control": cache, "Content-Security-Policy": policy}
        response: Response
        if path in self.pages:
            response = HTMLResponse(self.pages[path], headers=headers)
        else:
            response = FileResponse(self.files[path], headers=headers)
        await response(scope, receive, send)


def _is_page(file: Path) -> bool:
    return file.suffix == ".html"


def template_style_hashes(files: Iterable[Path]) -> list[str]:
    """Hashes of the style attributes in the app's compiled markup.

    Svelte turns a component's static markup into template strings that it parses at run time,
    where the policy checks each `style="…"` (SvelteKit's own route announcer has one). Those
    were written by us or our framework, so they are allowed by hash; any other is not.
    """
    values = {
        html.unescape(value)
        for file in files
        if file.suffix == ".js"
        for value in _TEMPLATE_STYLE.findall(file.read_text(encoding="utf-8"))
    }
    return sorted(csp_hash(value) for value in values)


def web_build(build_dir: Path) -> Path | None:
    """`build_dir` if the web app has been built there."""
    return build_dir if (build_dir / "index.html").is_file() else None
