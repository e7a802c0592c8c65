"""An unhandled error is a 500 in the one error shape, carrying the request id; it is logged once
without the values it quotes, and the connection stays usable."""

import logging
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from starlette.types import Receive, Scope, Send

from projectflow.config import Settings
from projectflow.db.engine import create_engine
from projectflow.kit.middleware import RequestIdMiddleware
from tests.support.api import assert_error
from tests.support.databases import TestDatabase
from tests.support.live import live_server

SECRET = "s3cret-value"
PASSWORD = "correct horse battery staple"


def _unhandled_logs(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if "unhandled error" in record.getMessage()]


async def _failing_app(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError(f"lookup of {SECRET!r} failed")


async def _app_failing_midway(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    raise RuntimeError("failed after the response started")


async def test_the_middleware_answers_an_unhandled_error_with_the_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    transport = httpx.ASGITransport(app=RequestIdMiddleware(_failing_app))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/anything", headers={"X-Request-ID": "req-500"})
    error = assert_error(response, 500, "internal_error")
    assert error["details"] == {"request_id": "req-500"}
    assert response.headers["X-Request-ID"] == "req-500"
    [record] = _unhandled_logs(caplog)
    assert "req-500" in record.getMessage()
    assert "GET /anything" in record.getMessage()
    assert "RuntimeError" in record.getMessage()
    assert SECRET not in caplog.text


async def test_an_error_after_the_response_started_is_left_to_the_server() -> None:
    transport = httpx.ASGITransport(app=RequestIdMiddleware(_app_failing_midway))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        with pytest.raises(RuntimeError, match="after the response started"):
            await client.get("/")


async def test_database_errors_do_not_quote_bound_parameters(database: TestDatabase) -> None:
    engine = create_engine(database.app, pool_size=1)
    try:
        async with engine.connect() as connection:
            with pytest.raises(DBAPIError) as raised:
                await connection.execute(
                    text("SELECT 1 / 0 WHERE CAST(:v AS text) IS NOT NULL"), {"v": SECRET}
                )
    finally:
        await engine.dispose()
    assert "division by zero" in str(raised.value)
    assert SECRET not in str(raised.value)


# Makes sign-up fail inside INSERT INTO users, with or without a DETAIL quoting the row (as
# PostgreSQL's own constraint violations do).
FAILING_SIGN_UP = """
CREATE FUNCTION refuse_sign_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF {detail} THEN
        RAISE EXCEPTION 'refused by a test trigger'
            USING DETAIL = format('Failing row contains (%s, %s).', NEW.email, NEW.password_hash);
    END IF;
    RAISE EXCEPTION 'refused by a test trigger';
END $$;
CREATE TRIGGER refuse_sign_up BEFORE INSERT ON users
    FOR EACH ROW EXECUTE FUNCTION refuse_sign_up();
"""


async def _break_sign_up(database: TestDatabase, *, detail: bool) -> None:
    conn = await asyncpg.connect(database.superuser)
    try:
        await conn.execute(FAILING_SIGN_UP.format(detail="true" if detail else "false"))
    finally:
        await conn.close()


def _local_address(response: httpx.Response) -> Any:
    """The client's end of the connection the response came on."""
    return response.extensions["network_stream"].get_extra_info("client_addr")


@pytest.mark.parametrize("detail", [False, True], ids=["plain", "detail quoting the row"])
async def test_a_500_over_http_keeps_the_connection_and_leaks_nothing(
    settings: Settings,
    database: TestDatabase,
    caplog: pytest.LogCaptureFixture,
    detail: bool,
) -> None:
    await _break_sign_up(database, detail=detail)
    body = {"email": "ada@example.com", "password": PASSWORD, "name": "Ada"}
    with live_server(settings) as url:
        async with httpx.AsyncClient(
            base_url=url, limits=httpx.Limits(max_connections=1)
        ) as client:
            failed = await client.post("/api/auth/signup", json=body)
            failed_on = _local_address(failed)
            after = await client.get("/healthz")
            after_on = _local_address(after)
    error = assert_error(failed, 500, "internal_error")
    request_id = failed.headers["X-Request-ID"]
    assert error["details"] == {"request_id": request_id}
    assert failed.headers.get("connection") != "close"
    assert after.status_code == 200, after.text
    assert after_on == failed_on  # the same keep-alive connection
    [record] = _unhandled_logs(caplog)
    assert request_id in record.getMessage()
    assert "refused by a test trigger" in record.getMessage()
    assert "Exception in ASGI application" not in caplog.text  # logged once, by us
    assert "$argon2id$" not in caplog.text
    assert PASSWORD not in caplog.text
