"""Keys never leak: every log line (DEBUG, the HTTP libraries' too), exception and span of a
run of faults is scanned for them."""

from __future__ import annotations

import asyncio
import json
import logging
import traceback
from collections.abc import Iterator
from typing import Any

import openai
import pytest

from agents import Agent
from agents import AgentsException
from agents import FallbackModel
from agents import ModelSettings
from agents import OpenAIChatCompletionsModel
from agents import RetryPolicy
from agents import RunConfig
from agents import Span
from agents import Trace
from agents import TracingProcessor
from agents import add_trace_processor
from agents import function_tool
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from agents.testing.anthropic_server import AnthropicLoopback
from agents.testing.anthropic_server import AnthropicReply
from agents.tracing import DefaultTraceProvider
from agents.tracing import get_trace_provider

from .helpers.runs import run_to_end

KEY_A = "sk-primary-secret-4f9a8b7c6d5e"
KEY_B = "gsk_backup_secret_0a1b2c3d4e5f"
KEY_C = "sk-ant-api03-secret-9z8y7x6w5v"
KEYS = (KEY_A, KEY_B, KEY_C)
LOGGERS = (
    "",
    "openai",
    "openai.agents",
    "httpx",
    "httpx2",
    "httpcore",
    "LiteLLM",
    "LiteLLM Router",
)
POLICY = RetryPolicy(max_attempts=2, initial_delay=0.01)


class Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


class Spans(TracingProcessor):
    def __init__(self) -> None:
        self.exported: list[Any] = []

    def on_trace_start(self, trace: Trace) -> None:
        self.exported.append(trace.export())

    def on_trace_end(self, trace: Trace) -> None:
        self.exported.append(trace.export())

    def on_span_start(self, span: Span[Any]) -> None:
        pass

    def on_span_end(self, span: Span[Any]) -> None:
        self.exported.append(span.export())

    def shutdown(self) -> None:
        pass

    def force_flush(self) -> None:
        pass


@pytest.fixture
def logs() -> Iterator[Everything]:
    handler = Everything()
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    saved = []
    for name in LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level))
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    yield handler
    for logger, level in saved:
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def spans(monkeypatch: pytest.MonkeyPatch) -> Spans:
    provider = get_trace_provider()
    assert isinstance(provider, DefaultTraceProvider)
    processors = provider._multi_processor
    monkeypatch.setattr(processors, "_processors", processors._processors)
    collector = Spans()
    add_trace_processor(collector)
    return collector


def everything_about(err: BaseException) -> str:
    """All an exception shows: message, repr, args, the whole chain as a traceback prints
    it, its attributes' reprs, and the run data."""
    parts = [str(err), repr(err), repr(err.args)]
    parts += traceback.format_exception(type(err), err, err.__traceback__)
    link: BaseException | None = err
    while link is not None:
        parts += [str(link), repr(link), repr(getattr(link, "body", None))]
        parts += [repr(getattr(link, "message", None)), repr(getattr(link, "attempts", None))]
        link = link.__cause__ or link.__context__
    run_data = getattr(err, "run_data", None)
    parts += [str(run_data), repr(run_data)]
    return "\n".join(parts)


def leaks(text: str) -> list[str]:
    return [key for key in KEYS if key in text or key[:12] in text]


def echo(status: int, key: str) -> Reply:
    message = f"Incorrect API key provided: {key}. You can find your key at ..."
    return Reply(status=status, error={"error": {"message": message, "code": "invalid_api_key"}})


