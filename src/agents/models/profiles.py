"""What a provider's Chat Completions dialect supports and how it spells things, as data.

The adapter reads a profile instead of testing provider names, so a new provider is a new
row, not new branches in the request path.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModelProfile:
    supports_stream_usage_option: bool = True
    """The endpoint accepts `stream_options: {"include_usage": true}` (OpenAI's way to get
    usage in a stream). Where it does not, usage must come from the stream by itself."""

    supports_json_schema: bool = True
    """The endpoint accepts `response_format: {"type": "json_schema", ...}`."""

    reasoning_fields: tuple[str, ...] = ("reasoning_content", "reasoning")
    """Message and delta fields that carry reasoning text, in order of preference."""

    reasoning_field_to_send: str | None = None
    """Field the provider wants reasoning returned in on tool-call turns (None: don't send)."""

    max_tokens_field: str = "max_tokens"
    """How the output-token limit is spelled in the request."""


DEFAULT_PROFILE = ModelProfile()
"""The profile for an endpoint nothing more is known about: OpenAI's own dialect."""
