"""Sessions inside runs: every back-end carries a conversation, with a tool call, across
runs on two providers (a Chat Completions server and the Responses API), over real HTTP."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from collections.abc import Iterator
from typing import Any

import pytest
from openai import AsyncOpenAI

from agents import Agent
from agents import Model
from agents import OpenAIChatCompletionsModel
from agents import OpenAIResponsesModel
from agents import RunConfig
from agents import Runner
from agents import SessionSettings
from agents import UserError
from agents import function_tool
from agents.memory import Session
from agents.memory import SQLiteSession
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall
from tests.sessions.backends import close_session
from tests.sessions.backends import make_session

KEY = "sk-sessions-secret-0123456789abcdef"


@function_tool
def lookup(city: str) -> str:
    """The weather in a city."""
    return f"sunny in {city}"


class Provider:
    """One loopback provider: its model and what it was sent."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        if kind == "chat":
            self.server: Any = LoopbackProvider("loopback", api_key=KEY).start()
        else:
            self.server = ResponsesLoopback("openai", api_key=KEY).start()
        client = AsyncOpenAI(api_key=KEY, base_url=self.server.base_url, max_retries=0)
        self.model: Model = (
            OpenAIChatCompletionsModel(model="m", openai_client=client)
            if kind == "chat"
            else OpenAIResponsesModel(model="gpt-4.1", openai_client=client)
        )

    def script_tool_then_text(self, text: str) -> None:
        call = ToolCall("lookup", {"city": "Oslo"})
        if self.kind == "chat":
            self.server.enqueue(Reply(tool_calls=[call]), Reply(text=text))
        else:
            self.server.enqueue(ResponsesReply(tool_calls=[call]), ResponsesReply(text=text))

    def last_input(self) -> str:
        """The last request's conversation, as JSON text."""
        if self.kind == "chat":
            return json.dumps(self.server.chat_requests[-1]["messages"])
        return json.dumps(self.server.response_requests[-1]["input"])


@pytest.fixture(params=["chat", "responses"])
def provider(request: pytest.FixtureRequest) -> Iterator[Provider]:
    made = Provider(request.param)
    yield made
    made.server.stop()


@pytest.fixture
async def session(backend: tuple[str, dict[str, str]], session_id: str) -> AsyncIterator[Session]:
    made = make_session(backend[0], session_id, backend[1])
    yield made
    await close_session(made)


async def test_conversation_across_runs(session: Session, provider: Provider) -> None:
    agent = Agent(name="a", instructions="Be brief.", model=provider.model, tools=[lookup])
    await Runner.run(agent, "My name is Ada.", session=session)
    provider.script_tool_then_text("It is sunny in Oslo, Ada.")
    result = await Runner.run(agent, "Weather in Oslo?", session=session)
    assert result.final_output == "It is sunny in Oslo, Ada."
    assert "My name is Ada." in provider.last_input()  # history went to the model
    assert "sunny in Oslo" in provider.last_input()  # and so did the tool result
    items: list[Any] = await session.get_items()
    kinds = [i.get("type", "message") for i in items]
    assert kinds.count("function_call") == 1 and kinds.count("function_call_output") == 1
    assert items[0]["content"] == "My name is Ada."
    assert items[-1]["type"] == "message" and items[-1]["role"] == "assistant"
    await Runner.run(agent, "Thanks!", session=session)
    assert "It is sunny in Oslo, Ada." in provider.last_input()
    assert len(await session.get_items()) == len(items) + 2


async def test_a_failed_run_saves_nothing(tmp_path: Any) -> None:
    session = SQLiteSession("s", tmp_path / "s.db")
    with LoopbackProvider(api_key=KEY) as server:
        server.enqueue(Reply(status=400, error={"message": "bad", "type": "invalid_request"}))
        client = AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
        agent = Agent(name="a", model=OpenAIChatCompletionsModel(model="m", openai_client=client))
        with pytest.raises(Exception):  # noqa: B017 - the provider's error, whatever its class
            await Runner.run(agent, "hello", session=session)
    assert await session.get_items() == []


async def test_session_settings_limit_and_orphan_outputs(tmp_path: Any) -> None:
    session = SQLiteSession("s", tmp_path / "s.db")
    await session.add_items(
        [
            {"role": "user", "content": "old question"},
            {"type": "function_call", "call_id": "c1", "name": "lookup", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "c1", "output": "old result"},
            {"role": "assistant", "content": "old answer"},
        ]  # type: ignore[list-item]
    )
    with LoopbackProvider(api_key=KEY) as server:
        client = AsyncOpenAI(api_key=KEY, base_url=server.base_url)
        agent = Agent(name="a", model=OpenAIChatCompletionsModel(model="m", openai_client=client))
        config = RunConfig(session_settings=SessionSettings(limit=2))
        await Runner.run(agent, "new", session=session, run_config=config)
        sent = server.chat_requests[-1]["messages"]
    # limit 2 reached back to the tool output; its call was cut off, so it was dropped too
    assert [m.get("content") for m in sent] == ["old answer", "new"]
    assert len(await session.get_items()) == 6


async def test_session_input_callback(tmp_path: Any) -> None:
    session = SQLiteSession("s", tmp_path / "s.db")
    await session.add_items([{"role": "user", "content": f"old {n}"} for n in range(4)])  # type: ignore[misc]

    async def last_two(history: list[Any], new: list[Any]) -> list[Any]:
        return [*history[-1:], {"role": "user", "content": "injected"}, *new]

    with LoopbackProvider(api_key=KEY) as server:
        client = AsyncOpenAI(api_key=KEY, base_url=server.base_url)
        agent = Agent(name="a", model=OpenAIChatCompletionsModel(model="m", openai_client=client))
        config = RunConfig(session_input_callback=last_two)
        await Runner.run(agent, "now", session=session, run_config=config)
        sent = [m["content"] for m in server.chat_requests[-1]["messages"]]
        assert sent == ["old 3", "injected", "now"]
        stored = [i["content"] for i in await session.get_items()]  # type: ignore[index]
        # history is not saved twice; the callback's new item and the input are
        assert stored[:6] == ["old 0", "old 1", "old 2", "old 3", "injected", "now"]
        with pytest.raises(UserError, match="must return a list"):
            bad = RunConfig(session_input_callback=lambda h, n: None)  # type: ignore[arg-type,return-value]
            await Runner.run(agent, "x", session=session, run_config=bad)


def test_run_config_session_settings_accepts_a_dict() -> None:
    assert RunConfig(session_settings={"limit": 3}).session_settings == SessionSettings(limit=3)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="Unknown session setting"):
        RunConfig(session_settings={"limt": 3})  # type: ignore[arg-type]
