"""Answers a run cannot go on from: empty ones, and tool calls cut off mid-arguments.

A provider can answer 200 with nothing in it (no text, no tool call: a filtered answer, a
reasoning model that spent its whole token budget thinking, a gateway's hiccup). Such an
answer is a failure of the model, not a final output: a FallbackModel tries the next model,
and a run without one raises a ModelBehaviorError saying so.
"""

from __future__ import annotations

from typing import Any

from openai.types.responses import ResponseFunctionToolCall
from openai.types.responses import ResponseOutputMessage
from openai.types.responses import ResponseReasoningItem


def unusable_reason(output: list[Any]) -> str | None:
    """Why a turn's output cannot be used (None when it can): no text and no tool call, or
    a tool call whose arguments were cut off at the output token limit."""
    useful = False
    for item in output:
        if isinstance(item, ResponseReasoningItem):
            continue
        if isinstance(item, ResponseOutputMessage):
            for part in item.content:
                if (getattr(part, "text", None) or getattr(part, "refusal", None) or "").strip():
                    useful = True
        elif isinstance(item, ResponseFunctionToolCall):
            if item.status == "incomplete":
                return "a tool call cut off at the output token limit"
            useful = True
        else:
            useful = True  # hosted tool calls and the like
    return None if useful else "an empty answer (no text and no tool calls)"


def empty_answer_message(model: Any, agent: Any, response: Any) -> str:
    """The error for a turn with neither text nor tool calls, with the likely cause."""
    message = (
        f"Model {model!r} returned an empty answer (neither text nor tool calls) for agent "
        f"{agent.name!r}"
    )
    if any(isinstance(item, ResponseReasoningItem) for item in response.output):
        message += (
            "; it returned only reasoning, as a reasoning model does when its output token "
            "limit is spent thinking (raise ModelSettings.max_tokens)"
        )
    return message + ". A FallbackModel (or RunConfig.fallback_models) tries another model."
