"""The OpenAPI document's error responses: derived from what each route depends on, and all in
the one error shape (the live check that the API answers only these is test_schemathesis)."""

from typing import Any

import pytest

from projectflow.app import create_app
from projectflow.config import Settings

ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorOut"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    app = create_app(Settings(database_url="postgresql://unused", nats_url="nats://unused"))
    openapi: dict[str, Any] = app.openapi()
    return openapi


def _operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def test_every_error_response_has_the_one_error_shape(document: dict[str, Any]) -> None:
    for label, operation in _operations(document):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert response["content"] == {"application/json": {"schema": ERROR_SCHEMA}}, label
                assert response["description"], label
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert "ValidationError" not in schemas
    assert schemas["ErrorOut"]["required"] == ["error"]
    assert schemas["ErrorInfo"]["required"] == ["code", "message", "details"]


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/healthz", "get", {"200", "503"}),
        ("/api/me", "get", {"200", "401"}),
        ("/api/auth/login", "post", {"200", "400", "401", "413", "422", "429"}),
        ("/api/projects", "post", {"201", "400", "401", "413", "422"}),
        ("/api/projects/{project_id}", "get", {"200", "401", "403", "422"}),
        ("/api/cards/{card_id}", "delete", {"204", "401", "403", "422"}),
        ("/api/boards/{board_id}/doc", "post", {"200", "400", "401", "403", "409", "413", "422"}),
    ],
)
def test_statuses_follow_from_what_a_route_takes(
    document: dict[str, Any], path: str, method: str, statuses: set[str]
) -> None:
    assert set(document["paths"][path][method]["responses"]) == statuses
