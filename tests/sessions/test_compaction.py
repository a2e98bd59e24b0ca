"""CompactionSession: history over budget is summarised by a model of the user's choice (any
provider), recent turns stay verbatim, tool calls stay with their outputs and reasoning with
the output it led to."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openai import AsyncOpenAI

from agents import Agent
from agents import Model as ModelBase
from agents import ModelProvider
from agents import OpenAIChatCompletionsModel
from agents import OpenAIResponsesModel
from agents import Runner
from agents.memory import CompactionSession
from agents.memory import SQLiteSession
from agents.memory._compaction_plan import choose_cut
from agents.memory._compaction_plan import estimate_tokens
from agents.memory._compaction_plan import safe_cut_points
from agents.memory._compaction_plan import transcript
from agents.memory.compaction_session import CHECKPOINT_TYPE
from agents.memory.compaction_session import SUMMARY_PREFIX
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall
from tests.sessions.test_runs import lookup

KEY = "sk-compaction-secret-0123456789abcdef"


def user(text: str) -> Any:
    return {"role": "user", "content": text}


CALL = {"type": "function_call", "call_id": "c1", "name": "lookup", "arguments": "{}"}
OUT = {"type": "function_call_output", "call_id": "c1", "output": "42"}
REASONING = {"type": "reasoning", "id": "rs_1", "summary": []}
ANSWER = {"role": "assistant", "content": "done"}


def test_cut_points_keep_pairs_and_reasoning_together() -> None:
    items = [user("q1"), REASONING, CALL, OUT, ANSWER, user("q2"), REASONING, ANSWER]
    points = safe_cut_points(items)  # type: ignore[arg-type]
    assert 2 not in points  # right after a reasoning item
    assert 3 not in points  # between the call and its output
    assert points == [1, 4, 5, 6]
    # the cut prefers the start of a user turn
    assert choose_cut(items, keep_tokens=10**6, count=estimate_tokens) == 5  # type: ignore[arg-type]
    assert choose_cut([user("only")], 0, estimate_tokens) == 0  # type: ignore[list-item]


def test_transcript_is_plain_text_without_reasoning() -> None:
    text = transcript([user("hi"), REASONING, CALL, OUT, ANSWER])  # type: ignore[list-item]
    assert text.splitlines() == [
        "user: hi",
        "assistant called lookup({}) [c1]",
        "tool result [c1]: 42",
        "assistant: done",
    ]


class Summariser(ModelProvider):
    """A provider whose every model is the chat loopback (a different provider from the
    agent's Responses server)."""

    def __init__(self, server: LoopbackProvider) -> None:
        self.server = server

    def get_model(self, model_name: str | None) -> ModelBase:
        client = AsyncOpenAI(api_key=KEY, base_url=self.server.base_url)
        return OpenAIChatCompletionsModel(model=model_name or "summary", openai_client=client)


async def test_compaction_across_providers_in_runs(tmp_path: Path) -> None:
    with (
        ResponsesLoopback(api_key=KEY) as agent_server,
        LoopbackProvider("summariser", api_key=KEY) as summary_server,
    ):
        summary_server.responder = lambda body: Reply(
            text=f"SUMMARY#{len(summary_server.chat_requests)}"
        )
        store = SQLiteSession("c", tmp_path / "c.db")
        session = CompactionSession(
            "c",
            store,
            model="summary-model",
            model_provider=Summariser(summary_server),
            max_tokens=400,
            keep_recent_tokens=150,
        )
        client = AsyncOpenAI(api_key=KEY, base_url=agent_server.base_url)
        agent = Agent(
            name="a",
            model=OpenAIResponsesModel(model="gpt-4.1", openai_client=client),
            tools=[lookup],
        )
        for turn in range(8):
            agent_server.enqueue(
                ResponsesReply(
                    reasoning="thinking", tool_calls=[ToolCall("lookup", {"city": f"c{turn}"})]
                ),
                ResponsesReply(reasoning="more", text=f"answer {turn} " + "words " * 20),
            )
            await Runner.run(agent, f"question {turn} " + "padding " * 20, session=session)

        assert summary_server.chat_requests, "the summariser was never called"
        first = summary_server.chat_requests[0]
        assert first["model"] == "summary-model"
        assert "question 0" in first["messages"][-1]["content"]  # a transcript of the old part
        assert "rs_" not in json.dumps(first)  # reasoning items stay out of the transcript

        visible: list[Any] = await session.get_items()
        assert visible[0]["content"].startswith(SUMMARY_PREFIX + "\nSUMMARY#")
        assert visible[1]["role"] == "user"  # the kept part starts at a user turn
        assert "question 7" in visible[1]["content"] or "question 6" in visible[1]["content"]
        calls = {i["call_id"] for i in visible if i.get("type") == "function_call"}
        outputs = {i["call_id"] for i in visible if i.get("type") == "function_call_output"}
        assert calls == outputs and calls  # no call without its output, or the reverse
        for index, item in enumerate(visible):  # each reasoning item precedes its output
            if item.get("type") == "reasoning":
                assert visible[index + 1].get("type") in ("function_call", "message")

        sent = agent_server.response_requests[-1]["input"]
        assert SUMMARY_PREFIX in json.dumps(sent) and "question 0" not in json.dumps(sent)

        stored: list[Any] = await store.get_items()
        assert any(i.get("type") == CHECKPOINT_TYPE for i in stored)  # append-only
        assert "question 0" in json.dumps(stored)  # the full transcript is still kept
        while (await store.get_items())[-1].get("type") != CHECKPOINT_TYPE:  # type: ignore[union-attr]
            await session.pop_item()
        await session.pop_item()  # pops through the summary: the older history reappears
        assert (await session.get_items())[0]["content"] != visible[0]["content"]  # type: ignore[index]


async def test_a_failing_summariser_leaves_history_and_the_run_intact(tmp_path: Path) -> None:
    with LoopbackProvider(api_key=KEY) as server:
        server.responder = lambda body: (
            Reply(status=500) if body["model"] == "summary" else Reply(text="fine " * 40)
        )
        client = AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
        session = CompactionSession(
            "f",
            SQLiteSession("f"),
            model=OpenAIChatCompletionsModel(model="summary", openai_client=client),
            max_tokens=50,
            keep_recent_tokens=10,
        )
        agent = Agent(name="a", model=OpenAIChatCompletionsModel(model="m", openai_client=client))
        for n in range(3):
            result = await Runner.run(agent, f"turn {n}", session=session)
            assert result.final_output.startswith("fine")
        assert len(await session.get_items()) == 6  # nothing summarised, nothing lost


async def test_forced_compaction_and_validation() -> None:
    from agents.memory import OpenAIConversationsSession

    with LoopbackProvider(api_key=KEY) as server:
        server.responder = lambda body: Reply(text="the gist")
        client = AsyncOpenAI(api_key=KEY, base_url=server.base_url)
        model = OpenAIChatCompletionsModel(model="s", openai_client=client)
        session = CompactionSession("v", SQLiteSession("v"), model=model, max_tokens=10**6)
        await session.add_items([user("a"), ANSWER, user("b"), ANSWER])  # type: ignore[list-item]
        await session.run_compaction()
        assert len(await session.get_items()) == 4  # under budget: nothing happens
        await session.run_compaction({"force": True})
        items: list[Any] = await session.get_items()
        assert items[0]["content"] == f"{SUMMARY_PREFIX}\nthe gist" and items[1:] == [
            user("b"),
            ANSWER,
        ]
        assert await session.get_items(limit=1) == [ANSWER]
    with pytest.raises(Exception, match="cannot wrap"):
        CompactionSession(
            "x",
            OpenAIConversationsSession(conversation_id="conv_1", openai_client=client),
            model=model,
        )
