"""OpenAIConversationsSession and OpenAIResponsesCompactionSession against a loopback
Responses server with the Conversations API, through the real `openai` client."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openai import AsyncOpenAI

from agents import Agent
from agents import OpenAIConversationsSession
from agents import OpenAIResponsesCompactionSession
from agents import OpenAIResponsesModel
from agents import Runner
from agents.memory import SQLiteSession
from agents.testing import ResponsesReply
from agents.testing import ToolCall
from agents.testing.conversations_server import ConversationsLoopback
from tests.sessions.test_runs import lookup

KEY = "sk-conversations-secret-0123456789abcdef"


@pytest.fixture
def server() -> Iterator[ConversationsLoopback]:
    with ConversationsLoopback(api_key=KEY) as loopback:
        yield loopback


def client_for(server: ConversationsLoopback) -> AsyncOpenAI:
    return AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)


async def test_conversations_session_protocol(server: ConversationsLoopback) -> None:
    session = OpenAIConversationsSession(openai_client=client_for(server))
    with pytest.raises(ValueError, match="first use"):
        _ = session.session_id
    assert await session.get_items() == []
    conversation_id = session.session_id
    assert conversation_id.startswith("conv_")
    items: list[Any] = [{"role": "user", "content": f"m{n}"} for n in range(45)]
    await session.add_items(items)  # three requests of at most 20 items
    assert len([r for r in server.requests if r.path.endswith("/items")]) == 3
    listed: list[Any] = await session.get_items()
    assert [i["content"][0]["text"] for i in listed] == [f"m{n}" for n in range(45)]
    assert [i["content"][0]["text"] for i in await session.get_items(limit=2)] == ["m43", "m44"]  # type: ignore[index]
    popped: Any = await session.pop_item()
    assert popped["content"][0]["text"] == "m44"
    assert len(await session.get_items()) == 44
    await session.clear_session()
    assert conversation_id not in server.conversations
    assert await session.get_items() == [] and session.session_id != conversation_id


async def test_conversations_session_in_runs(server: ConversationsLoopback) -> None:
    client = client_for(server)
    session = OpenAIConversationsSession(openai_client=client)
    agent = Agent(
        name="a", model=OpenAIResponsesModel(model="gpt-4.1", openai_client=client), tools=[lookup]
    )
    await Runner.run(agent, "I am Ada.", session=session)
    server.enqueue(
        ResponsesReply(tool_calls=[ToolCall("lookup", {"city": "Oslo"})]),
        ResponsesReply(text="Sunny, Ada."),
    )
    result = await Runner.run(agent, "Weather?", session=session)
    assert result.final_output == "Sunny, Ada."
    sent = json.dumps(server.response_requests[-1]["input"])
    assert "I am Ada." in sent and "sunny in Oslo" in sent
    stored = server.conversations[session.session_id]
    kinds = [i.get("type", "message") for i in stored]
    assert kinds.count("function_call") == 1 and kinds.count("function_call_output") == 1


async def test_responses_compaction_session(server: ConversationsLoopback, tmp_path: Path) -> None:
    client = client_for(server)
    store = SQLiteSession("r", tmp_path / "r.db")
    session = OpenAIResponsesCompactionSession(
        "r", store, client=client, model="gpt-4.1", compaction_mode="input"
    )
    agent = Agent(
        name="a", model=OpenAIResponsesModel(model="gpt-4.1", openai_client=client), tools=[lookup]
    )
    for turn in range(2):
        server.enqueue(
            ResponsesReply(tool_calls=[ToolCall("lookup", {"city": "a"})]),
            ResponsesReply(tool_calls=[ToolCall("lookup", {"city": "b"})]),
            ResponsesReply(text=f"answer {turn}"),
        )
        await Runner.run(agent, f"question {turn}", session=session)
    assert len(server.compact_requests) == 1  # 10 items to fold: the threshold, in turn 2
    assert server.compact_requests[0]["model"] == "gpt-4.1"
    stored: list[Any] = await store.get_items()
    assert stored[-1]["type"] == "compaction"
    assert [i["content"][0]["text"] for i in stored[:-1]] == ["question 0", "question 1"]
    await Runner.run(agent, "and now?", session=session)  # the compacted history is accepted
    assert "compaction" in json.dumps(server.response_requests[-1]["input"])


def test_responses_compaction_session_validation() -> None:
    with pytest.raises(ValueError, match="Unsupported model"):
        OpenAIResponsesCompactionSession("x", SQLiteSession("x"), model="claude-3-5-sonnet")
    remote = OpenAIConversationsSession(
        conversation_id="conv_1", openai_client=AsyncOpenAI(api_key="k")
    )
    with pytest.raises(ValueError, match="cannot wrap"):
        OpenAIResponsesCompactionSession("x", remote)