async def test_no_key_anywhere_in_a_run_of_faults(logs: Everything, spans: Spans) -> None:
    errors: list[BaseException] = []
    config = RunConfig(
        trace_include_sensitive_data=True,
        model_settings=ModelSettings(retry=POLICY, timeout=0.3),
    )

    @function_tool
    def lookup(city: str) -> str:
        """Look a city up."""
        return f"{city}: 12C"

    async def attempt(agent: Agent[Any], streamed: bool = False) -> None:
        try:
            await run_to_end(agent, "Weather in Oslo?", streamed=streamed, run_config=config)
        except AgentsException as err:
            errors.append(err)

    with (
        LoopbackProvider("a", api_key=KEY_A) as a,
        LoopbackProvider("b", api_key=KEY_B) as b,
        AnthropicLoopback(api_key=KEY_C) as c,
    ):
        client_a = openai.AsyncOpenAI(api_key=KEY_A, base_url=a.base_url)
        client_b = openai.AsyncOpenAI(api_key=KEY_B, base_url=b.base_url)
        model_a = OpenAIChatCompletionsModel(model="big", openai_client=client_a)
        model_b = OpenAIChatCompletionsModel(model="small", openai_client=client_b)
        wrong = OpenAIChatCompletionsModel(
            model="big", openai_client=openai.AsyncOpenAI(api_key=KEY_B, base_url=a.base_url)
        )
        # A key echoed back by the provider, on a plain and a streamed run.
        a.enqueue(echo(401, KEY_A), echo(401, KEY_A))
        await attempt(Agent(name="echo", model=model_a))
        await attempt(Agent(name="echo", model=model_a), streamed=True)
        # Another provider's key sent to the wrong place.
        await attempt(Agent(name="wrong", model=wrong))
        # A 429 storm echoing the key, then a tool call and an answer.
        a.enqueue(
            Reply(status=429, headers={"Retry-After": "0.01"}, error=echo(429, KEY_A).error),
            Reply(tool_calls=[ToolCall("lookup", {"city": "Oslo"})]),
            Reply(text="12C in Oslo"),
        )
        await attempt(Agent(name="storm", model=model_a, tools=[lookup]))
        # Bursts of 500s, a dropped stream, a slow server.
        a.enqueue(Reply(status=500), Reply(status=500))
        await attempt(Agent(name="burst", model=model_a))
        a.enqueue(Reply(text="cut " * 40, hang_up_after=5))
        await attempt(Agent(name="drop", model=model_a), streamed=True)
        a.enqueue(Reply(text="late", delay=2), Reply(text="late", delay=2))
        await attempt(Agent(name="slow", model=model_a))
        # A fallback chain across two providers, both failing with their keys echoed.
        a.enqueue(echo(503, KEY_A), echo(503, KEY_A))
        b.enqueue(echo(401, KEY_B))
        await attempt(Agent(name="chain", model=FallbackModel(model_a, model_b)))
        # The LiteLLM route: Anthropic echoing its key, then overloaded.
        try:
            from agents.extensions.models.litellm_model import LitellmModel
        except ImportError:  # pragma: no cover - litellm is a dev dependency
            LitellmModel = None  # type: ignore[assignment,misc]
        if LitellmModel is not None:
            claude = LitellmModel(
                "anthropic/claude-3-5-sonnet-20240620", base_url=c.base_url, api_key=KEY_C
            )
            c.enqueue(
                AnthropicReply(
                    status=401, error={"type": "authentication_error", "message": f"bad {KEY_C}"}
                ),
                AnthropicReply(status=529),
                AnthropicReply(status=529),
            )
            await attempt(Agent(name="claude", model=claude))
            await attempt(Agent(name="claude", model=claude), streamed=True)
        await client_a.close()
        await client_b.close()
    await asyncio.sleep(0)

    assert len(errors) >= 8  # the faults happened
    assert any("falling back" in line for line in logs.lines)
    assert any(line.startswith("openai ") or line.startswith("httpcore") for line in logs.lines)
    for err in errors:
        assert leaks(everything_about(err)) == [], everything_about(err)
    leaked_lines = [line for line in logs.lines if leaks(line)]
    assert leaked_lines == []
    exported = json.dumps(spans.exported, default=str)
    assert '"generation"' in exported  # spans were recorded, with data
    assert leaks(exported) == []
