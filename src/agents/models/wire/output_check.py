"""A cheap check that a provider's output items have the shape the run loop reads.

The `openai` client builds response objects without validating them, so an answer with a field
missing or of the wrong type arrives as an object whose attributes are None, numbers or dicts
where strings and lists belong, and the run would trip over it far from the cause. A full
pydantic re-validation of every response would cost time on every turn; this checks only the
fields the SDK reads, in microseconds, and turns a bad item into a `ProviderResponseError`
that names the provider, the item and the field.
"""

from __future__ import annotations

from typing import Any

from openai.types.responses import ResponseFunctionToolCall
from openai.types.responses import ResponseOutputMessage
from openai.types.responses import ResponseReasoningItem

from agents.exceptions import ProviderResponseError

_EXPECTED_TYPE: dict[type[Any], str] = {
    ResponseOutputMessage: "message",
    ResponseFunctionToolCall: "function_call",
    ResponseReasoningItem: "reasoning",
}


def output_problem(items: Any) -> str | None:
    """What is wrong with a turn's output items (None when nothing the SDK reads is)."""
    if not isinstance(items, list):
        return f"the output is {type(items).__name__}, not a list"
    for index, item in enumerate(items):
        problem = _item_problem(item)
        if problem is not None:
            return f"output item {index}: {problem}"
    return None


def _item_problem(item: Any) -> str | None:
    kind = getattr(item, "type", None)
    if not isinstance(kind, str):
        return f"its type is {kind!r}"
    expected = _EXPECTED_TYPE.get(type(item))
    if expected is not None and kind != expected:
        return f"type {kind!r} was read as a {expected}"
    if isinstance(item, ResponseOutputMessage):
        content = item.content
        if not isinstance(content, list):
            return "the message content is not a list"
        for part in content:
            part_type = getattr(part, "type", None)
            if part_type == "output_text" and not isinstance(getattr(part, "text", None), str):
                return "an output_text part has no text"
            if part_type == "refusal" and not isinstance(getattr(part, "refusal", None), str):
                return "a refusal part has no refusal text"
            if not isinstance(part_type, str):
                return f"a content part's type is {part_type!r}"
    elif isinstance(item, ResponseFunctionToolCall):
        for field in ("name", "arguments", "call_id"):
            if not isinstance(getattr(item, field, None), str):
                return f"the function call's {field} is not a string"
    elif isinstance(item, ResponseReasoningItem):
        summary = item.summary
        if not isinstance(summary, list) or not all(
            isinstance(getattr(part, "text", None), str) for part in summary
        ):
            return "the reasoning summary is not a list of texts"
    return None


def check_output(items: Any, *, base_url: str | None, model: str) -> None:
    """Raise ProviderResponseError when the output items are not readable."""
    problem = output_problem(items)
    if problem is not None:
        where = base_url or "the provider"
        raise ProviderResponseError(
            f"The answer from {where} for model {model!r} is malformed ({problem}); the "
            "provider sent a response that does not have the documented shape",
            base_url=base_url,
            model=model,
        )
