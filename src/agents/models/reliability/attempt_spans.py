"""Retries and fallbacks as spans of their own, so a trace shows why a call took long or
which model answered in the end, not only the log.

Both are custom spans (the reference's span type for what it has no dedicated class for):

- ``model_retry``: one wait before the next attempt of the same call, as long as the wait.
  A child of the call's generation (or response) span.
- ``model_fallback``: one model of a ``FallbackModel`` chain that failed, and the model
  tried next (None when the chain is exhausted).

Their data names the provider, model, base URL, the error's type, status code and message
(the SDK's own message, from which the key has already been removed), and the wait in
seconds; never a key or a header. Inside a run with tracing off they are no-op spans like
every other, since they nest under the run's spans.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from agents.exceptions import ModelAttempt
from agents.exceptions import ModelProviderError
from agents.tracing import CustomSpanData
from agents.tracing import Span
from agents.tracing import custom_span
from agents.tracing.scope import Scope

RETRY_SPAN = "model_retry"
FALLBACK_SPAN = "model_fallback"


def retry_span(
    err: BaseException, attempt: int, max_attempts: int, wait: float, *, stream: bool
) -> Span[CustomSpanData]:
    """The (unstarted) span of the wait after failed attempt number ``attempt``."""
    model, base_url = _where(err)
    data: dict[str, Any] = {
        "provider": _provider(base_url, model),
        "model": model,
        "base_url": base_url,
        "attempt": attempt,
        "max_attempts": max_attempts,
        **_error_fields(err),
        "wait_seconds": round(wait, 3),
        "stream": stream,
    }
    return custom_span(RETRY_SPAN, data)


def record_fallback(
    failed: ModelAttempt, index: int, next_model: str | None, model: object | None
) -> None:
    """A finished span for the chain's model number ``index + 1`` (the ``model`` object, when
    it could be set up) that did not answer."""
    err = failed.error
    data: dict[str, Any] = {
        "provider": _model_provider(model) or _provider(failed.base_url, failed.model),
        "model": failed.model,
        "base_url": failed.base_url,
        "attempt": index + 1,
        **(_error_fields(err) if err is not None else {"error": None, "message": failed.reason}),
        "next_model": next_model,
    }
    with custom_span(FALLBACK_SPAN, data):
        pass


def _model_provider(model: object | None) -> str | None:
    """The provider a model object says it speaks to (chat and Responses models keep it in
    their profile, LiteLLM's model as ``provider``)."""
    for holder in (getattr(model, "profile", None), model):
        name = getattr(holder, "provider", None)
        if isinstance(name, str) and name:
            return name
    return None


def _error_fields(err: BaseException) -> dict[str, Any]:
    return {
        "error": type(err).__name__,
        "status_code": getattr(err, "status_code", None),
        # The SDK's provider errors carry a message already cleaned of the key; other
        # exceptions (a missing-key UserError of a fallback) are the SDK's own sentences.
        "message": str(err),
    }


def _where(err: BaseException) -> tuple[str | None, str | None]:
    """The failed call's model and base URL: the error's, else the enclosing model span's."""
    model = err.model if isinstance(err, ModelProviderError) else None
    base_url = err.base_url if isinstance(err, ModelProviderError) else None
    current = Scope.get_current_span()
    recorded = current.span_data if current is not None else None
    model = model or getattr(recorded, "model", None)
    base_url = base_url or getattr(recorded, "base_url", None)
    return model, base_url


def _provider(base_url: str | None, model: str | None) -> str | None:
    """The provider's name: the enclosing model span's (the route knows it best), else the
    provider table's row for the base URL, else the model string's prefix, else the host."""
    current = Scope.get_current_span()
    recorded = getattr(current.span_data, "provider", None) if current is not None else None
    if isinstance(recorded, str) and recorded:
        return recorded
    if base_url:
        from agents.models.providers.catalogue import provider_for_base_url

        spec = provider_for_base_url(base_url)
        if spec is not None:
            return spec.name
    if model and "/" in model:
        return model.split("/", 1)[0]
    return urlsplit(base_url).hostname if base_url else None
