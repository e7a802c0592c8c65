"""Whole flows in a real browser (Debian's Chromium, playwright-core) against a real server
serving the built web app and the API."""

import asyncio
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from projectflow.config import Settings
from tests.support.jobs import running_worker
from tests.support.live import live_server

HERE = Path(__file__).parent
SCREENSHOTS = HERE.parents[1] / "docs" / "screenshots"


@pytest.fixture
def base_url(settings: Settings) -> Iterator[str]:
    assert (settings.web_dir / "index.html").is_file(), "build the web app first (make install)"
    with live_server(settings) as url:
        yield url


@pytest.fixture
async def base_url_with_worker(base_url: str, settings: Settings) -> AsyncIterator[str]:
    """The live server, and a worker running the jobs it queues. The server has its own thread
    and loop; the worker runs in this test's loop, so the test awaits the flow off-loop."""
    async with running_worker(settings):
        yield base_url


def _run_flow(script: str, base_url: str) -> None:
    node = shutil.which("node")
    assert node, "Node.js is required"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [node, str(HERE / script), base_url, str(SCREENSHOTS)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("ok")


def test_sign_up_create_a_board_and_add_cards_that_survive_a_reload(base_url: str) -> None:
    _run_flow("board_flow.mjs", base_url)


def test_drag_a_card_edit_it_and_comment_and_all_survive_a_reload(base_url: str) -> None:
    _run_flow("card_flow.mjs", base_url)


def test_an_invited_viewer_accepts_sees_no_edit_controls_and_a_forced_write_fails(
    base_url: str,
) -> None:
    _run_flow("viewer_flow.mjs", base_url)


def test_a_wip_limit_refusal_rolls_the_move_back_with_the_servers_message(
    base_url: str,
) -> None:
    _run_flow("wip_flow.mjs", base_url)


async def test_a_csv_import_shows_its_progress_and_ends_in_the_board_and_the_activity_list(
    base_url_with_worker: str,
) -> None:
    await asyncio.to_thread(_run_flow, "import_flow.mjs", base_url_with_worker)
