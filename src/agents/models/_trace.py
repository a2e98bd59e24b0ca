"""The spans a model call records, as the reference records them for each route.

Chat Completions routes (any OpenAI-compatible provider, LiteLLM) record a generation span
with the messages sent and received; the Responses route records a response span holding
the `Response`. Both carry what freeagents adds: the provider's name and its base URL
(stripped of credentials and query), never a key. Conversions are left until something
reads the span, so a run nobody traces pays for no copies.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

from agents.tracing import generation_span

if TYPE_CHECKING:
    from openai.types.responses import Response

    from agents.items import ModelResponse
    from agents.model_settings import ModelSettings
    from agents.models.interface import ModelTracing
    from agents.tracing.span_data import GenerationSpanData
    from agents.tracing.span_data import ResponseSpanData
    from agents.tracing.spans import Span
    from agents.usage import Usage


def sanitize_url(url: object) -> str:
    """The URL without user info, query or fragment: what a trace may keep."""
    try:
        parts = urlsplit(str(url))
    except ValueError:
        return ""
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


class _TraceConfig:
    """The call's settings as the span's `model_config`, turned into a dict when read."""

    __slots__ = ("base_url", "impl", "settings", "with_data")

    def __init__(self, settings: ModelSettings, with_data: bool, base_url: str, impl: str) -> None:
        self.settings = settings
        self.with_data = with_data
        self.base_url = base_url
        self.impl = impl

    def to_json_dict(self) -> dict[str, Any]:
        config = self.settings.to_json_dict()
        if not self.with_data:
            config.pop("metadata", None)
        config["base_url"] = self.base_url
        config["model_impl"] = self.impl
        return config


def usage_counts(usage: Usage) -> dict[str, int]:
    """The counters of a usage, flat: requests, tokens in and out, cache reads and writes."""
    details = usage.input_tokens_details
    return {
        "requests": usage.requests,
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "total_tokens": usage.total_tokens,
        "cached_input_tokens": details.cached_tokens or 0,
        "cache_write_input_tokens": getattr(details, "cache_write_tokens", 0) or 0,
    }


def span_usage(usage: Usage) -> dict[str, Any]:
    """One call's usage in the shape the reference's spans carry."""
    counts: dict[str, Any] = usage_counts(usage)
    counts["input_tokens_details"] = {
        "cached_tokens": counts.pop("cached_input_tokens"),
        "cache_write_tokens": counts.pop("cache_write_input_tokens"),
    }
    counts["output_tokens_details"] = {
        "reasoning_tokens": usage.output_tokens_details.reasoning_tokens or 0
    }
    return counts


def _with_usage(
    span: Span[GenerationSpanData] | Span[ResponseSpanData], usage: Usage, tracing: ModelTracing
) -> bool:
    """Put the call's usage on its span (unless tracing is off); True when the span may
    also keep what was sent and received."""
    if tracing.is_disabled():
        return False
    span.span_data.usage = span_usage(usage)
    return tracing.include_data()


def chat_generation_span(
    model: str,
    settings: ModelSettings,
    tracing: ModelTracing,
    *,
    base_url: str,
    provider: str | None,
    impl: str,
) -> Span[GenerationSpanData]:
    """The generation span of one Chat Completions call (not yet started)."""
    if tracing.is_disabled():  # a no-op span: nothing reads what it would carry
        return generation_span(model=model, disabled=True)
    url = sanitize_url(base_url) if base_url else ""
    return generation_span(
        model=model,
        model_config=_TraceConfig(settings, tracing.include_data(), url, impl),  # type: ignore[arg-type]
        disabled=tracing.is_disabled(),
        provider=provider,
        base_url=url or None,
    )


def record_generation(
    span: Span[GenerationSpanData], response: ModelResponse, model: str, tracing: ModelTracing
) -> None:
    """Usage, and the answer as a `Response` (built only if read), on a generation span."""
    if _with_usage(span, response.usage, tracing):
        data = span.span_data
        data.response = lambda: as_response(response, model)
        if data.output is None:
            data.output = [_assistant_message(response)]


def record_streamed_generation(
    span: Span[GenerationSpanData], final: Response, usage: Usage, tracing: ModelTracing
) -> None:
    """What a streamed Chat Completions call leaves on its span: usage and the final response."""
    if _with_usage(span, usage, tracing):
        data = span.span_data
        data.response = final
        data.output = [final.model_dump(mode="json", exclude_unset=True, warnings=False)]


def as_response(response: ModelResponse, model: str) -> Response:
    """A ModelResponse as a Responses `Response` (for instrumentations that read one)."""
    from openai.types.responses import Response

    from agents.models.wire.usage import to_response_usage

    return Response(
        id=response.response_id or "",
        created_at=time.time(),
        model=model,
        object="response",
        output=list(response.output),
        tool_choice="auto",
        tools=[],
        parallel_tool_calls=False,
        status="completed",
        usage=to_response_usage(response.usage),
    )


def _assistant_message(response: ModelResponse) -> dict[str, Any]:
    """The turn's output as the Chat Completions assistant message it came from."""
    text: list[str] = []
    calls: list[dict[str, Any]] = []
    for item in response.output:
        kind = getattr(item, "type", None)
        if kind == "message":
            for part in getattr(item, "content", []):
                if getattr(part, "type", None) == "output_text":
                    text.append(part.text)
                elif getattr(part, "type", None) == "refusal":
                    text.append(part.refusal)
        elif kind == "function_call":
            calls.append(
                {
                    "id": item.call_id,  # type: ignore[union-attr]
                    "type": "function",
                    "function": {"name": item.name, "arguments": item.arguments},  # type: ignore[union-attr]
                }
            )
    message: dict[str, Any] = {"role": "assistant", "content": "".join(text) or None}
    if calls:
        message["tool_calls"] = calls
    return message


def describe_response_span(
    span: Span[ResponseSpanData], model: str, *, base_url: str, provider: str | None
) -> None:
    """What freeagents adds to a response span: the model, who served it, and where."""
    data = span.span_data
    data.model = model
    data.provider = provider
    data.base_url = sanitize_url(base_url) if base_url else None


def record_response(
    span: Span[ResponseSpanData],
    response: Response,
    usage: Usage,
    input: Any,
    tracing: ModelTracing,
) -> None:
    """The `Response` (or only its id, without data), its usage and the input sent."""
    data = span.span_data
    data._response_id = response.id  # what the export shows when the response is left out
    if _with_usage(span, usage, tracing):
        data.response = response
        data.input = input
