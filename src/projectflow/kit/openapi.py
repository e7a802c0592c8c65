"""The OpenAPI document names every error status an operation can answer, each in the one error
shape (kit/errors.py).

The statuses follow from what a route depends on, so a new route is documented without anyone
remembering to: a bearer token (401), a bearer token and an id in the path (403: the caller may
not act there, or the id is unknown), parameters or a body (422), a body (400, 413), a body
without a token (429: the anonymous doors are rate-limited). What only the code behind a route
knows (a 409, a 404) is declared on its decorator as `responses={status: {"description": ...}}`;
this module gives it the error schema.
"""

from collections.abc import Iterator, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from fastapi.security.base import SecurityBase
from pydantic import BaseModel, Field
from starlette.routing import BaseRoute

REF_PREFIX = "#/components/schemas/"
ERROR_REF = REF_PREFIX + "ErrorOut"
# FastAPI's default 422 body, which is not the shape this API answers with.
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")

DERIVED_DESCRIPTIONS = {
    400: "The body is empty, not valid JSON (`malformed_json`), or not what the operation reads.",
    401: "Missing, expired or revoked bearer token (`unauthorized`).",
    403: "The caller may not do this, or an id in the path does not exist (`forbidden`).",
    413: "The body is larger than the server accepts (`payload_too_large`).",
    422: "A parameter or the body is invalid (`validation_error`); `details` lists each field.",
    429: "Too many attempts (`rate_limited`); try again after `Retry-After` seconds.",
}


class ErrorInfo(BaseModel):
    code: str = Field(description="Stable and machine-readable, e.g. `forbidden`.")
    message: str = Field(description="What went wrong, in words a person can act on.")
    details: Any = Field(description="More about the error (fields, limits), or null.")


class ErrorOut(BaseModel):
    """Every 4xx and 5xx answer has this body."""

    error: ErrorInfo


def install_error_responses(app: FastAPI) -> None:
    """Make `app.openapi()` document the error statuses of every operation."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        document = generate()  # FastAPI's own, cached until the routes change
        if "ErrorOut" not in document.get("components", {}).get("schemas", {}):
            document_errors(document, app.routes)
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def document_errors(document: dict[str, Any], routes: Sequence[BaseRoute]) -> None:
    """Add the derived error statuses to each operation of `document` and give every error
    response the `ErrorOut` schema (in place of FastAPI's default 422)."""
    for route, operation in _operations(document, routes):
        responses = _without_fastapi_validation_error(operation["responses"])
        for status in derived_statuses(route.dependant, has_body="requestBody" in operation):
            responses.setdefault(str(status), {"description": DERIVED_DESCRIPTIONS[status]})
        for key, response in responses.items():
            if _is_error(key):
                response["content"] = {"application/json": {"schema": {"$ref": ERROR_REF}}}
        operation["responses"] = dict(sorted(responses.items()))
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in FASTAPI_VALIDATION_SCHEMAS:
        schemas.pop(name, None)
    schemas.update(_error_schemas())
    document["components"]["schemas"] = dict(sorted(schemas.items()))


def derived_statuses(endpoint: Dependant, *, has_body: bool) -> set[int]:
    """The error statuses a route can answer because of what its endpoint depends on."""
    dependants = list(_walk(endpoint))
    needs_token = any(isinstance(dependant.call, SecurityBase) for dependant in dependants)
    names_ids = any(dependant.path_params for dependant in dependants)
    statuses: set[int] = set()
    if needs_token:
        statuses.add(401)
    if needs_token and names_ids:
        statuses.add(403)  # a foreign id and a missing one alike (kit/errors.Forbidden)
    if has_body or any(_takes_input(dependant) for dependant in dependants):
        statuses.add(422)
    if has_body:
        statuses |= {400, 413} if needs_token else {400, 413, 429}
    return statuses


def _operations(
    document: dict[str, Any], routes: Sequence[BaseRoute]
) -> Iterator[tuple[RouteContext, dict[str, Any]]]:
    """Each documented route (as included, prefix and all) with its operations in `document`."""
    for route in iter_route_contexts(routes):
        if isinstance(route.original_route, APIRoute) and route.include_in_schema:
            path = document["paths"][route.path_format]
            for method in sorted(route.methods or ()):
                yield route, path[method.lower()]


def _without_fastapi_validation_error(responses: dict[str, Any]) -> dict[str, Any]:
    default = {"$ref": REF_PREFIX + "HTTPValidationError"}
    return {
        status: response
        for status, response in responses.items()
        if response.get("content", {}).get("application/json", {}).get("schema") != default
    }


def _is_error(status: str) -> bool:
    return status.isdigit() and int(status) >= 400


def _walk(dependant: Dependant) -> Iterator[Dependant]:
    """The endpoint's own dependant first, then every dependency under it."""
    yield dependant
    for child in dependant.dependencies:
        yield from _walk(child)


def _takes_input(dependant: Dependant) -> bool:
    return bool(
        dependant.path_params
        or dependant.query_params
        or dependant.header_params
        or dependant.cookie_params
        or dependant.body_params
    )


def _error_schemas() -> dict[str, Any]:
    schema = ErrorOut.model_json_schema(ref_template=REF_PREFIX + "{model}")
    definitions: dict[str, Any] = schema.pop("$defs", {})
    return {"ErrorOut": schema, **definitions}
