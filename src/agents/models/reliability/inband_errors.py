"""Errors a provider sends inside a 200 response, as the SDK's typed errors.

Groq ends a stream whose tool call failed with `event: error` (code "tool_use_failed") and no
[DONE]; OpenRouter puts `{"error": {"code": 502, ...}}` in a chunk of a 200 stream, or in a 200
JSON body. The `openai` client raises a bare `APIError` for the stream cases. Such an error must
not pass for an empty answer, and callers should be able to catch it as the HTTP error it
stands for (`except openai.BadRequestError`), so it gets the status its code implies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import openai

from agents.exceptions import ModelProviderError
from agents.models.reliability.provider_errors import build_provider_error
from agents.models.reliability.provider_errors import error_class
from agents.models.reliability.provider_errors import redact
from agents.models.reliability.provider_errors import scrub_exception
from agents.models.wire.http import http as _http

_STATUS_BY_CODE = {
    "tool_use_failed": 400,
    "invalid_request_error": 400,
    "context_length_exceeded": 400,
    "json_validate_failed": 400,
    "invalid_api_key": 401,
    "authentication_error": 401,
    "permission_error": 403,
    "model_not_found": 404,
    "not_found_error": 404,
    "rate_limit_exceeded": 429,
    "rate_limit_error": 429,
    "tokens": 429,
    "requests": 429,
    "insufficient_quota": 429,
    "server_error": 500,
    "internal_error": 500,
    "api_error": 500,
    "overloaded_error": 529,
    "service_unavailable": 503,
}

_HINTS = {
    "tool_use_failed": "the model wrote a tool call the provider could not parse; retrying, "
    "a simpler tool schema or a stronger model usually helps",
}


def _status(error: Mapping[str, Any]) -> int:
    """The HTTP status an in-band error stands for (502 when it says nothing usable)."""
    code = error.get("code")
    if isinstance(code, int) and 400 <= code < 600:
        return code
    if isinstance(code, str) and code.isdigit() and 400 <= int(code) < 600:
        return int(code)
    for key in (code, error.get("type")):
        if isinstance(key, str) and key in _STATUS_BY_CODE:
            return _STATUS_BY_CODE[key]
    return 502


def in_band_error(
    error: Mapping[str, Any],
    *,
    base_url: str,
    model: str,
    api_key: str | None,
    request: Any = None,
    where: str = "stream",
) -> ModelProviderError:
    """The SDK error for an `error` object found inside a 200 response (`where`: "stream"
    or "body")."""
    status = _status(error)
    request = request or _http.Request("POST", base_url.rstrip("/") + "/chat/completions")
    response = _http.Response(status, request=request)
    detail = error.get("message") if isinstance(error.get("message"), str) else str(error)
    code = error.get("code")
    # Stands in for the HTTP error the provider would have sent had it not already said 200.
    stand_in = openai.APIStatusError(str(detail), response=response, body=dict(error))
    scrub_exception(stand_in, [api_key])
    message = f"Error inside the {where} of a 200 response from {base_url} for model {model!r}"
    if code is not None:
        message += f" (code {code})"
    message += f": {detail}"
    hint = _HINTS.get(str(code))
    if hint:
        message += f" ({hint})"
    return build_provider_error(
        error_class(stand_in),
        stand_in,
        redact(message, api_key),
        base_url=base_url,
        model=model,
    )


def from_stream_error(
    err: Exception, *, base_url: str, model: str, api_key: str | None
) -> ModelProviderError | None:
    """The typed error for the `openai` client's bare APIError on an in-stream error object."""
    if not isinstance(err, openai.APIError) or isinstance(
        err,
        openai.APIStatusError | openai.APIConnectionError | openai.APIResponseValidationError,
    ):
        return None
    body = err.body
    if not isinstance(body, Mapping):
        return None
    scrub_exception(err, [api_key])
    return in_band_error(body, base_url=base_url, model=model, api_key=api_key, request=err.request)
