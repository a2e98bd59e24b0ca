"""agents.models.reasoning_content_replay: a should_replay_reasoning_content hook decides, per
reasoning item, whether its text goes back to a Chat Completions provider (through the openai
client and through LiteLLM), in place of the provider profile's rule."""

from __future__ import annotations

from typing import Any

import pytest
from openai import AsyncOpenAI

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import Runner
from agents.extensions.models.litellm_model import LitellmModel
from agents.models.dialects.profiles import DEEPSEEK
from agents.models.reasoning_content_replay import ReasoningContentReplayContext
from agents.models.reasoning_content_replay import ReasoningContentSource
from agents.models.reasoning_content_replay import default_should_replay_reasoning_content
from agents.testing import LoopbackProvider
from agents.testing import Reply
from tests.compat.conftest import KEY

CONFIG = RunConfig(tracing_disabled=True)
THOUGHT = "The user wants the sum; call add."
HISTORY: list[Any] = [
    {"role": "user", "content": "add 1 and 2"},
    {
        "type": "reasoning",
        "id": "rs_1",
        "summary": [{"type": "summary_text", "text": THOUGHT}],
        "provider_data": {"provider": "deepseek", "model": "deepseek-reasoner"},
    },
    {"type": "function_call", "call_id": "c1", "name": "add", "arguments": "{}"},
    {"type": "function_call_output", "call_id": "c1", "output": "3"},
]


def assistant(body: dict[str, Any]) -> dict[str, Any]:
    return next(m for m in body["messages"] if m["role"] == "assistant")


async def test_a_hook_sends_reasoning_where_the_profile_would_not(
    chat_server: LoopbackProvider,
) -> None:
    seen: list[ReasoningContentReplayContext] = []

    def always(context: ReasoningContentReplayContext) -> bool:
        seen.append(context)
        return True

    client = AsyncOpenAI(api_key=KEY, base_url=chat_server.base_url, max_retries=0)
    for hook, sent in ((None, None), (always, THOUGHT)):
        model = OpenAIChatCompletionsModel("llama-3.3-70b-versatile", client, hook)
        chat_server.enqueue(Reply(text="3"))
        await Runner.run(Agent(name="a", model=model), HISTORY, run_config=CONFIG)
        assert assistant(chat_server.chat_requests[-1]).get("reasoning_content") == sent
    context = seen[0]
    assert context.model == "llama-3.3-70b-versatile"
    assert context.base_url is not None and context.base_url.startswith("http://127.0.0.1")
    assert context.reasoning.origin_model == "deepseek-reasoner"
    assert context.reasoning.item["id"] == "rs_1"


async def test_a_hook_keeps_reasoning_from_the_provider_that_wants_it(
    chat_server: LoopbackProvider,
) -> None:
    client = AsyncOpenAI(api_key=KEY, base_url=chat_server.base_url, max_retries=0)
    for hook, sent in ((None, THOUGHT), (lambda context: False, None)):
        model = OpenAIChatCompletionsModel("deepseek-reasoner", client, hook, profile=DEEPSEEK)
        chat_server.enqueue(Reply(text="3"))
        await Runner.run(Agent(name="a", model=model), HISTORY, run_config=CONFIG)
        assert assistant(chat_server.chat_requests[-1]).get("reasoning_content") == sent


async def test_the_hook_on_litellm(chat_server: LoopbackProvider) -> None:
    decided: list[str] = []

    def only_deepseek(context: ReasoningContentReplayContext) -> bool:
        decided.append(context.model)
        return context.reasoning.origin_model == "deepseek-reasoner"

    for hook, sent in ((None, None), (only_deepseek, THOUGHT)):
        model = LitellmModel(
            "openai/llama-3.3-70b-versatile",
            base_url=chat_server.base_url,
            api_key=KEY,
            should_replay_reasoning_content=hook,
        )
        chat_server.enqueue(Reply(text="3"))
        result = await Runner.run(Agent(name="a", model=model), HISTORY, run_config=CONFIG)
        assert result.final_output == "3"
        assert assistant(chat_server.chat_requests[-1]).get("reasoning_content") == sent
    assert decided == ["openai/llama-3.3-70b-versatile"]


@pytest.mark.parametrize(
    ("model", "origin", "data", "expected"),
    [
        ("deepseek-chat", "deepseek-reasoner", {"model": "deepseek-reasoner"}, True),
        ("deepseek-chat", None, {}, True),
        ("deepseek-chat", None, {"thinking_blocks": []}, True),
        ("deepseek-chat", "claude-3", {"model": "claude-3"}, False),
        ("gpt-4.1", "deepseek-reasoner", {}, False),
    ],
)
def test_the_reference_default_rule(
    model: str, origin: str | None, data: dict[str, Any], expected: bool
) -> None:
    source = ReasoningContentSource(item={}, origin_model=origin, provider_data=data)
    context = ReasoningContentReplayContext(model=model, base_url=None, reasoning=source)
    assert default_should_replay_reasoning_content(context) is expected
