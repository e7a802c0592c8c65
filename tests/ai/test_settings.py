"""A project's AI provider settings: owners and admins only, the API key sealed at rest and
never in a response, an audit row or a log line."""

import logging
import stat
from pathlib import Path

import httpx
import pytest

from projectflow.ai.settings.service import key_context
from projectflow.config import Settings
from projectflow.kit.sealing import KEY_FILE, SecretBox, UnsealError, generate_key
from projectflow.state import load_secret_box
from tests.support.api import add_member, assert_error, create_project, sign_up
from tests.support.databases import TestDatabase, as_superuser

KEY = "sk-live-abcdefghijklmnop1234"
SETTINGS = {
    "provider": "openai",
    "base_url": "http://127.0.0.1:11434/v1/",
    "model": "llama3.2",
    "api_key": KEY,
    "input_price_per_mtok": "0.15",
    "output_price_per_mtok": 0.6,
}


async def test_the_key_is_sealed_masked_and_never_shown(
    client: httpx.AsyncClient,
    database: TestDatabase,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    owner = await sign_up(client)
    project = await create_project(client, owner)
    url = f"/api/projects/{project}/ai/settings"
    saved = await client.put(url, json=SETTINGS, headers=owner.headers)
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["api_key"] == "…1234"
    assert body["base_url"] == "http://127.0.0.1:11434/v1"
    assert body["input_price_per_mtok"] == "0.1500"
    read = await client.get(url, headers=owner.headers)
    assert read.json() == body
    audit = await client.get(f"/api/projects/{project}/audit", headers=owner.headers)
    updated = [e for e in audit.json()["events"] if e["action"] == "ai.settings_updated"]
    assert updated[0]["data"]["api_key_changed"] is True
    rows = await as_superuser(
        database,
        "SELECT api_key_sealed, api_key_hint FROM ai_settings WHERE project_id = $1",
        project,
    )
    sealed = bytes(rows[0]["api_key_sealed"])
    assert KEY.encode() not in sealed
    box = load_secret_box(settings)
    assert box.open(sealed, key_context(project)) == KEY
    with pytest.raises(UnsealError):
        box.open(sealed, key_context("another-project"))
    everything = [saved.text, read.text, audit.text, caplog.text]
    everything += [str(row) for row in await as_superuser(database, "SELECT * FROM audit_outbox")]
    assert not any(KEY in text for text in everything)


async def test_the_key_is_kept_removed_or_replaced(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    url = f"/api/projects/{project}/ai/settings"
    await client.put(url, json=SETTINGS, headers=owner.headers)
    without = {k: v for k, v in SETTINGS.items() if k != "api_key"} | {"model": "qwen3"}
    kept = await client.put(url, json=without, headers=owner.headers)
    assert (kept.json()["model"], kept.json()["api_key"]) == ("qwen3", "…1234")
    removed = await client.put(url, json=without | {"api_key": ""}, headers=owner.headers)
    assert removed.json()["api_key"] is None
    replaced = await client.put(
        url, json=without | {"api_key": "sk-other-key-9876"}, headers=owner.headers
    )
    assert replaced.json()["api_key"] == "…9876"


async def test_only_owners_and_admins_see_or_change_them(client: httpx.AsyncClient) -> None:
    owner, admin, member, viewer = [
        await sign_up(client, name) for name in ("Owner", "Admin", "Member", "Viewer")
    ]
    project = await create_project(client, owner)
    for account, role in ((admin, "admin"), (member, "member"), (viewer, "viewer")):
        await add_member(client, project, owner, account, role)
    url = f"/api/projects/{project}/ai/settings"
    missing = await client.get(url, headers=owner.headers)
    assert "No AI provider is configured" in assert_error(missing, 404, "not_found")["message"]
    assert (await client.put(url, json=SETTINGS, headers=admin.headers)).status_code == 200
    for account in (member, viewer):
        assert_error(await client.get(url, headers=account.headers), 403, "forbidden")
        assert_error(
            await client.put(url, json=SETTINGS, headers=account.headers), 403, "forbidden"
        )
    assert (await client.delete(url, headers=admin.headers)).status_code == 204
    assert_error(await client.get(url, headers=owner.headers), 404, "not_found")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("base_url", "ftp://models.example.com"),
        ("base_url", "https://user:secret@api.example.com/v1"),
        ("provider", "gemini"),
        ("model", " "),
        ("input_price_per_mtok", -1),
    ],
)
async def test_bad_settings_are_refused_naming_the_field(
    client: httpx.AsyncClient, field: str, value: object
) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    refused = await client.put(
        f"/api/projects/{project}/ai/settings",
        json=SETTINGS | {field: value},
        headers=owner.headers,
    )
    error = assert_error(refused, 422, "validation_error")
    assert error["details"][0]["field"].endswith(field)
    assert KEY not in refused.text


def test_the_data_dirs_key_is_made_once_private_and_reused(tmp_path: Path) -> None:
    first = SecretBox.from_data_dir(tmp_path)
    path = tmp_path / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    sealed = first.seal("secret", "context")
    assert SecretBox.from_data_dir(tmp_path).open(sealed, "context") == "secret"
    path.chmod(0o644)
    SecretBox.from_data_dir(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_explicit_key_wins_and_never_reaches_a_childs_environment(tmp_path: Path) -> None:
    text = generate_key()
    settings = Settings(
        database_url="postgresql://unused",
        nats_url="nats://unused",
        data_dir=tmp_path,
        secret_key=text,
    )
    sealed = load_secret_box(settings).seal("secret", "context")
    assert SecretBox.from_text(text).open(sealed, "context") == "secret"
    assert not (tmp_path / KEY_FILE).exists()
    assert "PROJECTFLOW_SECRET_KEY" not in settings.to_env()
    assert all(text not in value for value in settings.to_env().values())
    with pytest.raises(UnsealError):
        SecretBox.from_text(generate_key()).open(sealed, "context")
