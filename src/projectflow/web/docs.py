"""The API reference at /api/docs: Swagger UI served from the installed, pinned `swagger-ui-py`
package, never from a CDN. A script from elsewhere would run on the origin that holds the
user's token.

swagger-ui-py 25.7.1 ships Swagger UI 5.24, which reads our OpenAPI 3.1 schema (the
`swagger-ui-bundle` package stops at Swagger UI 4.15, which refuses anything but 3.0).

The page is ours (FastAPI's built-in one points at a CDN), and its policy allows its one inline
script by hash and nothing from another host.
"""

import html
import importlib.util
import json
from pathlib import Path

from fastapi import APIRouter
from starlette.responses import FileResponse, HTMLResponse

from projectflow.kit.errors import NotFound
from projectflow.web.headers import inline_script_hashes, page_policy

DOCS_PATH = "/api/docs"
ASSETS_PATH = f"{DOCS_PATH}/assets"
# The only files of the package the page uses.
ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")


def swagger_ui_dir() -> Path:
    """The folder of Swagger UI's files inside the installed package (found without importing
    the package, whose own code we do not use)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or spec.origin is None:
        raise RuntimeError("swagger-ui-py is not installed (see pyproject.toml)")
    return Path(spec.origin).parent / "static"


def docs_page(title: str, openapi_url: str) -> str:
    """The page: Swagger UI's files from ASSETS_PATH, started by one inline script."""
    config = {
        "url": openapi_url,
        "dom_id": "#swagger-ui",
        "layout": "BaseLayout",
        "deepLinking": True,
        # The default sends the schema's address to validator.swagger.io for a badge.
        "validatorUrl": None,
    }
    # `</` cannot end the script early: json.dumps leaves it, so escape the slash.
    start = (
        f"const config = {json.dumps(config)};".replace("</", "<\\/")
        + "\nSwaggerUIBundle({ ...config, presets: [SwaggerUIBundle.presets.apis] });"
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="{ASSETS_PATH}/swagger-ui.css">
<link rel="icon" href="{ASSETS_PATH}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script>{start}</script>
</body>
</html>
"""


def docs_router(title: str, openapi_url: str) -> APIRouter:
    """GET /api/docs (the page) and GET /api/docs/assets/<file> (Swagger UI's files)."""
    router = APIRouter(include_in_schema=False)
    page = docs_page(title, openapi_url)
    page_headers = {
        "Content-Security-Policy": page_policy(inline_script_hashes(page)),
        "Cache-Control": "no-cache",
    }
    assets = swagger_ui_dir()

    @router.get(DOCS_PATH)
    async def swagger_ui_page() -> HTMLResponse:
        return HTMLResponse(page, headers=page_headers)

    @router.get(ASSETS_PATH + "/{name}")
    async def swagger_ui_asset(name: str) -> FileResponse:
        if name not in ASSETS:
            raise NotFound(f"No file {name} in the API docs.")
        return FileResponse(assets / name, headers={"Cache-Control": "no-cache"})

    return router
