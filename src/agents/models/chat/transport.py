"""Posting a Chat Completions request through the user's client without its request transform.

`client.chat.completions.create(**body)` walks the whole body through the `openai` client's
TypedDict transform before posting it; for a conversation of a hundred messages that walk
costs more than the HTTP round trip, and it grows with every turn. The bodies freeagents
builds are already plain JSON in the API's spelling (the transform would return them
unchanged), so here they go to `client.post`, the client's documented low-level method, with
the same path, options, response type and stream class `create` uses. Everything the client
carries (base URL, auth, default headers, retries, timeouts, its `http_client`, a
`with_options` copy, Azure's deployment URLs) lives below `post`, so it still applies, and
the bytes on the wire are the same: the keys go out in `create`'s order.

`create` is called as before whenever it could behave differently: a client that is not the
`openai` package's, a `create` that an instrumentation library wrapped (its spans must still
be recorded), a client with strict response validation, or a body `create` would refuse.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import FunctionType
from typing import Any, cast

import openai
from openai import AsyncOpenAI, AsyncStream
from openai.types.chat import ChatCompletion, ChatCompletionChunk

__all__ = ["post_chat", "postable", "send_chat"]

_PATH = "/chat/completions"

_BODY_ORDER = (
    "model",
    "stream",
    "service_tier",
    "messages",
    "audio",
    "frequency_penalty",
    "function_call",
    "functions",
    "logit_bias",
    "logprobs",
    "max_completion_tokens",
    "max_tokens",
    "metadata",
    "modalities",
    "moderation",
    "n",
    "parallel_tool_calls",
    "prediction",
    "presence_penalty",
    "prompt_cache_key",
    "prompt_cache_options",
    "prompt_cache_retention",
    "reasoning_effort",
    "response_format",
    "safety_identifier",
    "seed",
    "stop",
    "store",
    "stream_options",
    "temperature",
    "tool_choice",
    "tools",
    "top_logprobs",
    "top_p",
    "user",
    "verbosity",
    "web_search_options",
)
"""The order `create` puts the body's keys in (its body literal), so the JSON is identical."""

_OPENAI_DIR = str(Path(openai.__file__).parent)

_OPTION_KEYS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})
"""Arguments of `create` that are options of the request, not fields of the body."""

_UNSET: tuple[type, ...] = tuple(
    t for t in (getattr(openai, "NotGiven", None), getattr(openai, "Omit", None)) if t
)

_STREAM_OF_DICTS: Any = AsyncStream[object]
"""Chunks come back as the parsed JSON: `object` as the chunk type skips building a
`ChatCompletionChunk` per chunk, which costs more than everything else done with it; the
stream converter reads dicts and typed chunks alike."""
_STREAM_OF_CHUNKS: Any = AsyncStream[ChatCompletionChunk]


@lru_cache(maxsize=1)
def _create_arguments() -> frozenset[str]:
    from openai.resources.chat.completions import AsyncCompletions

    return frozenset(inspect.signature(AsyncCompletions.create).parameters) - {"self"}


def _pristine_create(client: Any) -> bool:
    """Whether `client.chat.completions.create` is the `openai` package's own, unwrapped."""
    from openai.resources.chat.completions import AsyncCompletions

    completions = client.chat.completions
    if type(completions) is not AsyncCompletions or "create" in vars(completions):
        return False
    create = AsyncCompletions.create
    # A wrapper (wrapt's proxy, or a function written elsewhere) means someone instruments
    # `create`; `openai`'s own decorators are functions defined inside the package.
    return type(create) is FunctionType and create.__code__.co_filename.startswith(_OPENAI_DIR)


def postable(client: Any, body: Mapping[str, Any]) -> bool:
    """Whether `body` can go through `client.post` with the same effect as through `create`."""
    if not isinstance(client, AsyncOpenAI) or getattr(client, "_strict_response_validation", False):
        return False
    if not _pristine_create(client):
        return False
    if isinstance(body.get("response_format"), type):
        return False  # `create` refuses a pydantic class (it wants `parse`): keep its error
    return _create_arguments().issuperset(body)


def split_body(body: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The JSON body in `create`'s key order, and the request options `create` would make."""
    json_body: dict[str, Any] = {}
    for key in _BODY_ORDER:
        if key in body:
            value = body[key]
            if not isinstance(value, _UNSET):
                json_body[key] = value
    if len(json_body) < len(body):
        for key, value in body.items():
            if key not in json_body and key not in _OPTION_KEYS and not isinstance(value, _UNSET):
                json_body[key] = value
    options: dict[str, Any] = {}
    headers = body.get("extra_headers")
    if headers is not None:
        options["headers"] = headers
    extra_body = body.get("extra_body")
    if extra_body is not None:
        options["extra_json"] = extra_body
    query = body.get("extra_query")
    if query is not None:
        options["params"] = {**query}
    if "timeout" in body and not isinstance(body["timeout"], _UNSET):
        options["timeout"] = body["timeout"]
    if _takes_security():
        options["security"] = {"bearer_auth": True}
    return json_body, options


@lru_cache(maxsize=1)
def _takes_security() -> bool:
    """openai 3 names the auth scheme per request (`security`); older versions have none."""
    try:
        from openai._models import FinalRequestOptions
    except ImportError:  # pragma: no cover - a layout this module does not know
        return False
    return "security" in getattr(FinalRequestOptions, "model_fields", {})


async def post_chat(client: AsyncOpenAI, body: Mapping[str, Any], *, stream: bool) -> Any:
    """`body` posted as `create` posts it; a stream yields each chunk as parsed JSON."""
    json_body, options = split_body(body)
    return await client.post(
        _PATH,
        body=json_body,
        options=cast(Any, options),
        cast_to=ChatCompletion,
        stream=stream,
        stream_cls=_STREAM_OF_DICTS if stream else _STREAM_OF_CHUNKS,
    )


async def send_chat(client: AsyncOpenAI, body: dict[str, Any], *, stream: bool) -> Any:
    """The request, by the lean path when it behaves as `create` would, else by `create`."""
    if postable(client, body):
        return await post_chat(client, body, stream=stream)
    return await client.chat.completions.create(**body)
