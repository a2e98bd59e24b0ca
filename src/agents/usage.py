"""Token accounting for a run, summed over every model call."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from openai.types.responses.response_usage import InputTokensDetails
from openai.types.responses.response_usage import OutputTokensDetails

from agents.util._unvalidated import checked_builder

_HAS_CACHE_WRITE = "cache_write_tokens" in InputTokensDetails.model_fields


def _validated_input_details(cached_tokens: int, cache_write_tokens: int) -> InputTokensDetails:
    fields: dict[str, Any] = {"cached_tokens": cached_tokens}
    if _HAS_CACHE_WRITE:
        fields["cache_write_tokens"] = cache_write_tokens
    return InputTokensDetails(**fields)


def _validated_output_details(reasoning_tokens: int) -> OutputTokensDetails:
    return OutputTokensDetails(reasoning_tokens=reasoning_tokens)


# Every usage holds two details objects and every model call makes a few: built as
# validation lays them out (agents.util._unvalidated), checked against it here at import.
_build_input_details = checked_builder(
    _validated_input_details,
    {"cached_tokens": 7, "cache_write_tokens": 9},
    {"cached_tokens": 3, "cache_write_tokens": 5},
)
_build_output_details = checked_builder(
    _validated_output_details, {"reasoning_tokens": 7}, {"reasoning_tokens": 3}
)


def input_tokens_details(cached_tokens: int = 0, cache_write_tokens: int = 0) -> InputTokensDetails:
    """Build the details object for whichever `openai` version is installed.

    Newer versions of the type also require `cache_write_tokens`; older ones lack it.
    """
    if type(cached_tokens) is int and type(cache_write_tokens) is int:
        return _build_input_details(
            cached_tokens=cached_tokens, cache_write_tokens=cache_write_tokens
        )
    return _validated_input_details(cached_tokens, cache_write_tokens)


def output_tokens_details(reasoning_tokens: int = 0) -> OutputTokensDetails:
    """The output details object (`reasoning_tokens`), built as `input_tokens_details` is."""
    if type(reasoning_tokens) is int:
        return _build_output_details(reasoning_tokens=reasoning_tokens)
    return _validated_output_details(reasoning_tokens)


def raw_usage_snapshot(raw: Any) -> dict[str, Any] | None:
    """A provider's usage object as detached JSON data, with only the fields it sent.

    The snapshot is diagnostic (`ModelSettings.preserve_raw_usage`): a value that is not JSON
    gives None rather than failing a model call that otherwise succeeded.
    """
    if raw is None:
        return None
    try:
        if isinstance(raw, Mapping):
            candidate: Any = dict(raw)
        elif callable(getattr(raw, "model_dump", None)):
            candidate = raw.model_dump(mode="json", by_alias=True, exclude_unset=True)
        else:
            return None
        snapshot = json.loads(json.dumps(candidate, allow_nan=False))
    except (TypeError, ValueError):
        return None
    return snapshot if isinstance(snapshot, dict) else None


_PROVIDER_USAGE = "_freeagents_provider_usage"
"""The attribute a streamed answer's final `Response` keeps its provider's own usage under
(a Chat Completions chunk's, before it was converted), for `preserve_raw_usage`."""


def attach_provider_usage(response: Any, usage: Any) -> None:
    """Keep the provider's own `usage` on a converted final response. Not a field: it is in
    no dump and no comparison, as the reference keeps it."""
    try:
        object.__setattr__(response, _PROVIDER_USAGE, usage)
    except (AttributeError, TypeError):  # an object that takes no attributes: none kept
        return


def provider_usage(response: Any) -> tuple[bool, Any]:
    """(whether one was attached, the provider's usage) of a final response."""
    found = getattr(response, "__dict__", {}).get(_PROVIDER_USAGE, _PROVIDER_USAGE)
    if found is _PROVIDER_USAGE:
        return False, None
    return True, found


@dataclass
class RequestUsage:
    """One model request's tokens, kept apart from the run's totals (for per-request pricing
    or context-window accounting)."""

    input_tokens: int
    """Input tokens of this request."""

    output_tokens: int
    """Output tokens of this request."""

    total_tokens: int
    """Total tokens of this request, as the provider reported them."""

    input_tokens_details: InputTokensDetails
    """Cached (and cache-write) input tokens of this request."""

    output_tokens_details: OutputTokensDetails
    """Reasoning tokens of this request."""


@dataclass
class Usage:
    requests: int = 0
    """Number of model requests made."""

    input_tokens: int = 0
    """Input (prompt) tokens sent, including cached ones."""

    input_tokens_details: InputTokensDetails = field(default_factory=input_tokens_details)
    """Details of the input tokens: `cached_tokens` is the part served from a prompt cache."""

    output_tokens: int = 0
    """Output (completion) tokens received, including reasoning tokens."""

    output_tokens_details: OutputTokensDetails = field(default_factory=output_tokens_details)
    """Details of the output tokens: `reasoning_tokens` is the part spent on reasoning."""

    total_tokens: int = 0
    """Total tokens, as the provider reported them (some count more than input + output)."""

    request_usage_entries: list[RequestUsage] = field(default_factory=list)
    """One entry per model request added into this total (see `add`), in order: the totals
    above are their sums."""

    cost: float | None = None
    """What the provider said the calls cost (OpenRouter's `usage.cost`, in its credits);
    None when no provider reported a cost."""

    def add(self, other: Usage) -> None:
        """Add another usage (one model call's) into this running total."""
        self.requests += other.requests
        self.input_tokens += other.input_tokens
        self.output_tokens += other.output_tokens
        self.total_tokens += other.total_tokens
        cached, written, reasoning = _detail_counts(other)
        if cached or written:
            mine = self.input_tokens_details
            self.input_tokens_details = input_tokens_details(
                cached_tokens=(mine.cached_tokens or 0) + cached,
                cache_write_tokens=(getattr(mine, "cache_write_tokens", 0) or 0) + written,
            )
        if reasoning:
            self.output_tokens_details = output_tokens_details(
                (self.output_tokens_details.reasoning_tokens or 0) + reasoning
            )
        if other.cost is not None:
            self.cost = (self.cost or 0.0) + other.cost
        if other.request_usage_entries:
            self.request_usage_entries.extend(copy.deepcopy(other.request_usage_entries))
        elif other.requests == 1 and (
            other.input_tokens or other.output_tokens or other.total_tokens
        ):
            # One call's usage as a model reports it: it becomes this total's entry for it.
            self.request_usage_entries.append(
                RequestUsage(
                    input_tokens=other.input_tokens,
                    output_tokens=other.output_tokens,
                    total_tokens=other.total_tokens,
                    input_tokens_details=input_tokens_details(cached, written),
                    output_tokens_details=output_tokens_details(reasoning),
                )
            )


def _detail_counts(usage: Usage) -> tuple[int, int, int]:
    """(cached, cache-write, reasoning) tokens of a usage; a provider's missing or null
    count reads as 0."""
    inputs = usage.input_tokens_details
    return (
        inputs.cached_tokens or 0,
        getattr(inputs, "cache_write_tokens", 0) or 0,
        usage.output_tokens_details.reasoning_tokens or 0,
    )
