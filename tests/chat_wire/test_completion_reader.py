"""A non-streamed completion, read by the lean path, is what the client would have read.

The lean path reads a completion body with pydantic's validation (about 4 µs) rather than
the client's generic `construct_type` (about 50 µs), and falls back to the client's reading
for a body that does not validate. Either way the result must be the object the client
builds: recorded bodies of each provider, and bodies a provider gets wrong, compared field
for field, declared fields set, extras and dumps included.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from openai import AsyncOpenAI
from openai._models import construct_type
from openai.types.chat import ChatCompletion

from agents.models.chat import completion
from agents.models.chat import transport
from agents.models.chat.completion import read_completion
from agents.models.chat.completion import reader_for_client
from agents.testing import LoopbackProvider
from agents.testing import Reply
from tests.fixtures import dialects

RECORDED = {
    name: getattr(dialects, name)
    for name in dir(dialects)
    if name.endswith("_JSON") and isinstance(getattr(dialects, name), dict)
}

_TEXT = {
    "id": "c1",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "hi"},
            "finish_reason": "stop",
        }
    ],
}


def _changed(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(_TEXT)
    choice = body["choices"][0]
    for path, value in changes.items():
        where, key = {
            "finish_reason": (choice, "finish_reason"),
            "tool_calls": (choice["message"], "tool_calls"),
            "created": (body, "created"),
            "choices": (body, "choices"),
            "usage": (body, "usage"),
        }[path]
        where[key] = value
    return body


MALFORMED: dict[str, object] = {
    "a finish reason of its own": _changed(finish_reason="eos"),
    "a tool call without its type": _changed(
        tool_calls=[{"id": "t", "function": {"name": "f", "arguments": "{}"}}]
    ),
    "no choices field": {"id": "c", "object": "chat.completion", "model": "m"},
    "choices null": _changed(choices=None),
    "usage with a string count": _changed(
        usage={"prompt_tokens": "many", "completion_tokens": 1, "total_tokens": 2}
    ),
    "a created time as text": _changed(created="yesterday"),
    "a list": [1, 2],
    "a string": "not a completion",
}


def _declared_set(model: Any) -> set[str]:
    """The declared fields that were set: validation also lists a body's extra fields
    there, the client's reading does not (nothing in freeagents reads it)."""
    return set(model.model_fields_set) - set(model.model_extra or {})


def _same(read: Any, client_read: Any) -> None:
    assert type(read) is type(client_read)
    if not isinstance(client_read, ChatCompletion):
        assert read == client_read
        return
    assert read == client_read
    assert _declared_set(read) == _declared_set(client_read)
    assert read.model_extra == client_read.model_extra
    assert read.model_dump() == client_read.model_dump()
    assert read.model_dump(exclude_unset=True) == client_read.model_dump(exclude_unset=True)
    assert read.to_json() == client_read.to_json()
    for mine, theirs in zip(read.choices or [], client_read.choices or [], strict=True):
        assert _declared_set(mine.message) == _declared_set(theirs.message)
        assert mine.message.model_extra == theirs.message.model_extra
        assert type(mine.message.tool_calls) is type(theirs.message.tool_calls)


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_recorded_bodies_read_as_the_client_reads_them(name: str) -> None:
    body = RECORDED[name]
    _same(read_completion(copy.deepcopy(body)), construct_type(type_=ChatCompletion, value=body))


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_bodies_that_do_not_validate_read_the_lenient_way(case: str) -> None:
    body = MALFORMED[case]
    _same(read_completion(copy.deepcopy(body)), construct_type(type_=ChatCompletion, value=body))


def test_the_lean_path_reads_with_validation_on_this_client() -> None:
    """On the `openai` installed here the fast reader is in use (else the speed-up would
    silently be gone), and it is a completion type the client accepts."""
    reader = reader_for_client()
    assert reader is not ChatCompletion
    assert issubclass(reader, ChatCompletion)
    assert completion._lenient() is construct_type


async def test_a_completion_read_by_the_lean_path_keeps_the_request_id() -> None:
    with LoopbackProvider("loopback", api_key="sk-loopback-key") as server:
        client = AsyncOpenAI(api_key="sk-loopback-key", base_url=server.base_url)
        server.enqueue(Reply(text="hello", headers={"x-request-id": "req_42"}))
        body = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
        assert transport.postable(client, body)
        answer = await transport.send_chat(client, body, stream=False)
        assert type(answer) is ChatCompletion
        assert answer.choices[0].message.content == "hello"
        assert answer._request_id == "req_42"
        await client.close()
