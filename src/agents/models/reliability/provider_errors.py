"""Turns a provider's error into the SDK's, naming base URL and model, never the key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import openai

from agents.exceptions import (
    ModelProviderError,
    ProviderAuthenticationError,
    ProviderBadRequestError,
    ProviderConnectionError,
    ProviderNotFoundError,
    ProviderPermissionError,
    ProviderRateLimitError,
    ProviderResponseError,
    ProviderServerError,
    ProviderStatusError,
    ProviderTimeoutError,
    ProviderUnprocessableError,
)

_BY_STATUS: dict[int, type[ModelProviderError]] = {
    400: ProviderBadRequestError,
    401: ProviderAuthenticationError,
    403: ProviderPermissionError,
    404: ProviderNotFoundError,
    422: ProviderUnprocessableError,
    429: ProviderRateLimitError,
}

_HINTS: dict[type[ModelProviderError], str] = {
    ProviderAuthenticationError: "check the API key given to this provider's client",
    ProviderNotFoundError: "check the model name and that the base URL ends where the "
    "provider's OpenAI-compatible API starts (often /v1)",
    ProviderRateLimitError: "slow down, or check the account's quota",
    ProviderConnectionError: "check the base URL and that the server is running",
    ProviderTimeoutError: "the provider did not answer in time; raise ModelSettings.timeout "
    "or the client's timeout",
    ProviderResponseError: "the endpoint did not answer like an OpenAI-compatible API",
}


def redact(text: str, secret: str | None) -> str:
    """Remove a key, and any long prefix of it a provider echoed, from text."""
    if not secret or len(secret) < 4:
        return text
    if secret in text:
        text = text.replace(secret, "***")
    # Providers echo masked keys such as "sk-abc1****wxyz"; hide the visible head too.
    head = secret[:8]
    if len(head) >= 6 and head in text:
        text = text.replace(head, "***")
    return text


def scrub_exception(err: BaseException, secrets: Iterable[str | None]) -> None:
    """Redact keys, in place, from an exception the SDK wraps and from its causes.

    The SDK's error keeps the provider's as its `__cause__`, and a printed traceback shows
    the cause's message too: a provider that echoes the key (OpenAI's 401 does) would put it
    in every logged traceback. Message, args and body are cleaned.
    """
    keys = [key for key in secrets if key]
    if not keys:
        return

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            for key in keys:
                value = redact(value, key)
            return value
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    link: BaseException | None = err
    for _ in range(10):
        if link is None:
            return
        link.args = tuple(clean(arg) for arg in link.args)
        for name in ("message", "body"):
            if isinstance(link.__dict__.get(name), str | dict | list):
                link.__dict__[name] = clean(link.__dict__[name])
        link = link.__cause__ or link.__context__


def error_class(err: Exception) -> type[ModelProviderError]:
    """The SDK class matching an `openai` exception (or anything shaped like one)."""
    if isinstance(err, openai.APITimeoutError):
        return ProviderTimeoutError
    if isinstance(err, openai.APIConnectionError):
        return ProviderConnectionError
    if isinstance(err, openai.APIResponseValidationError):
        return ProviderResponseError
    if isinstance(err, openai.APIStatusError):
        return status_error_class(err.status_code)
    return ProviderResponseError


def status_error_class(status: int) -> type[ModelProviderError]:
    """The SDK class for an HTTP error status."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return ProviderServerError if status >= 500 else ProviderStatusError


def _provider_message(err: Exception) -> str:
    body = getattr(err, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])
        if isinstance(body.get("message"), str):
            return str(body["message"])
    return str(getattr(err, "message", None) or err)


def wrap_provider_error(
    err: Exception, *, base_url: str, model: str, api_key: str | None
) -> ModelProviderError:
    """The SDK's error for a provider failure.

    The result is an instance of both the SDK's class and the original `openai` class (its
    attributes copied), so existing `except openai.RateLimitError` code keeps working.
    """
    if isinstance(err, ModelProviderError):
        return err
    scrub_exception(err, [api_key])
    cls = error_class(err)
    status = getattr(err, "status_code", None)
    what = f"HTTP {status}" if status else type(err).__name__
    detail = redact(_provider_message(err), api_key)
    hint = _HINTS.get(cls)
    message = f"{what} from {base_url} for model {model!r}: {detail}"
    if hint:
        message += f" ({hint})"
    return build_provider_error(cls, err, message, base_url=base_url, model=model)


def build_provider_error(
    cls: type[ModelProviderError],
    err: Exception,
    message: str,
    *,
    base_url: str | None,
    model: str,
) -> ModelProviderError:
    """An instance of `cls` carrying `err`'s attributes, so it also passes as `err`'s class.

    `message` must already be redacted. Routes that are not OpenAI-compatible (LiteLLM)
    word their own message and reuse this.
    """
    wrapped: ModelProviderError = cls.__new__(cls)
    state: dict[str, Any] = dict(getattr(err, "__dict__", {}))
    wrapped.__dict__.update(state)
    status = getattr(err, "status_code", None)
    ModelProviderError.__init__(
        wrapped, message, base_url=base_url, model=model, status_code=status
    )
    wrapped.__cause__ = err
    return wrapped
