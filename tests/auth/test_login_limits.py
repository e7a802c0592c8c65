"""Login limits that cannot be turned against a user: per (account, address) and per address,
an exponential slow-down rather than a lock, counted before the password is checked, and
addresses that only trusted proxies can vouch for."""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest
from starlette.types import ASGIApp

from projectflow.config import Settings
from tests.support.api import PASSWORD, Account, assert_error, sign_up
from tests.support.app import client_of, running_app
from tests.support.databases import TestDatabase

# Client addresses as the app sees them (the ASGI transport's peer, never dialled): all on
# loopback, so that nothing could reach another host even if the code under test tried.
OWNER_ADDRESS = "127.0.0.11"
STRANGER_ADDRESS = "127.0.0.66"
SIGN_UP_ADDRESS = "127.0.0.99"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Waits long enough that no refusal runs out while a busy machine runs the test."""
    return settings.model_copy(update={"login_slowdown_base_seconds": 60})


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[ASGIApp]:
    async with running_app(settings) as app:
        yield app


async def _login(client: httpx.AsyncClient, email: str, password: str, **headers: str) -> int:
    body = {"email": email, "password": password}
    return (await client.post("/api/auth/login", json=body, headers=headers)).status_code


async def _account(app: ASGIApp) -> Account:
    async with client_of(app, SIGN_UP_ADDRESS) as client:
        return await sign_up(client)


async def test_a_strangers_failures_never_lock_the_owner_out(
    app: ASGIApp, settings: Settings
) -> None:
    owner = await _account(app)
    async with client_of(app, STRANGER_ADDRESS) as stranger:
        statuses = [await _login(stranger, owner.email, "wrong guess!") for _ in range(12)]
        free = settings.login_free_attempts_per_account_address
        assert statuses[:free] == [401] * free
        assert set(statuses[free:]) == {429}
    async with client_of(app, OWNER_ADDRESS) as own:
        assert await _login(own, owner.email, PASSWORD) == 200


async def test_concurrent_guesses_verify_at_most_the_free_attempts(
    app: ASGIApp, settings: Settings
) -> None:
    owner = await _account(app)
    async with client_of(app, STRANGER_ADDRESS) as stranger:
        statuses = await asyncio.gather(
            *(_login(stranger, owner.email, f"guess {i}") for i in range(9))
        )
    # A 401 means the password was checked; the rest were refused before that.
    assert Counter(statuses) == {401: settings.login_free_attempts_per_account_address, 429: 4}


async def test_past_the_free_attempts_each_wait_doubles(
    app: ASGIApp, settings: Settings, database: TestDatabase
) -> None:
    owner = await _account(app)
    async with client_of(app, STRANGER_ADDRESS) as stranger:
        for _ in range(settings.login_free_attempts_per_account_address):
            await _login(stranger, owner.email, "wrong guess!")
        waits = []
        for _ in range(3):
            refused = await stranger.post(
                "/api/auth/login", json={"email": owner.email, "password": PASSWORD}
            )
            assert_error(refused, 429, "rate_limited")
            waits.append(int(refused.headers["retry-after"]))
            await _pretend_time_passed(database, seconds=waits[-1])
            # Once the wait is over one more attempt is checked (and counted).
            assert await _login(stranger, owner.email, "wrong again!") == 401
    assert waits == [60, 120, 240]


async def _pretend_time_passed(database: TestDatabase, seconds: int) -> None:
    conn = await asyncpg.connect(database.superuser)
    try:
        await conn.execute(
            "UPDATE login_throttle SET last_attempt_at = last_attempt_at - $1 * interval '1 s'",
            seconds,
        )
    finally:
        await conn.close()


async def test_a_success_forgives_the_pair(app: ASGIApp, settings: Settings) -> None:
    owner = await _account(app)
    async with client_of(app, OWNER_ADDRESS) as own:
        for _ in range(settings.login_free_attempts_per_account_address - 1):
            assert await _login(own, owner.email, "typo typo typo") == 401
        assert await _login(own, owner.email, PASSWORD) == 200
        for _ in range(settings.login_free_attempts_per_account_address - 1):
            assert await _login(own, owner.email, "typo typo typo") == 401
        assert await _login(own, owner.email, PASSWORD) == 200


async def test_one_address_failing_on_many_accounts_is_slowed(
    app: ASGIApp, settings: Settings
) -> None:
    per_account = settings.login_free_attempts_per_account_address - 1
    accounts = [await _account(app) for _ in range(6)]
    async with client_of(app, STRANGER_ADDRESS) as stranger:
        failures = 0
        for account in accounts:
            for _ in range(per_account):
                if failures < settings.login_free_attempts_per_address:
                    assert await _login(stranger, account.email, "wrong guess!") == 401
                    failures += 1
        fresh = await _account(app)
        refused = await stranger.post(
            "/api/auth/login", json={"email": fresh.email, "password": PASSWORD}
        )
        assert_error(refused, 429, "rate_limited")
    async with client_of(app, OWNER_ADDRESS) as elsewhere:
        assert await _login(elsewhere, fresh.email, PASSWORD) == 200


async def test_a_forged_forwarded_for_is_ignored(app: ASGIApp, settings: Settings) -> None:
    owner = await _account(app)
    async with client_of(app, STRANGER_ADDRESS) as stranger:
        statuses = [
            await _login(
                stranger, owner.email, "wrong guess!", **{"X-Forwarded-For": f"127.0.3.{i}"}
            )
            for i in range(settings.login_free_attempts_per_account_address + 1)
        ]
    assert statuses[-1] == 429


async def test_a_trusted_proxy_is_believed(settings: Settings) -> None:
    proxied = settings.model_copy(update={"trusted_proxies": ["127.0.1.0/24"]})
    async with running_app(proxied) as app:
        owner = await _account(app)
        async with client_of(app, "127.0.1.5") as proxy:
            hops = {"X-Forwarded-For": f"127.0.2.7, {STRANGER_ADDRESS}"}
            for _ in range(proxied.login_free_attempts_per_account_address + 1):
                last = await _login(proxy, owner.email, "wrong guess!", **hops)
            assert last == 429
            # Another client behind the same proxy is someone else.
            assert (
                await _login(proxy, owner.email, PASSWORD, **{"X-Forwarded-For": "127.0.2.77"})
                == 200
            )


async def test_a_flood_from_one_address_is_refused_before_the_database(
    settings: Settings,
) -> None:
    tight = settings.model_copy(
        update={"login_burst_per_address": 3, "login_per_second_per_address": 0.001}
    )
    async with running_app(tight) as app:
        owner = await _account(app)
        async with client_of(app, STRANGER_ADDRESS) as stranger:
            statuses = [await _login(stranger, owner.email, "wrong guess!") for _ in range(4)]
            assert statuses == [401, 401, 401, 429]
            # Even the right password: this address has spent its requests.
            assert await _login(stranger, owner.email, PASSWORD) == 429
        async with client_of(app, OWNER_ADDRESS) as own:
            assert await _login(own, owner.email, PASSWORD) == 200


async def test_sign_up_is_limited_per_address(settings: Settings) -> None:
    tight = settings.model_copy(
        update={"signup_burst_per_address": 2, "signup_per_second_per_address": 1 / 60}
    )
    async with running_app(tight) as app, client_of(app, STRANGER_ADDRESS) as stranger:
        await sign_up(stranger)
        await sign_up(stranger)
        body = {"email": "third@example.com", "password": PASSWORD, "name": "Third"}
        refused = await stranger.post("/api/auth/signup", json=body)
        assert_error(refused, 429, "rate_limited")
        assert int(refused.headers["retry-after"]) > 0
