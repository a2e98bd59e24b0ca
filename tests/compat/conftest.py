"""Routes the compatibility behaviours run on: a Chat Completions provider (Groq's dialect),
OpenAI's Responses API, and Anthropic through LiteLLM, each a loopback server started once."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from openai import AsyncOpenAI

from agents import Model
from agents import OpenAIChatCompletionsModel
from agents import OpenAIResponsesModel
from agents import RunResult
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall
from agents.testing.anthropic_server import AnthropicLoopback
from agents.testing.anthropic_server import AnthropicReply
from agents.testing.anthropic_server import ToolUse
from tests.helpers.runs import run_to_end

KEY = "sk-compat-loopback-0123456789abcdef"


@dataclass
class Route:
    """One provider route: its model, and how to script a tool call or a text answer."""

    name: str
    model: Model
    server: Any
    call: Callable[[str, dict[str, Any]], Any]
    say: Callable[[str], Any]

    def requests(self) -> list[dict[str, Any]]:
        if isinstance(self.server, LoopbackProvider):
            return self.server.chat_requests
        if isinstance(self.server, ResponsesLoopback):
            return self.server.response_requests
        return self.server.message_requests

    def tool_output_sent(self) -> Any:
        """The last tool output the last request carried back to the model."""
        body = self.requests()[-1]
        if self.name == "chat":
            return [m for m in body["messages"] if m["role"] == "tool"][-1]["content"]
        if self.name == "responses":
            outputs = [i for i in body["input"] if i.get("type") == "function_call_output"]
            return outputs[-1]["output"]
        messages = body["messages"]
        blocks = [b for m in messages if isinstance(m["content"], list) for b in m["content"]]
        return [b for b in blocks if b.get("type") == "tool_result"][-1]["content"]


@pytest.fixture(scope="session")
def chat_server() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("groq", api_key=KEY) as server:
        yield server


@pytest.fixture(scope="session")
def responses_server() -> Iterator[ResponsesLoopback]:
    with ResponsesLoopback("openai", api_key=KEY) as server:
        yield server


@pytest.fixture(scope="session")
def anthropic_server() -> Iterator[AnthropicLoopback]:
    with AnthropicLoopback(api_key=KEY) as server:
        yield server


def _openai_route(name: str, server: Any, model: Model, reply: Callable[..., Any]) -> Route:
    return Route(
        name,
        model,
        server,
        lambda tool, args: reply(tool_calls=[ToolCall(tool, args)]),
        lambda text: reply(text=text),
    )


def _client(server: LoopbackProvider | ResponsesLoopback) -> AsyncOpenAI:
    return AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)


def chat_route(server: LoopbackProvider) -> Route:
    model = OpenAIChatCompletionsModel(
        model="llama-3.3-70b-versatile", openai_client=_client(server)
    )
    return _openai_route("chat", server, model, Reply)


def responses_route(server: ResponsesLoopback) -> Route:
    model = OpenAIResponsesModel(model="gpt-4.1", openai_client=_client(server))
    return _openai_route("responses", server, model, ResponsesReply)


def litellm_route(server: AnthropicLoopback) -> Route:
    from agents.extensions.models.litellm_model import LitellmModel

    return Route(
        "litellm",
        LitellmModel(
            model="anthropic/claude-3-7-sonnet-20250219", base_url=server.base_url, api_key=KEY
        ),
        server,
        lambda name, args: AnthropicReply(tool_uses=[ToolUse(name=name, input=args)]),
        lambda text: AnthropicReply(text=text),
    )


@pytest.fixture(params=["chat", "responses", "litellm"])
def route(
    request: pytest.FixtureRequest,
    chat_server: LoopbackProvider,
    responses_server: ResponsesLoopback,
    anthropic_server: AnthropicLoopback,
) -> Route:
    if request.param == "chat":
        return chat_route(chat_server)
    if request.param == "responses":
        return responses_route(responses_server)
    return litellm_route(anthropic_server)


async def run(agent: Any, input: Any, streamed: bool, **kwargs: Any) -> RunResult | Any:
    """A run either way, so each behaviour is checked on both paths."""
    return await run_to_end(agent, input, streamed=streamed, **kwargs)
