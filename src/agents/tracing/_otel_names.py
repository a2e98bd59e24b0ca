"""The real provider's name on the OpenTelemetry span an instrumentation opens for a model call.

OpenTelemetry instrumentations written for the reference SDK (Traceloop's, OpenInference's)
open their model-call span from a generation or response span, but they cannot know who
served the call: Traceloop writes "openai" for every call, and OpenInference guesses from the
base URL's host (nothing for a gateway, a proxy or a local server). freeagents knows (the
span data's `provider`), so right after the processors have seen a model span start, the
OpenTelemetry span a processor made current during that call gets the right name. Only a
span started during that call is touched, and only the provider attributes that its
instrumentation writes, so a caller's own OpenTelemetry spans are never changed.
"""

from __future__ import annotations

import sys
from typing import Any

# OpenTelemetry GenAI semantic conventions' well-known `gen_ai.provider.name` values.
_SEMCONV = {
    "gemini": "gcp.gemini",
    "vertex_ai": "gcp.vertex_ai",
    "mistral": "mistral_ai",
    "xai": "x_ai",
    "bedrock": "aws.bedrock",
    "azure": "azure.ai.openai",
    "watsonx": "ibm.watsonx.ai",
}
# OpenInference's `llm.provider` values.
_OPENINFERENCE = {
    "gemini": "google",
    "vertex_ai": "google",
    "mistral": "mistralai",
    "bedrock": "aws",
}
# OpenInference's `llm.system` (the API family) where it is not OpenAI's.
_OPENINFERENCE_SYSTEM = {"anthropic": "anthropic", "cohere": "cohere", "vertex_ai": "vertexai"}
_UNKNOWN = frozenset({"", "openai-compatible", "litellm"})


def current_otel_span() -> Any | None:
    """The current OpenTelemetry span, when OpenTelemetry is in use (never imports it)."""
    otel_trace = sys.modules.get("opentelemetry.trace")
    if otel_trace is None:
        return None
    return otel_trace.get_current_span()


def name_provider(provider: str | None, before: Any | None) -> None:
    """Correct the provider on the OpenTelemetry span opened since `before` was current."""
    if not provider or provider in _UNKNOWN:
        return
    span = current_otel_span()
    if span is None or span is before or not span.is_recording():
        return
    attributes = getattr(span, "attributes", None) or {}
    if "gen_ai.provider.name" in attributes:
        span.set_attribute("gen_ai.provider.name", _SEMCONV.get(provider, provider))
    if attributes.get("openinference.span.kind") == "LLM":
        span.set_attribute("llm.provider", _OPENINFERENCE.get(provider, provider))
        if provider in _OPENINFERENCE_SYSTEM:
            span.set_attribute("llm.system", _OPENINFERENCE_SYSTEM[provider])
