from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr

from projectflow.kit.fields import NonBlank, Text

ProviderName = Literal["openai", "anthropic"]
Price = Annotated[Decimal, Field(ge=0, le=10_000, max_digits=12, decimal_places=4)]


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http(s) URL such as https://api.openai.com/v1")
    if parts.username or parts.password:
        raise ValueError("must not hold credentials: give the key as api_key")
    return value.rstrip("/")


BaseUrl = Text[Annotated[NonBlank, Field(max_length=500), AfterValidator(_http_url)]]
ModelName = Text[Annotated[NonBlank, Field(max_length=200)]]
ApiKey = Annotated[SecretStr, Field(max_length=500)]


class AiSettingsIn(BaseModel):
    """A project's provider. `api_key` absent keeps the stored key; `""` removes it (a local
    server such as Ollama needs none)."""

    model_config = ConfigDict(extra="forbid")

    provider: ProviderName
    base_url: BaseUrl = Field(
        description="OpenAI-compatible: up to /v1 (https://api.openai.com/v1, "
        "http://localhost:11434/v1); Anthropic: https://api.anthropic.com"
    )
    model: ModelName
    api_key: ApiKey | None = None
    input_price_per_mtok: Price = Field(default=Decimal(0), description="USD per 1M input tokens")
    output_price_per_mtok: Price = Field(default=Decimal(0), description="USD per 1M output tokens")


class AiSettingsOut(BaseModel):
    provider: ProviderName
    base_url: str
    model: str
    api_key: str | None = Field(description='the stored key masked ("…cdef"), or null: none')
    input_price_per_mtok: Decimal
    output_price_per_mtok: Decimal
    updated_at: datetime
