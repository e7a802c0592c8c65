"""The provider a project's settings name."""

from projectflow.ai.providers.anthropic import AnthropicProvider
from projectflow.ai.providers.base import Provider
from projectflow.ai.providers.openai import OpenAIProvider
from projectflow.ai.providers.transport import Transport


def provider_for(name: str, transport: Transport, base_url: str, api_key: str) -> Provider:
    """`name`: "openai" (any OpenAI-compatible server) or "anthropic"."""
    if name == "anthropic":
        return AnthropicProvider(transport, base_url, api_key)
    return OpenAIProvider(transport, base_url, api_key)
