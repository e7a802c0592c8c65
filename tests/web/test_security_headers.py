"""Browser security headers on every response; the web app's and the API docs' CSP allow their
own inline scripts by hash and nothing from another host."""

import base64
import hashlib
import re
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from projectflow.app import create_app
from projectflow.config import Settings
from tests.support.api import assert_error, sign_up
from tests.support.app import api_client

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")
API_POLICY = "default-src 'none'; frame-ancestors 'none'"


def assert_security_headers(response: httpx.Response) -> dict[str, str]:
    """The response carries every security header; returns its CSP directives by name."""
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name
    permissions = response.headers["permissions-policy"].split(", ")
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in permissions
    policy = response.headers["content-security-policy"]
    pairs = (part.strip().partition(" ") for part in policy.split(";"))
    return {name: value for name, _, value in pairs}


def sha256_source(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


class _Page(HTMLParser):
    """A page's inline scripts and every address it refers to."""

    def __init__(self) -> None:
        super().__init__()
        self.inline_scripts: list[str] = []
        self.references: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.references += [
            value for key, value in found.items() if key in ("src", "href") and value
        ]
        if tag == "script" and "src" not in found:
            self._in_inline_script = True
            self.inline_scripts.append("")

    def handle_data(self, data: str) -> None:
        if self._in_inline_script:
            self.inline_scripts[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_inline_script = False


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def assert_app_policy(directives: dict[str, str], inline_scripts: list[str]) -> None:
    """The web app's policy: its own origin, its own inline scripts by hash, nothing inline else."""
    assert directives["script-src"].split() == ["'self'", *map(sha256_source, inline_scripts)]
    assert directives["default-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["connect-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in " ".join(directives.values())
    assert "'unsafe-eval'" not in " ".join(directives.values())


# --- The built web app -------------------------------------------------------------------------

BUILD = Path(__file__).parents[2] / "web" / "build"


@pytest.fixture
def built_index() -> str:
    index = BUILD / "index.html"
    assert index.is_file(), "build the web app first (make install)"
    return index.read_text()


@pytest.mark.parametrize("path", ["/", "/boards/4f0c7e2a-0000-4000-8000-000000000000"])
async def test_the_apps_html_allows_exactly_its_bootstrap_script(
    client: httpx.AsyncClient, built_index: str, path: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert response.text == built_index
    scripts = parse(built_index).inline_scripts
    assert scripts, "SvelteKit's index.html starts the app from an inline script"
    assert_app_policy(assert_security_headers(response), scripts)


async def test_the_apps_own_files_get_its_policy_too(client: httpx.AsyncClient) -> None:
    script = next(BUILD.glob("_app/immutable/entry/*.js"))
    response = await client.get("/" + script.relative_to(BUILD).as_posix())
    assert response.status_code == 200
    assert_app_policy(assert_security_headers(response), [])


# --- A build made here, for the parts a real build may or may not exercise ---------------------

BOOT = '\n\t\t\t{\n\t\t\t\tconst x = "</div>";\n\t\t\t\tstart(x);\n\t\t\t}\n\t\t'
ANNOUNCER_STYLE = "position: absolute; width: 1px"


@pytest.fixture
def build(tmp_path: Path) -> Path:
    (tmp_path / "_app").mkdir()
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>ProjectFlow</title>"
        '<script src="/_app/start.js"></script>'
        f"<body><div><script>{BOOT}</script><script>second()</script></div></body>"
    )
    (tmp_path / "_app" / "start.js").write_text(
        f'const t = e(`<div id="announcer" style="{ANNOUNCER_STYLE}"><!></div>`);'
    )
    return tmp_path


@pytest.fixture
async def web(settings: Settings, build: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(settings.model_copy(update={"web_dir": build})) as client:
        yield client


async def test_every_inline_script_is_hashed_and_no_other(web: httpx.AsyncClient) -> None:
    directives = assert_security_headers(await web.get("/projects/1"))
    assert directives["script-src"].split() == [
        "'self'",
        sha256_source(BOOT),
        sha256_source("second()"),
    ]


async def test_style_attributes_in_compiled_templates_are_allowed_by_hash(
    web: httpx.AsyncClient,
) -> None:
    directives = assert_security_headers(await web.get("/"))
    assert directives["style-src"] == "'self'"
    assert directives["style-src-attr"].split() == [
        "'unsafe-hashes'",
        sha256_source(ANNOUNCER_STYLE),
    ]


async def test_a_rebuild_under_a_running_server_keeps_each_page_with_its_policy(
    web: httpx.AsyncClient, build: Path
) -> None:
    (build / "index.html").write_text("<script>rebuilt()</script>")
    response = await web.get("/")
    served_scripts = parse(response.text).inline_scripts
    assert served_scripts == [BOOT, "second()"]
    script_src = assert_security_headers(response)["script-src"].split()
    assert script_src == ["'self'", *map(sha256_source, served_scripts)]


# --- The API -----------------------------------------------------------------------------------


async def test_api_responses_allow_nothing_to_load(client: httpx.AsyncClient) -> None:
    unauthorized = await client.get("/api/me")
    assert_error(unauthorized, 401, "unauthorized")
    assert unauthorized.headers["content-security-policy"] == API_POLICY
    assert_security_headers(unauthorized)

    account = await sign_up(client)
    me = await client.get("/api/me", headers=account.headers)
    assert me.status_code == 200
    assert me.headers["content-security-policy"] == API_POLICY
    assert_security_headers(me)


async def test_error_responses_carry_the_headers(client: httpx.AsyncClient) -> None:
    not_found = await client.get("/api/no-such-thing")
    assert_error(not_found, 404, "not_found")
    invalid = await client.post("/api/auth/signup", json={"email": "nobody"})
    assert invalid.status_code == 422
    # Refused by the body limit middleware before any route runs.
    too_large = await client.post("/api/projects", content=b"x" * (2 * 1024 * 1024))
    assert_error(too_large, 413, "payload_too_large")
    for response in (not_found, invalid, too_large):
        assert response.headers["content-security-policy"] == API_POLICY
        assert_security_headers(response)


async def test_an_unhandled_error_carries_the_headers(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/api/test-only/boom")
    async def boom() -> None:
        raise RuntimeError("boom")

    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get("/api/test-only/boom")
    assert response.status_code == 500
    assert response.headers["content-security-policy"] == API_POLICY
    assert_security_headers(response)


# --- The API docs ------------------------------------------------------------------------------


async def test_the_docs_page_allows_exactly_its_inline_script(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = parse(response.text)
    assert len(page.inline_scripts) == 1
    assert_app_policy(assert_security_headers(response), page.inline_scripts)


async def test_the_docs_load_nothing_from_another_host(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/docs")
    page = parse(response.text)
    assert page.references, "the page links Swagger UI's files"
    assert all(ref.startswith("/api/docs/assets/") for ref in page.references), page.references
    assert not re.search(r"https?://|//[a-z]", response.text, re.IGNORECASE)
    for reference in page.references:
        asset = await client.get(reference)
        assert asset.status_code == 200, reference
        assert_security_headers(asset)
    assert "openapi.json" in page.inline_scripts[0]
    assert (await client.get("/api/openapi.json")).status_code == 200


async def test_only_swagger_uis_own_files_are_served(client: httpx.AsyncClient) -> None:
    bundle = await client.get("/api/docs/assets/swagger-ui-bundle.js")
    assert bundle.headers["content-type"].startswith(("text/javascript", "application/javascript"))
    assert "SwaggerUIBundle" in bundle.text
    assert_error(await client.get("/api/docs/assets/swagger-initializer.js"), 404, "not_found")
    assert_error(await client.get("/api/docs/assets/..%2F__init__.py"), 404, "not_found")
    assert_error(await client.get("/api/docs/oauth2-redirect"), 404, "not_found")
