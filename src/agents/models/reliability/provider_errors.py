"""Turns a provider's error into the SDK's, naming base URL and model, never the key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import openai

from agents.exceptions import ModelProviderError
from agents.exceptions import ProviderAuthenticationError
from agents.exceptions import ProviderBadRequestError
from agents.exceptions import ProviderConflictError
from agents.exceptions import ProviderConnectionError
from agents.exceptions import ProviderNotFoundError
from agents.exceptions import ProviderPermissionError
from agents.exceptions import ProviderRateLimitError
from agents.exceptions import ProviderResponseError
from agents.exceptions import ProviderServerError
from agents.exceptions import ProviderStatusError
from agents.exceptions import ProviderTimeoutError
from agents.exceptions import ProviderUnprocessableError

_BY_STATUS: dict[int, type[ModelProviderError]] = {
    400: ProviderBadRequestError,
    401: ProviderAuthenticationError,
    403: ProviderPermissionError,
    404: ProviderNotFoundError,
    409: ProviderConflictError,
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


def _auth_hint(base_url: str) -> str:
    """Name the variable the key comes from when the provider table knows the host."""
    from agents.models.providers.catalogue import provider_for_base_url

    spec = provider_for_base_url(base_url)
    if spec is None or spec.api_key_env is None:
        return _HINTS[ProviderAuthenticationError]
    return (
        f"check {spec.api_key_env}, the key for {spec.name}, or the key given to this "
        "provider's client"
    )


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


_CREDENTIAL_HEADERS = frozenset({"authorization", "x-api-key", "api-key", "x-goog-api-key"})


def scrub_exception(err: BaseException, secrets: Iterable[str | None]) -> None:
    """Redact keys, in place, from an exception the SDK wraps and from its causes.

    The SDK's error keeps the provider's as its `__cause__`, and a printed traceback shows
    the cause's message too: a provider that echoes the key (OpenAI's 401 does) would put it
    in every logged traceback. Error reporters go further and serialise attributes, so every
    attribute is cleaned: messages, bodies, response and request headers (the request's own
    `Authorization` included) and response bodies, down the whole cause chain.
    """
    keys = [key for key in secrets if key]
    if keys:
        _Scrubber(keys).exception(err)


class _Scrubber:
    """Walks an exception's attributes and causes, replacing keys where they are kept."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.seen: set[int] = set()

    def text(self, value: str) -> str:
        for key in self.keys:
            value = redact(value, key)
        return value

    def value(self, value: Any, depth: int = 0) -> Any:
        """`value` cleaned: strings, bytes and containers copied, objects fixed in place."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, bytes):
            if any(key.encode() in value for key in self.keys):
                return self.text(value.decode("utf-8", "replace")).encode()
            return value
        if isinstance(value, dict):
            return {k: self.value(v, depth + 1) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v, depth + 1) for v in value]
        if isinstance(value, tuple):
            return tuple(self.value(v, depth + 1) for v in value)
        if depth < 6 and id(value) not in self.seen and hasattr(value, "__dict__"):
            self.seen.add(id(value))
            if isinstance(value, BaseException):
                self.exception(value)
            else:
                self.message_object(value, depth)
        return value

    def headers(self, headers: Any) -> None:
        """Credential headers masked, echoed keys redacted, in place (httpx's Headers and
        plain dicts both take item assignment)."""
        try:
            items = list(headers.items())
        except Exception:
            return
        for name, value in items:
            if not isinstance(value, str):
                continue
            cleaned = "***" if str(name).lower() in _CREDENTIAL_HEADERS else self.text(value)
            if cleaned != value:
                try:
                    headers[name] = cleaned
                except Exception:
                    return

    def message_object(self, obj: Any, depth: int) -> None:
        """An HTTP request or response (or litellm's stand-ins): headers, body, attributes."""
        headers = getattr(obj, "headers", None)
        if headers is not None:
            self.headers(headers)
        fields = obj.__dict__
        for name, inner in list(fields.items()):
            if name == "headers":
                continue
            try:
                cleaned = self.value(inner, depth + 1)
                if cleaned is not inner and cleaned != inner:
                    fields[name] = cleaned
            except Exception:
                continue

    def exception(self, err: BaseException) -> None:
        link: BaseException | None = err
        for _ in range(10):
            if link is None:
                return
            self.seen.add(id(link))
            link.args = tuple(self.value(arg) for arg in link.args)
            for name, inner in list(link.__dict__.items()):
                if name in ("litellm_response_headers", "headers") and inner is not None:
                    self.headers(inner)
                    continue
                cleaned = self.value(inner, 1)
                if cleaned is not inner and cleaned != inner:
                    link.__dict__[name] = cleaned
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
    hint = _auth_hint(base_url) if cls is ProviderAuthenticationError else _HINTS.get(cls)
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
