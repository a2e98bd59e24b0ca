"""Failures while an answer is being read, as the SDK's typed errors.

The `openai` client turns failures of the request into its own exceptions, but a connection
that drops while a stream is being read surfaces as the HTTP library's exception
(`httpx2.RemoteProtocolError`, `ReadTimeout`, ...), and a chunk with fields missing can make
a converter trip over an attribute. Neither should reach the caller as anything but the SDK's
error naming the provider: a dropped connection is a `ProviderConnectionError` (retried when
nothing has reached the caller yet), an unreadable answer a `ProviderResponseError`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import Callable
from collections.abc import Iterator
from typing import cast

import openai

from agents.exceptions import AgentsException
from agents.exceptions import ModelProviderError
from agents.exceptions import ProviderConnectionError
from agents.exceptions import ProviderResponseError
from agents.exceptions import ProviderTimeoutError
from agents.models.reliability.provider_errors import build_provider_error
from agents.models.reliability.provider_errors import redact
from agents.models.reliability.provider_errors import scrub_exception
from agents.models.wire.http import http as _http
from agents.models.wire.stream_guard import IncompleteStream

UNREADABLE = (AttributeError, TypeError, KeyError, IndexError, ValueError)
"""What a converter raises on a chunk or body with fields missing or of the wrong type."""

_TRANSPORT_NAMES = frozenset(
    {
        "ClientConnectionError",
        "ClientPayloadError",
        "ServerDisconnectedError",
        "ClientConnectorError",
    }
)


def _transport_classes() -> tuple[type[BaseException], ...]:
    """httpx2's transport errors, and httpx's when something (litellm) loaded it."""
    found: list[type[BaseException]] = [_http.TransportError, ConnectionError]
    other = sys.modules.get("httpx")
    if other is not None and other is not _http:
        found.append(other.TransportError)
    return tuple(found)


def _is_timeout(err: BaseException) -> bool:
    if isinstance(err, asyncio.TimeoutError | TimeoutError | _http.TimeoutException):
        return True
    other = sys.modules.get("httpx")
    return other is not None and isinstance(err, other.TimeoutException)


def is_transport_error(err: BaseException) -> bool:
    return (
        isinstance(err, _transport_classes())
        or _is_timeout(err)
        or type(err).__name__ in _TRANSPORT_NAMES
    )


def transport_error(
    err: BaseException, *, base_url: str | None, model: str, api_key: str | None
) -> ModelProviderError | None:
    """The typed error for a connection that failed while the answer was read, or None when
    `err` is not a transport failure."""
    if isinstance(err, ModelProviderError) or not is_transport_error(err):
        return None
    scrub_exception(err, [api_key])
    timed_out = _is_timeout(err)
    request = _http.Request("POST", (base_url or "http://unknown").rstrip("/"))
    stand_in: openai.APIConnectionError = (
        openai.APITimeoutError(request=request)
        if timed_out
        else openai.APIConnectionError(message=str(err) or type(err).__name__, request=request)
    )
    detail = redact(f"{type(err).__name__}: {err}".rstrip(": "), api_key)
    where = base_url or "the provider"
    if timed_out:
        message = (
            f"Timed out reading the answer from {where} for model {model!r}: {detail} "
            "(raise ModelSettings.timeout or the client's timeout)"
        )
    else:
        message = (
            f"The connection to {where} for model {model!r} broke while the answer was "
            f"read: {detail}"
        )
    cls = ProviderTimeoutError if timed_out else ProviderConnectionError
    wrapped = build_provider_error(cls, stand_in, message, base_url=base_url, model=model)
    wrapped.__cause__ = err
    return wrapped


def unreadable_answer(
    err: BaseException, *, base_url: str | None, model: str, api_key: str | None
) -> ProviderResponseError:
    """The typed error for an answer whose shape the SDK could not read."""
    detail = redact(f"{type(err).__name__}: {err}", api_key)[:300]
    where = base_url or "the provider"
    return ProviderResponseError(
        f"The answer from {where} for model {model!r} could not be read ({detail}); the "
        "provider sent a response that does not have the documented shape",
        base_url=base_url,
        model=model,
    )


def incomplete_stream(
    err: IncompleteStream, *, base_url: str | None, model: str
) -> ProviderConnectionError:
    """The typed error for a stream whose body ended before its closing event: retryable,
    like a connection that broke at the same point, since that is what it usually is."""
    where = base_url or "the provider"
    if err.empty:
        message = (
            f"The stream from {where} for model {model!r} ended before the answer was "
            f"complete: it ended without a single event ({err.missing}); is the base URL "
            "an OpenAI-compatible API?"
        )
    else:
        message = (
            f"The stream from {where} for model {model!r} ended before the answer was "
            f"complete ({err.missing}); what arrived was not kept"
        )
    request = _http.Request("POST", (base_url or "http://unknown").rstrip("/"))
    stand_in = openai.APIConnectionError(message=message, request=request)
    wrapped = build_provider_error(
        ProviderConnectionError, stand_in, message, base_url=base_url, model=model
    )
    return cast(ProviderConnectionError, wrapped)


def typed(
    err: BaseException, *, base_url: str | None, model: str, api_key: str | None
) -> ModelProviderError | None:
    """`err` as the SDK's error when it is a transport failure or an unreadable answer;
    None otherwise (the caller re-raises `err` as it is)."""
    if isinstance(err, AgentsException):
        return None
    if isinstance(err, IncompleteStream):
        return incomplete_stream(err, base_url=base_url, model=model)
    found = transport_error(err, base_url=base_url, model=model, api_key=api_key)
    if found is not None:
        return found
    if isinstance(err, UNREADABLE):
        return unreadable_answer(err, base_url=base_url, model=model, api_key=api_key)
    return None


@contextlib.contextmanager
def typed_failures(
    typed_error: Callable[[BaseException], ModelProviderError | None] | None = None,
    *,
    wrap: Callable[[Exception], Exception] | None = None,
    wrapped: tuple[type[Exception], ...] = (openai.OpenAIError,),
    not_json: Callable[[json.JSONDecodeError], Exception] | None = None,
) -> Iterator[None]:
    """The one place a route's failures become the SDK's errors, for a request, a body read
    or a stream: the client's errors (`wrapped`) through `wrap`, a body that is not JSON
    through `not_json`, a dropped connection or unreadable answer through `typed_error`;
    anything else goes through as it is.
    """
    try:
        yield
    except Exception as err:
        if wrap is not None and isinstance(err, wrapped):
            raise wrap(err) from err
        if not_json is not None and isinstance(err, json.JSONDecodeError):
            raise not_json(err) from err
        found = typed_error(err) if typed_error is not None else None
        if found is None:
            raise
        raise found from err
