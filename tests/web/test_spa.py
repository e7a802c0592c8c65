from pathlib import Path

import httpx
import pytest

from projectflow.config import Settings
from tests.support.api import assert_error
from tests.support.app import api_client


@pytest.fixture
def build(tmp_path: Path) -> Path:
    (tmp_path / "_app").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>ProjectFlow</title>")
    (tmp_path / "_app" / "start.js").write_text("console.log('app')")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    return tmp_path


@pytest.fixture
async def web(settings: Settings, build: Path) -> httpx.AsyncClient:
    async with api_client(settings.model_copy(update={"web_dir": build})) as client:
        yield client


@pytest.mark.parametrize("path", ["/", "/login", "/boards/4f0c7e2a-0000-4000-8000-000000000000"])
async def test_app_paths_serve_index_html(web: httpx.AsyncClient, path: str) -> None:
    response = await web.get(path)
    assert response.status_code == 200
    assert "<title>ProjectFlow</title>" in response.text


async def test_built_files_are_served_as_they_are(web: httpx.AsyncClient) -> None:
    assert (await web.get("/_app/start.js")).text == "console.log('app')"
    assert (await web.get("/favicon.svg")).text == "<svg/>"


async def test_api_paths_keep_json_errors(web: httpx.AsyncClient) -> None:
    assert_error(await web.get("/api/no-such-thing"), 404, "not_found")
    assert (await web.get("/healthz")).json() == {"status": "ok"}


async def test_no_file_outside_the_build_is_served(web: httpx.AsyncClient, build: Path) -> None:
    (build.parent / "secret.txt").write_text("secret")
    response = await web.get("/..%2Fsecret.txt")
    assert "secret" not in response.text
