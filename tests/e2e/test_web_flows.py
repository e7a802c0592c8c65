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
from tests.support.providers import Said, Stream, fake_provider, openai_frames

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


def _run_flow(script: str, base_url: str, *more: str) -> None:
    node = shutil.which("node")
    assert node, "Node.js is required"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [node, str(HERE / script), base_url, str(SCREENSHOTS), *more],
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


def test_a_wip_refusal_from_the_server_rolls_back_asks_and_adds_anyway_on_confirm(
    base_url: str,
) -> None:
    _run_flow("wip_flow.mjs", base_url)


async def test_a_csv_import_shows_its_progress_and_ends_in_the_board_and_the_activity_list(
    base_url_with_worker: str,
) -> None:
    await asyncio.to_thread(_run_flow, "import_flow.mjs", base_url_with_worker)


def test_the_app_shell_gives_the_board_the_window_a_phone_drawer_deep_links_and_a_404(
    base_url: str,
) -> None:
    _run_flow("shell_flow.mjs", base_url)


def test_the_card_drawer_keeps_typed_text_renders_safe_markdown_and_moves_cards_on_a_phone(
    base_url: str,
) -> None:
    _run_flow("drawer_flow.mjs", base_url)


def test_column_menu_soft_wip_limits_and_typed_text_that_is_never_lost(base_url: str) -> None:
    _run_flow("columns_flow.mjs", base_url)


def test_an_email_without_an_account_is_invited_by_link_and_joins_signed_up_as_another(
    base_url: str,
) -> None:
    _run_flow("team_flow.mjs", base_url)


def test_an_archived_card_is_found_in_the_archived_panel_and_restored_or_deleted(
    base_url: str,
) -> None:
    _run_flow("archive_flow.mjs", base_url)


async def test_a_project_starts_from_the_sample_board_and_a_trello_reimport_asks_for_a_copy(
    base_url_with_worker: str,
) -> None:
    await asyncio.to_thread(_run_flow, "onboarding_flow.mjs", base_url_with_worker)


def test_an_open_card_and_the_filters_live_in_the_url_and_back_closes_the_card(
    base_url: str,
) -> None:
    _run_flow("links_flow.mjs", base_url)


def test_on_a_touch_phone_a_long_press_drags_a_card_and_the_filters_sit_behind_a_button(
    base_url: str,
) -> None:
    _run_flow("touch_flow.mjs", base_url)


def test_checklists_coloured_labels_and_due_badges_on_the_card_face(base_url: str) -> None:
    _run_flow("checklist_flow.mjs", base_url)


def test_every_main_page_passes_an_accessibility_scan_in_light_and_dark(base_url: str) -> None:
    _run_flow("a11y_flow.mjs", base_url)


# The draft the scripted model streams: a piece every 0.15 s, so the panel is seen filling in.
DRAFT = (
    "Let people create an account with an email and a password.\n\n",
    "## Acceptance criteria\n\n",
    "- [ ] The form asks for a name, an email and a password\n",
    "- [ ] A taken email is refused with a message\n",
    "- [ ] The new account is signed in\n",
)


async def test_an_ai_draft_streams_into_the_card_drawer_and_lands_once_approved(
    base_url_with_worker: str,
) -> None:
    with fake_provider() as provider:
        said = Said(text=DRAFT, input_tokens=1200, output_tokens=180)
        provider.script(Stream(openai_frames(said), pace=0.15))
        await asyncio.to_thread(
            _run_flow, "ai_flow.mjs", base_url_with_worker, provider.openai_base
        )
    [request] = provider.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["authorization"] == "Bearer sk-test-0123456789abcdef"
    assert request["body"]["model"] == "test-model"
    assert request["body"]["stream"] is True


def test_two_people_see_each_other_live_and_offline_moves_merge(base_url: str) -> None:
    _run_flow("live_flow.mjs", base_url)
