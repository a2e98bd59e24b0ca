"""Together, Hugging Face, vLLM, Ollama, Cerebras, Cloudflare Workers AI and OpenAI dialects."""

from __future__ import annotations

import json

import pytest
from openai import AsyncOpenAI
from pydantic import BaseModel

from agents import Agent
from agents import ModelSettings
from agents import OpenAIChatCompletionsModel
from agents.models.providers.catalogue import profile_for
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from agents.testing import WireShape

from .dialect_helpers import reasoning_text
from .dialect_helpers import run
from .dialect_helpers import table_provider_on_loopback
from .dialect_helpers import weather_run
from .fixtures.dialects import CEREBRAS_TEXT_SSE
from .fixtures.dialects import CEREBRAS_TOOL_CALL_SSE
from .fixtures.dialects import CLOUDFLARE_JSON_CONTENT
from .fixtures.dialects import HF_THINK_SSE
from .fixtures.dialects import OLLAMA_TEXT_SSE
from .fixtures.dialects import OLLAMA_TOOL_CALL_JSON
from .fixtures.dialects import OPENAI_TEXT_SSE
from .fixtures.dialects import TOGETHER_THINK_JSON
from .fixtures.dialects import TOGETHER_THINK_SSE
from .fixtures.dialects import VLLM_TEXT_JSON
from .fixtures.dialects import VLLM_TOOL_CALL_JSON
from .fixtures.dialects import VLLM_TOOL_CALL_SSE
from .fixtures.dialects import json_reply
from .fixtures.dialects import sse_reply


async def test_together_think_tags_and_eos(monkeypatch: pytest.MonkeyPatch, streamed: bool) -> None:
    with table_provider_on_loopback(monkeypatch, "together") as server:
        server.enqueue(
            sse_reply(TOGETHER_THINK_SSE) if streamed else json_reply(TOGETHER_THINK_JSON)
        )
        agent = Agent(name="t", model="together/deepseek-ai/DeepSeek-R1")
        outcome = await run(agent, "Weather in Paris?", streamed)
    assert outcome.result.final_output == "Paris is sunny."
    assert reasoning_text(outcome) == "The user asks about Paris."
    usage = outcome.result.context_wrapper.usage
    assert (usage.input_tokens, usage.output_tokens) == (12, 40)
    if streamed:
        deltas = [
            e.data.delta
            for e in outcome.events
            if getattr(e, "data", None) is not None and e.data.type == "response.output_text.delta"
        ]
        assert "".join(deltas) == "Paris is sunny."  # no tag ever reaches the text stream


async def test_huggingface_router_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    with table_provider_on_loopback(monkeypatch, "huggingface") as server:
        server.enqueue(sse_reply(HF_THINK_SSE))
        outcome = await run(Agent(name="h", model="huggingface/Qwen/QwQ-32B"), "hi", True)
        assert server.chat_requests[0]["model"] == "Qwen/QwQ-32B"
    assert outcome.result.final_output == "Paris is sunny."
    assert reasoning_text(outcome) == "Simple question."
    assert outcome.result.context_wrapper.usage.total_tokens == 20


