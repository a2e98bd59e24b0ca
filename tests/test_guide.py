"""Every python block of the guide's Method 1 sections and troubleshooting runs as written.

Only hosts and keys differ: each provider is a loopback server that demands its own key, so
a block that sent the wrong key, reached the wrong provider, or named the wrong model fails.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
from collections.abc import Iterator
from typing import Any

import pytest

import agents
from agents.models import _openai_shared as openai_shared
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.tracing import config as tracing_config

from .guide_blocks import HOSTS
from .guide_blocks import KEY_VARS
from .guide_blocks import Block
from .guide_blocks import guide_path
from .guide_blocks import python_blocks
from .guide_blocks import substitute

BLOCKS = python_blocks(guide_path().read_text())

# Heading -> (provider, model) the block's run must reach.
EXPECTED_RUNS: dict[str, tuple[str, str]] = {
    "Basic Pattern": ("generic", "model-name"),
    "Google Gemini": ("gemini", "gemini-2.5-flash"),
    "OpenRouter (Access 100+ Models)": ("openrouter", "anthropic/claude-3.5-sonnet"),
    "Groq (Ultra-Fast Inference)": ("groq", "llama-3.1-70b-versatile"),
    "DeepSeek": ("deepseek", "deepseek-chat"),
    "Mistral AI": ("mistral", "mistral-large-latest"),
    "Together AI": ("together", "meta-llama/Llama-3-70b-chat-hf"),
    "Local Models (Ollama)": ("ollama", "llama3.1"),
    "vLLM / Local Inference Servers": ("vllm", "your-model-name"),
    "Per-Agent Model (Without RunConfig)": ("gemini", "gemini-2.5-flash"),
    "Global Client Setup (Alternative)": ("gemini", "gemini-2.5-flash"),
}

# Blocks that only build objects (no run); checked for what they build.
CONSTRUCT_ONLY = {
    "Method 1: OpenAI-Compatible Endpoints (Recommended)",
    "OpenRouter vs LiteLLM - Important Distinction",
}

LITELLM_HEADINGS = {"Method 2: LiteLLM (Alternative)"}

FIRST_SECTION = "Overview"
LAST_METHOD1_SECTION = "Global Client Setup (Alternative)"
TROUBLESHOOTING = "Common Issues"


def _selected_blocks() -> list[Block]:
    headings = [b.heading for b in BLOCKS]
    assert LAST_METHOD1_SECTION in headings, "guide structure changed"
    selected: list[Block] = []
    in_method1 = True
    for block in BLOCKS:
        if in_method1:
            selected.append(block)
            if block.heading == LAST_METHOD1_SECTION:
                in_method1 = False
    return selected


METHOD1_BLOCKS = _selected_blocks()


def _troubleshooting_blocks() -> list[Block]:
    text = guide_path().read_text()
    section = text.split("## Troubleshooting", 1)[1].split("### Debugging", 1)[0]
    return python_blocks(section)


KEYS = {name: f"test-key-{name}-0123456789" for name in KEY_VARS}


@pytest.fixture
def providers(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, LoopbackProvider]]:
    servers: dict[str, LoopbackProvider] = {}
    for name in set(HOSTS.values()) | {"openai"}:
        servers[name] = LoopbackProvider(name, api_key=KEYS.get(name)).start()
    for name, var in KEY_VARS.items():
        monkeypatch.setenv(var, KEYS[name])
    monkeypatch.setenv("API_KEY", "generic-key")
    # The default OpenAI provider (used by agents without a model) goes to loopback too.
    monkeypatch.setenv("OPENAI_API_KEY", "test-openai-key")
    monkeypatch.setenv("OPENAI_BASE_URL", servers["openai"].base_url)
    monkeypatch.delenv("OPENAI_AGENTS_DISABLE_TRACING", raising=False)
    try:
        yield servers
    finally:
        for server in servers.values():
            server.stop()
        openai_shared.set_default_openai_client(None)
        openai_shared.set_default_openai_api(None)
        tracing_config.set_tracing_disabled(None)  # type: ignore[arg-type]


def _urls(servers: dict[str, LoopbackProvider]) -> dict[str, str]:
    return {name: servers[name].url() for name in set(HOSTS.values())}


def _namespace(**extra: Any) -> dict[str, Any]:
    """The names a reader has in scope: the guide's fragments assume earlier imports."""
    import os

    ns: dict[str, Any] = {"__name__": "__guide__", "os": os}
    ns.update({name: getattr(agents, name) for name in agents.__all__})
    ns.update(extra)
    return ns


