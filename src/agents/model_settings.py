"""Per-call model settings, resolvable agent-level over run-level."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from dataclasses import fields
from typing import Any
from typing import Literal

from openai.types.shared import Reasoning
from pydantic import BaseModel

from agents._setting_checks import check_seconds
from agents.exceptions import UserError
from agents.retry import ModelRetrySettings
from agents.retry import RetryPolicy

ToolChoice = Literal["auto", "required", "none"] | str | None


@dataclass
class ModelSettings:
    """Optional settings for a model call. None means "the provider's default".

    Not every provider accepts every setting: the provider profile drops or renames what a
    provider does not understand, rather than letting the request fail.
    """

    temperature: float | None = None
    """Sampling temperature."""

    top_p: float | None = None
    """Nucleus sampling."""

    frequency_penalty: float | None = None
    """Penalty on tokens by their frequency so far."""

    presence_penalty: float | None = None
    """Penalty on tokens that appeared at all."""

    tool_choice: ToolChoice = None
    """"auto", "required", "none", or the name of one tool to force."""

    parallel_tool_calls: bool | None = None
    """Whether the model may call several tools in one turn."""

    truncation: Literal["auto", "disabled"] | None = None
    """Truncation strategy (Responses API only)."""

    max_tokens: int | None = None
    """Upper bound on output tokens."""

    reasoning: Reasoning | None = None
    """Reasoning configuration (effort) for reasoning models."""

    verbosity: Literal["low", "medium", "high"] | None = None
    """Verbosity of the answer, where the model supports it."""

    metadata: dict[str, str] | None = None
    """Metadata attached to the request."""

    store: bool | None = None
    """Whether the provider may store the response."""

    prompt_cache_retention: Literal["in_memory", "24h"] | None = None
    """How long OpenAI keeps a cached prompt prefix ("24h": extended caching). Sent on OpenAI's
    Chat Completions and Responses APIs; dropped for providers that refuse it."""

    include_usage: bool | None = None
    """Ask for token usage in streamed responses. None means: ask whenever the provider can."""

    response_include: list[str] | None = None
    """Extra fields to include in the response (Responses API only)."""

    top_logprobs: int | None = None
    """Number of top log probabilities to return per token."""

    extra_query: dict[str, Any] | None = None
    """Extra query parameters for the request."""

    extra_body: dict[str, Any] | None = None
    """Extra JSON fields for the request body."""

    extra_headers: dict[str, str] | None = None
    """Extra HTTP headers for the request."""

    extra_args: dict[str, Any] | None = None
    """Extra keyword arguments passed straight to the model call (for LiteLLM mostly)."""

    retry: RetryPolicy | ModelRetrySettings | None = None
    """How failed requests are retried (429, 5xx, dropped connections; see docs/reliability.md).
    None: as many attempts as the client's own `max_retries` allows, waited out by the SDK."""

    context_management: list[dict[str, Any]] | None = None
    """Server-side context management entries of OpenAI's Responses API, for example
    `[{"type": "compaction", "compact_threshold": 200000}]`. Responses API only: other routes
    do not send it (and log a warning once)."""

    prompt_cache_options: dict[str, Any] | None = None
    """Prompt-cache configuration of OpenAI's APIs, for example
    `{"mode": "explicit", "ttl": "30m"}`. Dropped for providers that refuse it."""

    preserve_raw_usage: bool | None = None
    """Keep the provider's usage object as it arrived (JSON data, before freeagents fills in
    missing fields) on `ModelResponse.raw_usage`. It does not ask for usage: see
    `include_usage` for streams."""

    timeout: float | None = None
    """Seconds one request may wait for the provider: to connect, for the answer, and between
    two content events of a streamed answer (keep-alive comments do not count). Each retry gets
    its own. None: the client's own timeout, or 300 s where the client has the library's
    600 s default."""

    def __post_init__(self) -> None:
        _check_numbers(self)
        _check_cache_settings(self)
        check_seconds("ModelSettings", "timeout", self.timeout)
        if self.retry is not None and not isinstance(self.retry, RetryPolicy | ModelRetrySettings):
            raise UserError(
                "ModelSettings.retry must be a RetryPolicy (from agents import RetryPolicy) "
                f"or a ModelRetrySettings, got {type(self.retry).__name__}"
            )

    def resolve(self, override: ModelSettings | None) -> ModelSettings:
        """Return a copy where every non-None setting of `override` wins.

        `extra_args` dictionaries are merged rather than replaced, so run-level extras do not
        silently erase an agent's.
        """
        if override is None:
            return self  # settings are never mutated in place, so no copy is needed
        changes = {f.name: getattr(override, f.name) for f in fields(self)}
        changes = {k: v for k, v in changes.items() if v is not None}
        if self.extra_args is not None and override.extra_args is not None:
            changes["extra_args"] = {**self.extra_args, **override.extra_args}
        return dataclasses.replace(self, **changes)

    def to_json_dict(self) -> dict[str, Any]:
        """The settings as JSON-ready data (recorded on traces): header values that carry
        credentials are masked, so a key passed in `extra_headers` never reaches a trace."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, BaseModel):
                value = value.model_dump()
            elif isinstance(value, RetryPolicy):
                value = {k: v for k, v in dataclasses.asdict(value).items() if k != "decide"}
            elif hasattr(value, "to_json_dict"):
                value = value.to_json_dict()
            elif f.name == "extra_headers" and value:
                value = {k: "***" if _is_secret_header(k) else v for k, v in value.items()}
            out[f.name] = value
        return out


_SECRET_HEADER_WORDS = ("authorization", "key", "token", "secret", "cookie")


def _is_secret_header(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _SECRET_HEADER_WORDS)


_NUMBER_RANGES: dict[str, tuple[float, float]] = {
    "temperature": (0.0, math.inf),  # OpenAI takes up to 2, others more: the provider decides
    "top_p": (0.0, 1.0),
    "frequency_penalty": (-math.inf, math.inf),
    "presence_penalty": (-math.inf, math.inf),
}


def _check_numbers(settings: ModelSettings) -> None:
    """Sampling settings are numbers in the range every provider documents; a string or NaN
    would otherwise be sent as it is and fail (or be ignored) far from where it was set."""
    for name, (low, high) in _NUMBER_RANGES.items():
        value = getattr(settings, name)
        if value is None:
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not low <= value <= high
        ):
            where = f"from {low:g} to {high:g}" if math.isfinite(high) else f">= {low:g}"
            if not math.isfinite(low):
                where = "that is finite"
            raise UserError(f"ModelSettings.{name} must be a number {where}, got {value!r}")
    for name, least in (("max_tokens", 1), ("top_logprobs", 0)):
        value = getattr(settings, name)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < least
        ):
            raise UserError(
                f"ModelSettings.{name} must be a whole number of at least {least}, got {value!r}"
            )


def _check_cache_settings(settings: ModelSettings) -> None:
    """The prompt-cache and context-management settings are sent as they are: a misspelt
    value would only come back as a provider's 400, far from where it was set."""
    retention = settings.prompt_cache_retention
    if retention is not None and retention not in ("in_memory", "24h"):
        raise UserError(
            f"ModelSettings.prompt_cache_retention must be 'in_memory' or '24h', got {retention!r}"
        )
    entries = settings.context_management
    if entries is not None and (
        not isinstance(entries, list)
        or not all(isinstance(e, dict) and isinstance(e.get("type"), str) for e in entries)
    ):
        raise UserError(
            "ModelSettings.context_management must be a list of dicts each with a 'type', "
            'for example [{"type": "compaction", "compact_threshold": 200000}]'
        )
    options = settings.prompt_cache_options
    if options is not None and not isinstance(options, dict):
        raise UserError(
            "ModelSettings.prompt_cache_options must be a dict, for example "
            f'{{"mode": "explicit", "ttl": "30m"}}, got {type(options).__name__}'
        )
