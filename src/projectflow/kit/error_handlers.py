"""Every 4xx leaves in one JSON shape, with a message a person can act on.

An unhandled exception is answered by `RequestIdMiddleware` (kit/middleware.py), not here: a
handler for `Exception` runs in Starlette's ServerErrorMiddleware, outside the request id, and the
server drops the connection after it.
"""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from projectflow.kit.errors import AppError, error_body

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]


async def _app_error(_: Request, error: AppError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status_code, headers=error.headers)


async def _validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
    problems = [_problem(item) for item in error.errors()]
    if any(item["type"] == "json_invalid" for item in problems):
        body = error_body("malformed_json", "The request body is not valid JSON.", problems)
        return JSONResponse(body, status_code=400)
    summary = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
    return JSONResponse(error_body("validation_error", summary, problems), status_code=422)


def _problem(item: Any) -> dict[str, str]:
    location = [str(part) for part in item.get("loc", ()) if part != "body"]
    return {
        "field": ".".join(location) or "body",
        "message": str(item.get("msg", "invalid")),
        "type": str(item.get("type", "invalid")),
    }


async def _http_error(request: Request, error: HTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(error.status_code, "http_error")
    if error.status_code == 404:
        message = f"No route for {request.method} {request.url.path}."
    elif error.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}."
    else:
        message = str(error.detail)
    return JSONResponse(
        error_body(code, message), status_code=error.status_code, headers=error.headers
    )
