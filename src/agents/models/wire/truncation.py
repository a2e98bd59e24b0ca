"""Answers cut off before the model finished, marked the way the Responses API marks them.

A Chat Completions answer that stopped at the output token limit says so only in
`finish_reason: "length"`; the Responses API marks the cut items `status: "incomplete"`.
Marking the items keeps the fact in the conversation's own format, whatever the route, so the
run loop can tell a complete answer from a truncated one (see `run.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openai.types.responses import ResponseFunctionToolCall
from openai.types.responses import ResponseOutputMessage

from agents.items import TResponseOutputItem

TRUNCATED_FINISH_REASONS = frozenset({"length", "max_tokens", "max_output_tokens"})
"""finish_reason values meaning "stopped at the output token limit" (litellm and some
gateways pass Anthropic's "max_tokens" through)."""


def mark_truncated(
    items: list[TResponseOutputItem], finish_reason: str | None
) -> list[TResponseOutputItem]:
    """`items`, with the message and tool calls marked incomplete when the answer was cut."""
    if finish_reason not in TRUNCATED_FINISH_REASONS:
        return items
    return [
        item.model_copy(update={"status": "incomplete"})
        if isinstance(item, ResponseOutputMessage | ResponseFunctionToolCall)
        else item
        for item in items
    ]


def is_truncated(items: Iterable[Any]) -> bool:
    """Whether any message or tool call of a turn's output was cut off."""
    return any(
        isinstance(item, ResponseOutputMessage | ResponseFunctionToolCall)
        and item.status == "incomplete"
        for item in items
    )
