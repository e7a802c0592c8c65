"""The web app's TypeScript client is generated from the API's OpenAPI schema
(web/src/lib/api/openapi.json → schema.d.ts at build time): the committed copy must be current."""

import json
from pathlib import Path

from projectflow.app import create_app
from projectflow.config import Settings

COMMITTED = Path(__file__).parents[2] / "web" / "src" / "lib" / "api" / "openapi.json"


def current_schema() -> str:
    app = create_app(Settings(database_url="postgresql://unused", nats_url="nats://unused"))
    return json.dumps(app.openapi(), indent=2) + "\n"


def test_the_web_clients_schema_is_current() -> None:
    assert COMMITTED.read_text() == current_schema(), (
        "web/src/lib/api/openapi.json is stale: run `make api-client` and commit the result"
    )
