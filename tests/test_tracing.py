"""Tracing: spans for runs, model calls and tools; local by default; never breaks a run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from agents import Agent
from agents import AgentsException
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import Runner
from agents import Span
from agents import Trace
from agents import custom_span
from agents import function_tool
from agents import set_trace_processors
from agents import set_tracing_disabled
from agents import trace
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from agents.tracing import get_trace_processors

from .conftest import TEST_KEY
from .helpers.tracing import Collector
from .recording_proxy import RecordingProxy


@function_tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


async def _tool_run(
    provider: LoopbackProvider, model: OpenAIChatCompletionsModel, **config: Any
) -> Any:
    provider.enqueue(Reply(tool_calls=[ToolCall("add", {"a": 1, "b": 2})]), Reply(text="3"))
    agent = Agent(name="calc", tools=[add], model=model)
    return await Runner.run(agent, "1+2", run_config=RunConfig(**config))


async def test_spans_for_agent_model_calls_and_tools(
    collector: Collector, provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    await _tool_run(provider, model, workflow_name="math", group_id="g1", trace_metadata={"k": "v"})
    (tr,) = collector.traces()
    assert (tr.name, tr.group_id, tr.metadata) == ("math", "g1", {"k": "v"})
    assert collector.events[0][0] == "trace_start" and collector.events[-1][0] == "trace_end"
    (agent_span,) = collector.ended("agent")
    generations = collector.ended("generation")
    (function_span,) = collector.ended("function")
    assert agent_span.span_data.name == "calc" and agent_span.span_data.tools == ["add"]
    assert len(generations) == 2
    first = generations[0].span_data
    assert first.model == "test-model"
    assert first.base_url == provider.base_url + "/"
    assert (
        first.usage is not None and first.usage["requests"] == 1 and first.usage["total_tokens"] > 0
    )
    assert first.input is not None and first.output is not None
    assert function_span.span_data.name == "add"
    assert function_span.span_data.input == '{"a":1,"b":2}'
    assert function_span.span_data.output == "3"
    # trace > task > agent > turn > (generation, function), as the reference nests them
    (task,) = collector.ended("task")
    turns = collector.ended("turn")
    assert [t.span_data.turn for t in turns] == [1, 2]
    assert all(t.parent_id == agent_span.span_id for t in turns)
    assert generations[0].parent_id == function_span.parent_id == turns[0].span_id
    assert generations[1].parent_id == turns[1].span_id
    assert all(s.trace_id == tr.trace_id for s in collector.ended())
    assert agent_span.parent_id == task.span_id and task.parent_id is None
    assert task.span_data.name == "math"
    assert task.span_data.usage is not None and task.span_data.usage["requests"] == 2
    assert turns[0].span_data.usage is not None and turns[0].span_data.usage["input_tokens"] > 0
    assert task.export() is not None and task.export()["span_data"]["type"] == "custom"
    assert all(s.started_at and s.ended_at for s in collector.ended())


async def test_sensitive_data_can_be_left_out(
    collector: Collector, provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    await _tool_run(provider, model, trace_include_sensitive_data=False)
    gen = collector.ended("generation")[0].span_data
    fn = collector.ended("function")[0].span_data
    assert gen.input is None and gen.output is None and gen.usage is not None
    assert fn.input is None and fn.output is None


async def test_sensitive_data_env_variable(
    collector: Collector,
    provider: LoopbackProvider,
    model: OpenAIChatCompletionsModel,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA", "false")
    await _tool_run(provider, model)
    assert collector.ended("function")[0].span_data.input is None


@pytest.mark.parametrize("how", ["run_config", "env", "call"])
async def test_disabled_tracing_records_nothing(
    how: str,
    collector: Collector,
    provider: LoopbackProvider,
    model: OpenAIChatCompletionsModel,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config: dict[str, Any] = {}
    if how == "run_config":
        config["tracing_disabled"] = True
    elif how == "env":
        monkeypatch.setenv("OPENAI_AGENTS_DISABLE_TRACING", "1")
    else:
        set_tracing_disabled(True)
    result = await _tool_run(provider, model, **config)
    assert result.final_output == "3"
    assert collector.events == []


async def test_a_failing_processor_never_fails_a_run(
    provider: LoopbackProvider, model: OpenAIChatCompletionsModel, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken(Collector):
        def on_span_end(self, span: Span[Any]) -> None:
            raise RuntimeError("processor bug")

        def on_trace_start(self, trace: Trace) -> None:
            raise ValueError("also broken")

    previous = get_trace_processors()
    good = Collector()
    set_trace_processors([Broken(), good])
    try:
        result = await _tool_run(provider, model)
    finally:
        set_trace_processors(list(previous))
    assert result.final_output == "3"
    assert len(good.ended("generation")) == 2  # the next processor still got everything
    warnings = [r for r in caplog.records if "Broken" in r.getMessage()]
    assert len(warnings) == 1  # reported once, not once per span


async def test_runs_inside_a_user_trace_join_it(
    collector: Collector, provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    with trace("conversation", group_id="chat-7") as tr:
        with custom_span("lookup", {"source": "db"}) as cs:
            pass
        await Runner.run(Agent(name="a", model=model), "one")
        await Runner.run(Agent(name="b", model=model), "two")
    assert collector.traces() == [tr]
    agents_seen = [s.span_data.name for s in collector.ended("agent")]
    assert agents_seen == ["a", "b"]
    assert cs.trace_id == tr.trace_id and cs.span_data.export()["data"] == {"source": "db"}


async def test_span_records_the_error(
    collector: Collector, provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    provider.enqueue(Reply(status=400))
    with pytest.raises(AgentsException):
        await Runner.run(Agent(name="a", model=model), "x")
    (gen,) = collector.ended("generation")
    (ag,) = collector.ended("agent")
    assert gen.error is not None and "HTTP 400" in gen.error["message"]
    assert ag.error is not None
    assert collector.events[-1][0] == "trace_end"


async def test_no_key_in_any_exported_span(
    collector: Collector, provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    provider.enqueue(Reply(status=401, error={"error": {"message": f"bad key {TEST_KEY}"}}))
    with pytest.raises(AgentsException):
        await Runner.run(Agent(name="a", model=model), "x")
    await _tool_run(provider, model)
    exported = json.dumps([item.export() for _, item in collector.events], default=str)
    assert TEST_KEY not in exported and TEST_KEY[:10] not in exported


SCRIPT = textwrap.dedent(
    """
    import os, sys
    from openai import AsyncOpenAI
    from agents import Agent, Runner, set_default_openai_client, set_tracing_export_api_key

    if os.environ.get("EXPORT_KEY"):
        set_tracing_export_api_key(os.environ["EXPORT_KEY"])
    client = AsyncOpenAI(api_key=os.environ["GEMINI_API_KEY"], base_url=os.environ["GEMINI_URL"])
    set_default_openai_client(client)
    agent = Agent(name="assistant", model="gemini-2.5-flash", instructions="You are helpful.")
    result = Runner.run_sync(agent, "Hello!")
    print(result.final_output)
    """
)


def _run_script(provider: LoopbackProvider, proxy: RecordingProxy, **env: str) -> str:
    clean = {
        k: v
        for k, v in os.environ.items()
        if "PROXY" not in k.upper() and not k.endswith("_API_KEY")
    }
    clean.update(
        HTTPS_PROXY=proxy.url,
        HTTP_PROXY=proxy.url,
        ALL_PROXY=proxy.url,
        NO_PROXY="127.0.0.1",
        GEMINI_API_KEY=TEST_KEY,
        GEMINI_URL=provider.url("/v1beta/openai/"),
        **env,
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=clean, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "401" not in done.stderr and "Tracing" not in done.stderr
    return done.stdout


@pytest.mark.parametrize("openai_key", [None, "sk-openai-user-key"])
def test_a_gemini_run_sends_nothing_anywhere_else(
    provider: LoopbackProvider, openai_key: str | None
) -> None:
    env = {"OPENAI_API_KEY": openai_key} if openai_key else {}
    with RecordingProxy() as proxy:
        out = _run_script(provider, proxy, **env)
    assert "[loopback:gemini-2.5-flash]" in out
    assert proxy.seen == []
    assert [r.path for r in provider.requests] == ["/v1beta/openai/chat/completions"]


def test_export_key_given_on_purpose_uploads_through_the_proxy(provider: LoopbackProvider) -> None:
    """The positive control: the proxy does see an upload when the user asked for one."""
    with RecordingProxy() as proxy:
        _run_script(provider, proxy, EXPORT_KEY="sk-export-key-on-purpose")
    assert any("api.openai.com" in line for line in proxy.seen), proxy.seen
    assert all(TEST_KEY not in line for line in proxy.seen)


def test_json_lines_file_from_one_environment_variable(
    provider: LoopbackProvider, tmp_path: Path
) -> None:
    path = tmp_path / "traces.jsonl"
    with RecordingProxy() as proxy:
        _run_script(provider, proxy, FREEAGENTS_TRACE_FILE=str(path))
        assert proxy.seen == []
    records = [json.loads(line) for line in path.read_text().splitlines()]
    kinds = [r.get("span_data", {}).get("type", r["object"]) for r in records]
    assert kinds.count("trace") == 1
    assert "generation" in kinds and "agent" in kinds
    gen = next(r for r in records if r.get("span_data", {}).get("type") == "generation")
    assert gen["span_data"]["model"] == "gemini-2.5-flash"
    assert TEST_KEY not in path.read_text()


def _generation(base_url: str) -> Span[Any]:
    from agents.tracing.provider import SynchronousMultiTracingProcessor
    from agents.tracing.span_data import GenerationSpanData
    from agents.tracing.spans import SpanImpl

    data = GenerationSpanData(model="m", base_url=base_url)
    return SpanImpl("trace_x", "span_x", None, SynchronousMultiTracingProcessor(), data, None)


def test_openai_keys_upload_only_traces_of_runs_on_openai(monkeypatch: pytest.MonkeyPatch) -> None:
    from openai import AsyncOpenAI

    from agents import set_default_openai_client
    from agents import set_default_openai_key
    from agents.tracing import config
    from agents.tracing.openai_backend import OpenAIBackendProcessor

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    on_openai = [_generation("https://api.openai.com/v1/")]
    on_gemini = [_generation("https://generativelanguage.googleapis.com/v1beta/openai/")]
    allowed = OpenAIBackendProcessor._allowed
    assert not allowed(on_openai)  # no OpenAI key at all

    # A default client for Gemini: its key is never an OpenAI trace key.
    set_default_openai_client(
        AsyncOpenAI(api_key="gemini-key", base_url=on_gemini[0].span_data.base_url)
    )
    assert config.get_openai_platform_key() is None and not allowed(on_openai)

    # A default client for OpenAI itself: its key serves traces of runs on OpenAI only.
    set_default_openai_client(
        AsyncOpenAI(api_key="sk-openai-client", base_url="https://api.openai.com/v1")
    )
    assert config.get_openai_platform_key() == "sk-openai-client"
    assert allowed(on_openai) and not allowed(on_gemini) and not allowed([*on_openai, *on_gemini])

    config.set_openai_platform_key(None)
    set_default_openai_key("sk-openai-default", use_for_tracing=False)
    assert config.get_openai_platform_key() is None
    set_default_openai_key("sk-openai-default")
    assert allowed(on_openai) and not allowed(on_gemini)
