"""Every WireShape preset, streamed and not, through its provider's profile: the loopback
server's generated dialects are what the fixtures say the providers send."""

from __future__ import annotations

import pytest

from agents import Agent
from agents.testing import Reply
from agents.testing import ToolCall
from agents.testing import WireShape

from .dialect_helpers import Weather
from .dialect_helpers import reasoning_text
from .dialect_helpers import run
from .dialect_helpers import table_provider_on_loopback

# Preset -> a model string of that provider (OpenAI's preset is served as a table provider
# with OpenAI's profile through a registered row below).
MODELS = {
    "mistral": "mistral/magistral-medium-latest",
    "gemini": "gemini/gemini-2.5-flash",
    "groq": "groq/openai/gpt-oss-20b",
    "deepseek": "deepseek/deepseek-reasoner",
    "openrouter": "openrouter/deepseek/deepseek-r1",
    "together": "together/deepseek-ai/DeepSeek-R1",
    "vllm": "vllm/Qwen/Qwen3-8B",
    "ollama": "ollama/qwen3:8b",
    "cerebras": "cerebras/qwen-3-32b",
    "openai": "openai-like/gpt-4.1",
}


def test_every_preset_is_covered() -> None:
    assert sorted(MODELS) == WireShape.presets()


@pytest.mark.parametrize("preset", sorted(MODELS))
async def test_preset_runs_a_tool_and_answers(
    monkeypatch: pytest.MonkeyPatch, preset: str, streamed: bool
) -> None:
    from agents.models.providers.catalogue import register_provider
    from agents.models.providers.catalogue import unregister_provider

    weather = Weather()
    name = MODELS[preset].split("/", 1)[0]
    if name == "openai-like":
        register_provider("openai-like", "https://api.openai.example/v1", "OAI_KEY", "openai")
    try:
        with table_provider_on_loopback(monkeypatch, name, WireShape.preset(preset)) as server:
            server.enqueue(
                Reply(
                    tool_calls=[ToolCall("get_weather", {"city": "Porto"})],
                    reasoning="Need the weather first.",
                ),
                Reply(text="Porto is sunny.", reasoning="The tool answered."),
            )
            agent = Agent(name=preset, model=MODELS[preset], tools=[weather.tool()])
            outcome = await run(agent, "Weather in Porto?", streamed)
            second = server.chat_requests[1]["messages"]
    finally:
        unregister_provider("openai-like")
    assert weather.calls == ["Porto"]
    assert outcome.result.final_output == "Porto is sunny."
    usage = outcome.result.context_wrapper.usage
    assert usage.requests == 2 and usage.input_tokens > 0 and usage.output_tokens > 0
    sent_calls = [c for m in second for c in m.get("tool_calls") or []]
    sent_outputs = [m["tool_call_id"] for m in second if m["role"] == "tool"]
    assert [c["id"] for c in sent_calls] == sent_outputs
    if preset != "gemini":  # Gemini's compatible endpoint sends no reasoning text
        assert reasoning_text(outcome) == "Need the weather first.The tool answered."
