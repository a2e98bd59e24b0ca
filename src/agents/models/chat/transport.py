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

import contextlib
import copy
import inspect
from collections.abc import Callable
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import FunctionType
from typing import Any
from typing import cast

import openai
from openai import AsyncOpenAI
from openai import AsyncStream
from openai.types.chat import ChatCompletion
from openai.types.chat import ChatCompletionChunk

from agents.models.chat.completion import reader_for_client
from agents.models.chat.declarations import declared_parts
from agents.models.chat.sse import ChatChunks
from agents.models.chat.sse import readable

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
    stream_cls = _STREAM_OF_DICTS if stream else _STREAM_OF_CHUNKS
    cast_to = ChatCompletion if stream else reader_for_client()
    dumps = _dumps()
    tools = json_body.get("tools")
    if (
        type(tools) is list
        and tools
        and "extra_json" not in options
        and _takes_content(client, dumps)
    ):
        assert dumps is not None
        return await client.post(
            _PATH,
            content=_encode(json_body, dumps),
            options=cast(Any, options),
            cast_to=cast_to,
            stream=stream,
            stream_cls=stream_cls,
        )
    return await client.post(
        _PATH,
        body=json_body,
        options=cast(Any, options),
        cast_to=cast_to,
        stream=stream,
        stream_cls=stream_cls,
    )


# -- the tool declarations, encoded once ------------------------------------------------
#
# An agent sends the same declarations every turn, and encoding them is most of a turn's
# cost when there are many (50 KB of JSON for 100 tools). A body with tools is encoded here
# piece by piece, exactly as the client would encode it whole, with the tools' bytes kept
# while the declarations are the same objects and still equal to a copy taken when they
# were encoded (so a schema changed in place is encoded again).

Dumps = Callable[[Any], bytes]


@lru_cache(maxsize=1)
def _dumps() -> Dumps | None:
    """The client's own JSON encoder (openai 3), so the bytes are the same; None: unknown."""
    try:
        from openai._utils._json import openapi_dumps
    except ImportError:  # pragma: no cover - older openai: the client encodes the body
        return None
    return cast(Dumps, openapi_dumps)


def _takes_content(client: AsyncOpenAI, dumps: Dumps | None) -> bool:
    """Whether the body may go as bytes: the plain client only (Azure's reads the model
    from the JSON body to route to a deployment), with a `post` that takes `content`."""
    return dumps is not None and type(client) is AsyncOpenAI and _post_has_content()


@lru_cache(maxsize=1)
def _post_has_content() -> bool:
    return "content" in inspect.signature(AsyncOpenAI.post).parameters


_TOOL_BYTES: dict[tuple[int, ...], tuple[list[Any], list[Any], bytes]] = {}
_TOOL_BYTES_KEPT = 32


def _tools_bytes(tools: list[Any], dumps: Dumps) -> bytes:
    # The key is the declarations' ids; the entry holds the objects, so while it lives no
    # other object can take one of those ids. Entries go oldest first when there are many
    # (tolerant of another thread's run doing the same: at worst it encodes again).
    key = tuple(map(id, tools))
    found = _TOOL_BYTES.get(key)
    if found is not None and found[1] == tools:
        return found[2]
    encoded = dumps(tools)
    _TOOL_BYTES[key] = (list(tools), copy.deepcopy(tools), encoded)
    if len(_TOOL_BYTES) > _TOOL_BYTES_KEPT:
        with contextlib.suppress(KeyError, StopIteration, RuntimeError):
            del _TOOL_BYTES[next(iter(_TOOL_BYTES))]
    return encoded


def _encode(json_body: Mapping[str, Any], dumps: Dumps) -> bytes:
    """`dumps(json_body)`, byte for byte, with the tools' bytes reused (joined once: the
    tools alone are tens of kilobytes)."""
    parts: list[bytes] = []
    for key, value in json_body.items():
        parts.append(b"," if parts else b"{")
        parts.append(dumps(key))
        parts.append(b":")
        if key == "tools":
            declared = declared_parts(value, dumps)
            parts.extend(declared if declared is not None else (_tools_bytes(value, dumps),))
        else:
            parts.append(dumps(value))
    parts.append(b"}" if parts else b"{}")
    return b"".join(parts)


async def send_chat(client: AsyncOpenAI, body: dict[str, Any], *, stream: bool) -> Any:
    """The request, by the lean path when it behaves as `create` would, else by `create`."""
    if postable(client, body):
        answer = await post_chat(client, body, stream=stream)
        if stream and readable(client, answer):
            return ChatChunks(answer)  # the body read without the client's SSE layers
        return answer
    return await client.chat.completions.create(**body)
