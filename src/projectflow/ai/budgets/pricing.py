"""Tokens to money, and the rough token count of text a provider has not counted for us."""

import json
from decimal import ROUND_CEILING, Decimal

from projectflow.ai.providers.base import ChatRequest

MILLION = Decimal(1_000_000)
# Tokens are about four characters of English text; budgets err on the side of counting more.
CHARS_PER_TOKEN = 4
# Roles and separators around each message.
MESSAGE_FRAMING_TOKENS = 8
CENT_FRACTION = Decimal("0.000001")


def cost(
    input_tokens: int, output_tokens: int, input_price: Decimal, output_price: Decimal
) -> Decimal:
    """USD for the tokens at the prices per million, rounded up to a millionth of a dollar."""
    total = (input_tokens * input_price + output_tokens * output_price) / MILLION
    return total.quantize(CENT_FRACTION, rounding=ROUND_CEILING)


def tokens_for(characters: int) -> int:
    """An upper-leaning guess of the tokens in so many characters of text."""
    return -(-characters // CHARS_PER_TOKEN)


def usd(amount: Decimal) -> str:
    """$0.0123 for small amounts, $12.34 otherwise."""
    return f"${amount:.4f}" if amount < 1 else f"${amount:,.2f}"


def request_tokens(request: ChatRequest) -> int:
    """What a request will count as input, roughly: its text, tool calls and tool specs."""
    size = len(request.system) + sum(
        len(message.content) + sum(len(json.dumps(c.arguments)) for c in message.tool_calls)
        for message in request.messages
    )
    size += sum(len(json.dumps(tool.parameters)) + len(tool.description) for tool in request.tools)
    return tokens_for(size) + MESSAGE_FRAMING_TOKENS * (len(request.messages) + 1)