async def run_block(code: str, ns: dict[str, Any]) -> None:
    """Run a block as a notebook would: top-level await allowed; sync blocks off the loop."""
    compiled = compile(code, "<guide>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    if compiled.co_flags & inspect.CO_COROUTINE:
        result = eval(compiled, ns)
        await result
    else:
        await asyncio.to_thread(exec, compiled, ns)


def _chat_models(server: LoopbackProvider) -> list[str]:
    return [body["model"] for body in server.chat_requests]


@pytest.mark.parametrize("block", METHOD1_BLOCKS, ids=lambda b: b.id)
async def test_method1_block_runs_as_written(
    block: Block, providers: dict[str, LoopbackProvider]
) -> None:
    if block.heading in LITELLM_HEADINGS:
        pytest.importorskip(
            "agents.extensions.models.litellm_model", reason="needs the LiteLLM route"
        )
    code = substitute(block.code, _urls(providers))
    ns = _namespace()
    await run_block(code, ns)

    if block.heading == "Multi-Model Setup":
        short = await ns["route_query"]("Hi")
        long = await ns["route_query"]("Please explain the history of the Roman Empire in detail.")
        assert _chat_models(providers["groq"]) == ["llama-3.1-8b-instant"]
        assert _chat_models(providers["gemini"]) == ["gemini-2.5-pro"]
        assert "[groq:llama-3.1-8b-instant]" in short.final_output
        assert "[gemini:gemini-2.5-pro]" in long.final_output
        return

    if block.heading in CONSTRUCT_ONLY:
        if "OpenAIChatCompletionsModel(" in block.code:
            assert isinstance(ns["model"], agents.OpenAIChatCompletionsModel)
        else:  # a block of comments only: it must still compile and run
            assert block.code.strip().startswith("#")
        assert all(not s.chat_requests for s in providers.values())
        return

    if block.heading in LITELLM_HEADINGS:
        assert ns["agent"].model.__class__.__name__ == "LitellmModel"
        return

    provider, model_name = EXPECTED_RUNS[block.heading]
    result = ns["result"]
    assert isinstance(result, agents.RunResult)
    assert result.final_output, "the run ended without a final output"
    assert f"[{provider}:{model_name}]" in result.final_output
    assert _chat_models(providers[provider]) == [model_name]
    others = [name for name, s in providers.items() if name != provider and s.chat_requests]
    assert others == [], f"requests reached {others} too"
    # The provider saw its own key and nothing else.
    request = providers[provider].requests[-1]
    if provider in KEYS:
        assert request.headers["authorization"] == f"Bearer {KEYS[provider]}"
    assert result.context_wrapper.usage.requests == 1
    assert result.context_wrapper.usage.total_tokens > 0


def test_every_method1_section_is_covered() -> None:
    known = set(EXPECTED_RUNS) | CONSTRUCT_ONLY | LITELLM_HEADINGS | {"Multi-Model Setup"}
    assert {b.heading for b in METHOD1_BLOCKS} <= known
    assert {h for h in EXPECTED_RUNS} <= {b.heading for b in METHOD1_BLOCKS}


TROUBLE = _troubleshooting_blocks()


def _trouble(index: int) -> str:
    return substitute(TROUBLE[index].code, {name: "unused" for name in set(HOSTS.values())})


def test_troubleshooting_blocks_found() -> None:
    assert len(TROUBLE) == 5
    assert "OPENAI_AGENTS_DISABLE_TRACING" in TROUBLE[0].code
    assert "set_default_openai_api" in TROUBLE[3].code


async def test_tracing_env_block(
    providers: dict[str, LoopbackProvider], monkeypatch: pytest.MonkeyPatch
) -> None:
    ns = _namespace()
    monkeypatch.setenv("OPENAI_AGENTS_DISABLE_TRACING", "0")
    await run_block(_trouble(0), ns)
    assert tracing_config.tracing_globally_disabled()
    agent = agents.Agent(name="t", instructions="hi")
    result = await agents.Runner.run(agent, "Hello")
    assert "[openai:" in result.final_output


async def test_tracing_runconfig_block(providers: dict[str, LoopbackProvider]) -> None:
    agent = agents.Agent(name="assistant", instructions="You are helpful.")
    ns = _namespace(agent=agent, input="What is the capital of France?")
    await run_block(_trouble(1), ns)
    assert ns["config"].tracing_disabled is True
    assert "What is the capital of France?" in ns["result"].final_output


async def test_structured_output_by_hand_block(providers: dict[str, LoopbackProvider]) -> None:
    providers["openai"].enqueue(Reply(text='{"answer": "4", "confidence": 0.95}'))
    ns = _namespace()
    await run_block(_trouble(2), ns)
    assert ns["data"] == {"answer": "4", "confidence": 0.95}
    sent = providers["openai"].chat_requests[-1]["messages"][0]
    assert sent["role"] == "system" and "Always respond with JSON" in sent["content"]


async def test_chat_completions_api_block(providers: dict[str, LoopbackProvider]) -> None:
    await run_block(_trouble(3), _namespace())
    assert openai_shared.get_default_openai_api() == "chat_completions"
    result = await agents.Runner.run(agents.Agent(name="x"), "ping")
    assert "[openai:" in result.final_output


async def test_function_tool_workaround_block(providers: dict[str, LoopbackProvider]) -> None:
    class SearchApi:
        def search(self, query: str) -> str:
            return f"results for {query}"

    ns = _namespace(search_api=SearchApi())
    await run_block(_trouble(4), ns)
    tool = ns["search_web"]
    assert isinstance(tool, agents.FunctionTool)
    assert tool.name == "search_web" and tool.description == "Search the web."
    assert tool.params_json_schema["required"] == ["query"]
    # The tool really runs inside an agent on a provider without hosted tools.
    from agents.testing import ToolCall

    providers["gemini"].enqueue(
        Reply(tool_calls=[ToolCall("search_web", {"query": "freeagents"})]), Reply(text="done")
    )
    from openai import AsyncOpenAI

    client = AsyncOpenAI(api_key=KEYS["gemini"], base_url=providers["gemini"].base_url)
    model = agents.OpenAIChatCompletionsModel(model="gemini-2.5-flash", openai_client=client)
    agent = agents.Agent(name="searcher", tools=[tool], model=model)
    result = await agents.Runner.run(agent, "search it")
    assert result.final_output == "done"
    outputs = [i for i in result.new_items if isinstance(i, agents.ToolCallOutputItem)]
    assert [o.output for o in outputs] == ["results for freeagents"]
    params = providers["gemini"].chat_requests[0]["tools"][0]["function"]["parameters"]
    assert params["properties"]["query"]["type"] == "string"
