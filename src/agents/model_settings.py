"""Per-call model settings, resolvable agent-level over run-level."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from typing import Any, Literal

from openai.types.shared import Reasoning
from pydantic import BaseModel

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
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.model_dump() if isinstance(value, BaseModel) else value
        return out
