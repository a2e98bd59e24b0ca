"""Chat Completions usage, in whichever shape a provider sends it, as the SDK's Usage."""

from __future__ import annotations

from typing import Any

from openai.types.responses import ResponseUsage

from agents.models.wire.content import field_value
from agents.usage import Usage
from agents.usage import input_tokens_details
from agents.usage import output_tokens_details


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _get(obj: Any, name: str) -> Any:
    return None if obj is None else field_value(obj, name)


def find_usage(obj: Any, paths: tuple[tuple[str, ...], ...]) -> Any:
    """The usage a completion or chunk carries at the first of `paths` that has one.

    Providers put it in different places: OpenAI in `usage` (null on every chunk but the
    last), Groq's older streams only in `x_groq.usage` of the last chunk.
    """
    for path in paths:
        value = obj
        for name in path:
            value = _get(value, name)
            if value is None:
                break
        if value is not None:
            return value
    return None


def usage_from_chat(usage: Any) -> Usage:
    """One call's usage; `requests` is 1 even when the provider sent no usage."""
    if usage is None:
        return Usage(requests=1)
    prompt = _int(_get(usage, "prompt_tokens"))
    completion = _int(_get(usage, "completion_tokens"))
    total = _int(_get(usage, "total_tokens")) or prompt + completion
    cached = _int(_get(_get(usage, "prompt_tokens_details"), "cached_tokens")) or _int(
        _get(usage, "prompt_cache_hit_tokens")
    )
    # Prompt-cache writes, as litellm reports Anthropic's cache_creation_input_tokens
    # (spelled differently across litellm versions).
    details = _get(usage, "prompt_tokens_details")
    cache_write = (
        _int(_get(details, "cache_write_tokens"))
        or _int(_get(details, "cache_creation_tokens"))
        or _int(_get(usage, "cache_creation_input_tokens"))
    )
    reasoning = _int(_get(_get(usage, "completion_tokens_details"), "reasoning_tokens"))
    return Usage(
        requests=1,
        input_tokens=prompt,
        output_tokens=completion,
        total_tokens=total,
        input_tokens_details=input_tokens_details(
            cached_tokens=cached, cache_write_tokens=cache_write
        ),
        output_tokens_details=output_tokens_details(reasoning),
        cost=_cost(_get(usage, "cost")),
    )


def _cost(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def to_response_usage(usage: Usage) -> ResponseUsage:
    # A reported cost rides along as an extra field, so a streamed turn keeps it too.
    extra: dict[str, Any] = {"cost": usage.cost} if usage.cost is not None else {}
    return ResponseUsage.model_validate(
        {
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "total_tokens": usage.total_tokens,
            "input_tokens_details": usage.input_tokens_details,
            "output_tokens_details": usage.output_tokens_details,
            **extra,
        }
    )


def from_response_usage(usage: ResponseUsage | None) -> Usage:
    """The Usage of a completed Responses-API response (one request)."""
    if usage is None:
        return Usage(requests=1)
    # Read field by field: the client builds responses unvalidated, so a provider's
    # malformed usage (a count missing or not a number) must not break the run's totals.
    inputs = _get(usage, "input_tokens_details")
    outputs = _get(usage, "output_tokens_details")
    return Usage(
        requests=1,
        input_tokens=_int(_get(usage, "input_tokens")),
        output_tokens=_int(_get(usage, "output_tokens")),
        total_tokens=_int(_get(usage, "total_tokens")),
        input_tokens_details=input_tokens_details(
            cached_tokens=_int(_get(inputs, "cached_tokens")),
            cache_write_tokens=_int(_get(inputs, "cache_write_tokens")),
        ),
        output_tokens_details=output_tokens_details(_int(_get(outputs, "reasoning_tokens"))),
        cost=_cost(_get(usage, "cost")),
    )
