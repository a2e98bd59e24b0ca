"""litellm's exceptions as the SDK's, naming the provider and model, never the key.

litellm already maps each provider's failure onto `openai`'s exception classes, so the SDK's
class mostly follows from that; what litellm gets wrong for users is the wording and two
classes. Its messages read "litellm.AuthenticationError: AnthropicException - {...raw JSON...}.
Handle with `litellm.InternalServerError`.", a refused connection arrives as an HTTP 500, and
an answer litellm could not parse arrives as an `APIConnectionError` carrying its traceback.
Here the provider's own message is pulled out of the JSON, a refused connection is a
`ProviderConnectionError`, an unreadable answer a `ProviderResponseError`, and the hint
speaks of litellm's settings rather than an OpenAI-compatible base URL. (litellm 1.110.)
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import Any

import openai

from agents.exceptions import ModelProviderError
from agents.exceptions import ProviderAuthenticationError
from agents.exceptions import ProviderConnectionError
from agents.exceptions import ProviderNotFoundError
from agents.exceptions import ProviderRateLimitError
from agents.exceptions import ProviderResponseError
from agents.exceptions import ProviderTimeoutError
from agents.exceptions import UserError
from agents.models.reliability.provider_errors import build_provider_error
from agents.models.reliability.provider_errors import error_class
from agents.models.reliability.provider_errors import redact
from agents.models.reliability.provider_errors import scrub_exception
from agents.models.reliability.provider_errors import status_error_class

_HINTS: dict[type[ModelProviderError], str] = {
    ProviderAuthenticationError: "check the key: LitellmModel(api_key=...) or the provider's "
    "environment variable, such as ANTHROPIC_API_KEY",
    ProviderNotFoundError: "check the model name, in litellm's provider/model form",
    ProviderRateLimitError: "slow down, or check the account's quota",
    ProviderConnectionError: "check base_url and that the provider is reachable",
    ProviderTimeoutError: "the provider did not answer in time",
    ProviderResponseError: "the answer did not have the shape this provider's API documents",
}

_PREFIX = re.compile(r"^(?:litellm\.\w+:\s*)+(?:\w+(?:Exception|Error)\s*-\s*)?")
_SUFFIX = re.compile(r"\.?\s*Handle with `litellm\.\w+`\.?\s*$")
_MAX_DETAIL = 500


def _chain(err: BaseException) -> Iterator[BaseException]:
    current: BaseException | None = err
    for _ in range(10):
        if current is None:
            return
        yield current
        current = current.__cause__ or current.__context__


def provider_detail(err: Exception) -> str:
    """The provider's own message, without litellm's prefixes, suffixes and JSON wrapping."""
    original = getattr(err, "original_exception", None)  # MidStreamFallbackError wraps one
    source = original if isinstance(original, Exception) else err
    text = str(getattr(source, "message", None) or source).strip()
    text = _SUFFIX.sub("", _PREFIX.sub("", text.split("\nTraceback", 1)[0]))
    start = text.find("{")
    if start >= 0:
        try:
            body, _ = json.JSONDecoder().raw_decode(text[start:])
        except ValueError:
            body = None
        message = _message_in(body)
        if message is not None:
            return message
    return text[:_MAX_DETAIL]


def _message_in(body: Any) -> str | None:
    if not isinstance(body, dict):
        return None
    inner = body.get("error", body)
    for candidate in (inner, body):
        if isinstance(candidate, dict) and isinstance(candidate.get("message"), str):
            return str(candidate["message"])
    return None


# Module -> the distribution to install for it.
_DISTRIBUTIONS = {"botocore": "boto3", "google": "google-auth"}


def _missing_module(err: BaseException) -> str | None:
    for link in _chain(err):
        if isinstance(link, ImportError):
            return link.name or str(link)
    return None


def _connection_failure(err: BaseException) -> BaseException | None:
    """The refused or dropped connection under litellm's wrapper (the innermost, which says
    it most plainly), if there is one."""
    found: BaseException | None = None
    for link in _chain(err):
        if isinstance(link, ConnectionError) or type(link).__name__ in (
            "ConnectError",
            "ClientConnectorError",
            "RemoteProtocolError",
            "ServerDisconnectedError",
        ):
            found = link
    return found


def _classify(err: Exception) -> tuple[type[ModelProviderError], str, str]:
    """(SDK class, what happened, detail) for a litellm exception."""
    status = getattr(err, "status_code", None)
    refused = _connection_failure(err)
    if refused is not None:
        detail = str(refused).strip() or type(refused).__name__
        return ProviderConnectionError, "Connection failed", detail
    if isinstance(err, openai.APITimeoutError):
        return ProviderTimeoutError, "Timed out", provider_detail(err)
    if isinstance(err, openai.APIConnectionError):
        # Older litellm files some provider 4xx answers here, the status on the cause.
        for link in _chain(err):
            code = getattr(link, "status_code", None)
            if isinstance(code, int) and 400 <= code < 500:
                return status_error_class(code), f"HTTP {code}", provider_detail(err)
        # litellm's catch-all: its own parsing failed on what the provider sent.
        cause = err.__cause__ or err.__context__
        if cause is not None and type(cause).__module__ == "builtins":  # KeyError and kin
            return ProviderResponseError, "Unreadable answer", f"{type(cause).__name__}: {cause}"
        return ProviderResponseError, "Unreadable answer", provider_detail(err)
    cls = error_class(err)
    what = f"HTTP {status}" if isinstance(status, int) else type(err).__name__
    return cls, what, provider_detail(err)


def wrap_litellm_error(
    err: Exception,
    *,
    provider: str,
    model: str,
    base_url: str | None,
    api_key: str | None,
) -> ModelProviderError | UserError:
    """The SDK's error for a failed litellm call.

    It is an instance of the SDK's class, of the matching `openai` class and of litellm's
    own class, so every existing `except` clause keeps working.
    A provider library litellm needs but cannot import (boto3 for Bedrock, google-auth for
    Vertex AI) is a `UserError` naming it: the fix is an install, not a retry.
    """
    if isinstance(err, ModelProviderError):
        return err
    missing = _missing_module(err)
    if missing is not None:
        top = missing.split(".")[0]
        return UserError(
            f"litellm needs the {missing!r} module to reach {provider} (model {model!r}), "
            f"and it is not installed: pip install {_DISTRIBUTIONS.get(top, top)}"
        )
    cls, what, detail = _classify(err)
    where = f"{provider} at {base_url}" if base_url else provider
    message = f"{what} from {where} for model {model!r} (via litellm): {detail}"
    hint = _HINTS.get(cls)
    if cls is ProviderAuthenticationError:
        hint = (
            f"check the key: LitellmModel(api_key=...) or {provider.upper()}_API_KEY, the "
            f"variable litellm reads for {provider}"
        )
    if hint:
        message += f" ({hint})"
    secrets = _secrets(provider, api_key)
    for secret in secrets:
        message = redact(message, secret)
    scrub_exception(err, secrets)  # the cause shows in printed tracebacks
    wrapped = build_provider_error(
        _with_litellm_class(cls, type(err)), err, message, base_url=base_url, model=model
    )
    if any(getattr(link, "status_code", None) == 529 for link in _chain(err)):
        # Anthropic's "overloaded": litellm files it as a 500, the retry policy waits it out.
        setattr(wrapped, "status_code", 529)  # noqa: B010
    return wrapped


_COMBINED: dict[tuple[type[ModelProviderError], type[Exception]], type[ModelProviderError]] = {}


def _with_litellm_class(
    cls: type[ModelProviderError], original: type[Exception]
) -> type[ModelProviderError]:
    """`cls`, also deriving from litellm's exception class, so code written for the reference
    SDK (which let litellm's exceptions through) keeps catching `litellm.RateLimitError`."""
    if issubclass(cls, original) or not original.__module__.startswith("litellm."):
        return cls
    key = (cls, original)
    if key not in _COMBINED:
        namespace = {"__module__": cls.__module__, "__doc__": cls.__doc__}
        try:
            _COMBINED[key] = type(cls.__name__, (cls, original), namespace)
        except TypeError:  # a litellm class whose bases cannot be merged with ours
            _COMBINED[key] = cls
    return _COMBINED[key]


def _secrets(provider: str, api_key: str | None) -> list[str]:
    """The key given, and those litellm reads from the environment for this provider."""
    names = [f"{provider.upper()}_API_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]
    found = [os.environ.get(name) for name in names]
    return [s for s in (api_key, *found) if s]