async def test_vllm_tool_ids_integer_stop_reason_and_empty_tool_calls(
    monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    monkeypatch.delenv("VLLM_API_KEY", raising=False)
    if streamed:
        replies = sse_reply(VLLM_TOOL_CALL_SSE), Reply(text="It is sunny in Paris.")
    else:
        replies = json_reply(VLLM_TOOL_CALL_JSON), json_reply(VLLM_TEXT_JSON)
    model = "vllm/Qwen/Qwen2.5-7B-Instruct"
    async with weather_run(model, *replies, streamed=streamed) as ran:
        outcome = ran.outcome
        first, second = ran.server.chat_requests
    assert ran.weather.calls == ["Paris"]
    assert outcome.result.final_output == "It is sunny in Paris."
    call_id = "chatcmpl-tool-4f5e1c2b9a8d4e7f8a6b5c4d3e2f1a0b"
    assert outcome.tool_calls[0].raw_item.call_id == call_id
    assert second["messages"][-1]["tool_call_id"] == call_id
    assert "strict" not in first["tools"][0]["function"]
    assert outcome.result.context_wrapper.usage.input_tokens >= 200


async def test_vllm_serving_a_mistral_model_gets_mistral_ids() -> None:
    replies = (
        Reply(tool_calls=[ToolCall("get_weather", {"city": "Nice"})]),
        Reply(text="Nice is sunny."),
    )
    model, wire = "vllm/mistralai/Mistral-Small-3.2-24B", WireShape.preset("vllm")
    async with weather_run(model, *replies, question="Nice?", wire=wire) as ran:
        second = ran.server.chat_requests[1]["messages"]
    original = ran.outcome.tool_calls[0].raw_item.call_id
    assert original.startswith("chatcmpl-tool-")
    sent = second[-2]["tool_calls"][0]["id"]
    assert len(sent) == 9 and sent.isalnum()
    assert second[-1]["tool_call_id"] == sent


async def test_ollama_reasoning_field_short_ids_no_strict(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OLLAMA_API_KEY", raising=False)
    replies = json_reply(OLLAMA_TOOL_CALL_JSON), Reply(text="Sunny, 21C.")
    settings = ModelSettings(parallel_tool_calls=True)
    async with weather_run("ollama/qwen3:8b", *replies, settings=settings) as ran:
        outcome = ran.outcome
        first, second = ran.server.chat_requests
        auth = ran.server.requests[0].headers["authorization"]
    assert auth == "Bearer ollama"  # no key needed; the placeholder Ollama documents
    assert ran.weather.calls == ["Paris"]
    assert outcome.result.final_output == "Sunny, 21C."
    assert "strict" not in first["tools"][0]["function"]
    assert "parallel_tool_calls" not in first
    assert second["messages"][-1]["tool_call_id"] == "call_k3j2h1g0"
    assert reasoning_text(outcome) == "I should look up the weather."


async def test_ollama_streamed_reasoning(monkeypatch: pytest.MonkeyPatch) -> None:
    with table_provider_on_loopback(monkeypatch, "ollama") as server:
        server.enqueue(sse_reply(OLLAMA_TEXT_SSE))
        outcome = await run(Agent(name="o", model="ollama/qwen3:8b"), "hi", streamed=True)
    assert outcome.result.final_output == "It is sunny in Paris."
    assert reasoning_text(outcome) == "Tool says sunny."
    assert outcome.result.context_wrapper.usage.output_tokens == 9


async def test_cerebras_streams_without_done() -> None:
    replies = sse_reply(CEREBRAS_TOOL_CALL_SSE), sse_reply(CEREBRAS_TEXT_SSE)
    settings = ModelSettings(parallel_tool_calls=False, presence_penalty=0.5)
    async with weather_run(
        "cerebras/llama3.1-8b", *replies, streamed=True, settings=settings
    ) as ran:
        outcome = ran.outcome
        first = ran.server.chat_requests[0]
    assert ran.weather.calls == ["Paris"]
    assert outcome.result.final_output == "Paris is sunny."
    usage = outcome.result.context_wrapper.usage
    assert (usage.requests, usage.input_tokens, usage.output_tokens) == (2, 215, 24)
    assert "parallel_tool_calls" not in first and "presence_penalty" not in first


class Forecast(BaseModel):
    city: str
    forecast: str


async def test_cloudflare_json_object_content(monkeypatch: pytest.MonkeyPatch) -> None:
    with table_provider_on_loopback(monkeypatch, "cloudflare") as server:
        server.enqueue(json_reply(CLOUDFLARE_JSON_CONTENT), json_reply(CLOUDFLARE_JSON_CONTENT))
        model = "cloudflare/@cf/meta/llama-3.1-8b-instruct"
        text = await run(Agent(name="c", model=model), "Forecast as JSON", streamed=False)
        typed = await run(
            Agent(name="c", model=model, output_type=Forecast), "Forecast", streamed=False
        )
        assert server.chat_requests[1]["response_format"]["type"] == "json_schema"
    assert json.loads(text.result.final_output) == {"city": "Paris", "forecast": "sunny"}
    assert typed.result.final_output == Forecast(city="Paris", forecast="sunny")


async def test_openai_obfuscation_and_usage_chunk_without_choices() -> None:
    with LoopbackProvider("openai") as server:
        server.enqueue(sse_reply(OPENAI_TEXT_SSE))
        client = AsyncOpenAI(api_key="sk-test", base_url=server.base_url)
        model = OpenAIChatCompletionsModel(
            "gpt-4.1", client, profile=profile_for("openai", "gpt-4.1")
        )
        agent = Agent(name="o", model=model, model_settings=ModelSettings(max_tokens=50))
        outcome = await run(agent, "Weather?", streamed=True)
        body = server.chat_requests[0]
    assert outcome.result.final_output == "Paris is sunny."
    usage = outcome.result.context_wrapper.usage
    assert (usage.input_tokens, usage.output_tokens, usage.total_tokens) == (20, 5, 25)
    assert body["stream_options"] == {"include_usage": True}
    assert body["max_completion_tokens"] == 50 and "max_tokens" not in body
