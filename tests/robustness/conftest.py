"""Routes for the robustness tests: each route's correct answers, recorded once per session
from the scripted loopback servers, replayed (cut or altered) by a raw-socket server.

A route is a way a run reaches a model: Chat Completions (`openai` client), LiteLLM (the real
`litellm` speaking Anthropic's Messages API) and the Responses API (`openai` client).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from openai import AsyncOpenAI

from agents import OpenAIChatCompletionsModel
from agents import OpenAIResponsesModel
from agents.models.interface import Model
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall
from agents.testing.anthropic_server import AnthropicLoopback
from agents.testing.anthropic_server import AnthropicReply
from agents.testing.anthropic_server import ToolUse

from .rawserver import Raw
from .rawserver import RawServer
from .rawserver import record
from .rawserver import split_events

KEY = "sk-robust-secret-0123456789abcdef"
TEXT = "Hello there, my good friend."
CLAUDE = "anthropic/claude-3-7-sonnet-20250219"


@dataclass
class Route:
    """One route's recorded answers and how to reach the raw server through it."""

    name: str
    make: Callable[[str], Model]
    text_events: list[bytes]
    tool_events: list[bytes]
    text_body: bytes
    is_final: Callable[[bytes], bool]
    """Whether an event is one of the closing events (finish reason, [DONE], message_stop,
    response.completed): a stream cut before the first of them is truncated."""

    def model(self, raw: RawServer) -> Model:
        return self.make(raw.url)

    def cut_text(self) -> list[bytes]:
        """The text stream with every closing event removed: all the text, then nothing."""
        return _before_final(self.text_events, self.is_final)

    def cut_tool(self) -> list[bytes]:
        """The tool-call stream stopped half-way through its arguments."""
        events = _before_final(self.tool_events, self.is_final)
        return events[: max(2, len(events) * 2 // 3)]

    def text_stream(self, **kwargs: Any) -> Raw:
        return Raw(events=list(self.text_events), **kwargs)


def _before_final(events: list[bytes], is_final: Callable[[bytes], bool]) -> list[bytes]:
    for i, event in enumerate(events):
        if is_final(event):
            return events[:i]
    raise AssertionError("the recorded stream has no closing event")


def _record_answers(
    url: str, ask: dict[str, Any], headers: dict[str, str]
) -> tuple[list[bytes], list[bytes], bytes]:
    """The text stream, the tool-call stream and the plain text body, in that order: the
    server must have those three answers queued."""
    text = record(url, {**ask, "stream": True}, headers)
    tool = record(url, {**ask, "stream": True}, headers)
    body = record(url, ask, headers)
    return split_events(text), split_events(tool), body


def _chat_final(event: bytes) -> bool:
    if b"[DONE]" in event:
        return True
    data = event.split(b"data:", 1)[-1].strip()
    try:
        chunk = json.loads(data)
    except ValueError:
        return False
    return any(c.get("finish_reason") for c in chunk.get("choices") or [])


def _chat_route() -> Route:
    with LoopbackProvider("rec", api_key=KEY) as server:
        headers = {"Authorization": f"Bearer {KEY}"}
        url = server.base_url + "/chat/completions"
        ask = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
        server.enqueue(
            Reply(text=TEXT),
            Reply(tool_calls=[ToolCall("lookup", {"city": "Paris, in France"}, id="call_1")]),
            Reply(text=TEXT),
        )
        answers = _record_answers(url, ask, headers)

    def make(base: str) -> Model:
        client = AsyncOpenAI(api_key=KEY, base_url=base + "/v1", max_retries=0)
        return OpenAIChatCompletionsModel(model="m", openai_client=client)

    return Route("chat", make, *answers, _chat_final)


def _litellm_route() -> Route:
    litellm_model = pytest.importorskip("agents.extensions.models.litellm_model")
    LitellmModel = litellm_model.LitellmModel

    with AnthropicLoopback(api_key=KEY) as server:
        headers = {"x-api-key": KEY, "anthropic-version": "2023-06-01"}
        url = server.base_url + "/v1/messages"
        ask = {
            "model": "claude-3-7-sonnet-20250219",
            "max_tokens": 100,
            "messages": [{"role": "user", "content": "hi"}],
        }
        server.enqueue(
            AnthropicReply(text=TEXT),
            AnthropicReply(tool_uses=[ToolUse("lookup", {"city": "Paris, in France"}, "tu_1")]),
            AnthropicReply(text=TEXT),
        )
        answers = _record_answers(url, ask, headers)

    def make(base: str) -> Model:
        return LitellmModel(model=CLAUDE, base_url=base, api_key=KEY)

    def final(event: bytes) -> bool:
        return b"message_delta" in event or b"message_stop" in event

    return Route("litellm", make, *answers, final)


def _responses_route() -> Route:
    with ResponsesLoopback(api_key=KEY) as server:
        headers = {"Authorization": f"Bearer {KEY}"}
        url = server.base_url + "/responses"
        ask = {"model": "gpt-4.1", "input": "hi"}
        server.enqueue(
            ResponsesReply(text=TEXT),
            ResponsesReply(tool_calls=[ToolCall("lookup", {"city": "Paris, in France"})]),
            ResponsesReply(text=TEXT),
        )
        answers = _record_answers(url, ask, headers)

    def make(base: str) -> Model:
        client = AsyncOpenAI(api_key=KEY, base_url=base + "/v1", max_retries=0)
        return OpenAIResponsesModel(model="gpt-4.1", openai_client=client)

    def final(event: bytes) -> bool:
        return (
            b"response.completed" in event
            or b"response.output_text.done" in event
            or (b"response.function_call_arguments.done" in event)
        )

    return Route("responses", make, *answers, final)


_BUILDERS = {"chat": _chat_route, "litellm": _litellm_route, "responses": _responses_route}
_CACHE: dict[str, Route] = {}


def route_by_name(name: str) -> Route:
    """One route, recorded on first use."""
    if name not in _CACHE:
        _CACHE[name] = _BUILDERS[name]()
    return _CACHE[name]


@pytest.fixture(params=list(_BUILDERS))
def route(request: pytest.FixtureRequest) -> Route:
    return route_by_name(str(request.param))


@pytest.fixture(scope="session")
def _raw_server() -> Iterator[RawServer]:
    server = RawServer()
    yield server
    server.stop()


@pytest.fixture
def raw(_raw_server: RawServer) -> Iterator[RawServer]:
    _raw_server.reset()
    yield _raw_server
    _raw_server.reset()
