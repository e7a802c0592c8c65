import asyncpg
import httpx
import pytest

from tests.support.api import PASSWORD, assert_error, sign_up
from tests.support.databases import TestDatabase


async def test_signup_returns_user_and_a_working_token(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/auth/signup",
        json={"email": "Ada@Example.com", "password": PASSWORD, "name": "Ada"},
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"user", "token"}
    assert body["user"]["email"] == "ada@example.com"
    assert body["user"]["name"] == "Ada"
    me = await client.get("/api/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.json() == body["user"]


async def test_duplicate_email_is_409(client: httpx.AsyncClient) -> None:
    account = await sign_up(client)
    response = await client.post(
        "/api/auth/signup",
        json={"email": account.email.upper(), "password": PASSWORD, "name": "Again"},
    )
    error = assert_error(response, 409, "conflict")
    # Nothing about the account: not its address echoed, not its name.
    assert account.email not in error["message"]
    assert "Test User" not in response.text


async def test_weak_password_is_422_naming_the_field(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/auth/signup", json={"email": "a@example.com", "password": "short", "name": "A"}
    )
    error = assert_error(response, 422, "validation_error")
    assert error["details"][0]["field"] == "password"
    assert "10 characters" in error["message"]


async def test_login_and_wrong_password(client: httpx.AsyncClient) -> None:
    account = await sign_up(client)
    ok = await client.post("/api/auth/login", json={"email": account.email, "password": PASSWORD})
    assert ok.status_code == 200
    assert ok.json()["user"]["id"] == account.id
    assert ok.json()["token"] != account.token
    wrong = await client.post(
        "/api/auth/login", json={"email": account.email, "password": PASSWORD + "x"}
    )
    assert_error(wrong, 401, "unauthorized")
    unknown = await client.post(
        "/api/auth/login", json={"email": "nobody@example.com", "password": PASSWORD}
    )
    assert unknown.json() == wrong.json()


async def test_logout_revokes_only_that_token(client: httpx.AsyncClient) -> None:
    account = await sign_up(client)
    login = await client.post(
        "/api/auth/login", json={"email": account.email, "password": PASSWORD}
    )
    second_token = login.json()["token"]
    response = await client.post("/api/auth/logout", headers=account.headers)
    assert response.status_code == 204
    assert_error(await client.get("/api/me", headers=account.headers), 401, "unauthorized")
    still = await client.get("/api/me", headers={"Authorization": f"Bearer {second_token}"})
    assert still.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer pf_not-a-real-token"}, {"Authorization": "Basic abc"}],
)
async def test_missing_or_bad_token_is_401(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await client.get("/api/me", headers=headers)
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"


async def test_expired_token_is_refused(client: httpx.AsyncClient, database: TestDatabase) -> None:
    account = await sign_up(client)
    conn = await asyncpg.connect(database.superuser)
    try:
        await conn.execute("UPDATE api_tokens SET expires_at = now() - interval '1 second'")
    finally:
        await conn.close()
    assert_error(await client.get("/api/me", headers=account.headers), 401, "unauthorized")


async def test_tokens_and_passwords_are_stored_only_as_hashes(
    client: httpx.AsyncClient, database: TestDatabase
) -> None:
    account = await sign_up(client)
    conn = await asyncpg.connect(database.superuser)
    try:
        password_hash = await conn.fetchval("SELECT password_hash FROM users")
        dump = await conn.fetchval("SELECT string_agg(t::text, ',') FROM api_tokens t")
    finally:
        await conn.close()
    assert password_hash.startswith("$argon2id$")
    assert PASSWORD not in password_hash
    assert account.token not in dump
