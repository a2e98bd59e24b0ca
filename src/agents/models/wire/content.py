"""Reading one assistant message (or delta) in any provider's dialect.

`content` is a string for OpenAI, a list of typed chunks for Mistral (thinking and text), a JSON
object for Cloudflare Workers AI when the model answered in JSON. Reasoning comes in one of
several fields, or inline in the text. Provider-only data (OpenRouter's reasoning details,
Gemini's thought signatures, ids the SDK had to replace) is kept on the item under
`provider_data`, tagged with the provider and model that made it, so it can be returned to
that provider and never shown to another.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from openai.types.responses import ResponseReasoningItem
from openai.types.responses.response_reasoning_item import Summary

from agents.models.dialects.profiles import ModelProfile
from agents.models.fake_id import FAKE_RESPONSES_ID

PROVIDER_DATA = "provider_data"
"""The extra field on output items holding what only their provider understands."""


def extras(obj: Any) -> Mapping[str, Any]:
    """Fields a provider sent beyond the `openai` type's own (or a dict's keys)."""
    if isinstance(obj, Mapping):
        return obj
    return getattr(obj, "model_extra", None) or {}


def field_value(obj: Any, name: str) -> Any:
    """A field of a message or delta, whether declared on its type or sent as an extra.

    Read from the instance's own storage first: on a pydantic model a missing attribute goes
    through a slow `__getattr__` miss, and this runs for several names on every chunk.
    """
    if type(obj) is dict:
        return obj.get(name)
    extra = getattr(obj, "__pydantic_extra__", _ABSENT)
    if extra is _ABSENT:  # not a pydantic model (which is never a Mapping)
        if isinstance(obj, Mapping):
            return obj.get(name)
        return getattr(obj, name, None)
    if extra:
        value = extra.get(name)
        if value is not None:
            return value
    own = getattr(obj, "__dict__", None)
    if own is not None and name in own:
        return own[name]
    if extra is not None:  # a pydantic model without that field: nothing more to find
        return None
    return getattr(obj, name, None)


_ABSENT: Any = object()


def reasoning_text(message: Any, profile: ModelProfile) -> str | None:
    """Reasoning text from whichever field this provider uses.

    An extra on `openai`'s message and delta types; a declared attribute on litellm's.
    """
    for name in profile.reasoning_fields:
        value = field_value(message, name)
        if isinstance(value, str) and value:
            return value
    return None


def _chunk_text(value: Any) -> str:
    """Text of a Mistral chunk's payload: a string or a list of {"type": "text"} chunks."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            str(part.get("text", "")) if isinstance(part, Mapping) else str(part) for part in value
        )
    return ""


def content_parts(content: Any) -> tuple[str, str]:
    """(reasoning, text) of a message's `content`, whatever its shape.

    A list of typed chunks (Mistral) gives its "thinking" chunks as reasoning and its "text"
    chunks as text; any other non-string value (Cloudflare's parsed JSON answer) becomes its
    JSON text, which is what the model wrote.
    """
    if content is None:
        return "", ""
    if isinstance(content, str):
        return "", content
    if isinstance(content, list) and all(
        isinstance(c, Mapping) and isinstance(c.get("type"), str) for c in content
    ):
        reasoning: list[str] = []
        text: list[str] = []
        for chunk in content:
            kind = chunk["type"]
            if kind == "thinking":
                reasoning.append(_chunk_text(chunk.get("thinking")))
            elif kind in ("text", "output_text"):
                text.append(_chunk_text(chunk.get("text")))
        return "".join(reasoning), "".join(text)
    return "", json.dumps(content, ensure_ascii=False)


def reasoning_details(message: Any, profile: ModelProfile) -> list[Any]:
    """Structured reasoning blocks (OpenRouter's `reasoning_details`), if the message has any."""
    if profile.reasoning_details_field is None:
        return []
    value = field_value(message, profile.reasoning_details_field)
    return list(value) if isinstance(value, list) else []


def merge_reasoning_details(into: list[Any], more: list[Any]) -> None:
    """Add streamed reasoning-detail fragments: entries with the same index and type are one
    block whose text arrives in pieces."""
    for fragment in more:
        if not isinstance(fragment, Mapping):
            continue
        index = fragment.get("index")
        target = next(
            (
                block
                for block in into
                if index is not None
                and block.get("index") == index
                and block.get("type") == fragment.get("type")
            ),
            None,
        )
        if target is None:
            into.append(dict(fragment))
            continue
        for key, value in fragment.items():
            if key in ("text", "summary", "data") and isinstance(value, str):
                target[key] = str(target.get(key) or "") + value
            elif value is not None:
                target[key] = value


def merge_extra(old: Any, new: Any) -> Any:
    """Deep-merge a tool-call extra field arriving over several stream chunks."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        merged = dict(old)
        for key, value in new.items():
            merged[key] = merge_extra(merged.get(key), value)
        return merged
    return new if new is not None else old


def provider_tag(profile: ModelProfile, model: str | None) -> dict[str, Any]:
    tag: dict[str, Any] = {"provider": profile.provider}
    if model is not None:
        tag["model"] = model
    return tag


def make_reasoning_item(
    text: str, details: list[Any], profile: ModelProfile, model: str | None
) -> ResponseReasoningItem:
    """A reasoning item, tagged with who produced it."""
    data = provider_tag(profile, model)
    if details:
        data["reasoning_details"] = details
    text = text.strip()
    return ResponseReasoningItem.model_validate(
        {
            "id": FAKE_RESPONSES_ID,
            "summary": [Summary(text=text, type="summary_text")] if text else [],
            "type": "reasoning",
            PROVIDER_DATA: data,
        }
    )


def tool_call_provider_data(
    profile: ModelProfile,
    model: str | None,
    original_id: str | None,
    call_id: str,
    extra: Mapping[str, Any],
) -> dict[str, Any]:
    """Keyword arguments carrying a tool call's provider data; empty when there is none.

    The original id is kept when the SDK had to replace it (Gemini's ""), so it can be mapped
    back for the provider that made it.
    """
    data: dict[str, Any] = {}
    if original_id is not None and original_id != call_id:
        data["call_id"] = original_id
    if extra:
        data["extra"] = dict(extra)
    if not data:
        return {}
    return {PROVIDER_DATA: {**provider_tag(profile, model), **data}}


def tool_call_extra(call: Any, profile: ModelProfile) -> dict[str, Any]:
    """The extra fields of a tool call that go back with it (Gemini's `extra_content`)."""
    found = extras(call)
    return {
        name: found[name] for name in profile.tool_call_extra_fields if found.get(name) is not None
    }


def arguments_text(arguments: Any) -> str:
    """Tool-call arguments as JSON text (a few providers send an object, not a string)."""
    if arguments is None:
        return ""
    if isinstance(arguments, str):
        return arguments
    return json.dumps(arguments, ensure_ascii=False)
