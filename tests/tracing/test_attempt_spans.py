"""Item 22: retry waits and fallback attempts are spans of their own, not only log lines.

A loopback provider answers 429 then 500 then success: the trace holds two `model_retry`
custom spans under the call's generation span, naming provider, model, attempt, error and
wait. A fallback chain whose first model fails holds a `model_fallback` span naming the
failed model and the next. No span carries the key.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from openai import AsyncOpenAI

from agents import Agent
from agents import AllModelsFailedError
from agents import FallbackModel
from agents import ModelSettings
from agents import OpenAIResponsesModel
from agents import RetryPolicy
from agents import RunConfig
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.tracing import Span
from tests.helpers.tracing import Collector

from ..conftest import TEST_KEY
from ..conftest import make_model
from ..helpers.runs import run_bounded

POLICY = RetryPolicy(max_attempts=3, initial_delay=0.01, jitter=0)
CONFIG = RunConfig(workflow_name="attempts", model_settings=ModelSettings(retry=POLICY))
FAST = {"retry-after-ms": "20"}


@pytest.fixture
def groq() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("groq", api_key=TEST_KEY) as server:
        yield server


async def run(agent: Agent[Any], streamed: bool) -> Any:
    return await run_bounded(agent, "hi", streamed=streamed, run_config=CONFIG)


def named(collector: Collector, name: str) -> list[Span[Any]]:
    return [s for s in collector.ended("custom") if s.span_data.name == name]


def assert_no_key(collector: Collector) -> None:
    exported = json.dumps([s.export() for s in collector.ended()], default=str)
    assert TEST_KEY not in exported and TEST_KEY[:8] not in exported


async def test_retries_are_spans_under_the_generation_span(
    collector: Collector, groq: LoopbackProvider, streamed: bool
) -> None:
    groq.enqueue(Reply(status=429, headers=FAST), Reply(status=500), Reply(text="done"))
    result = await run(Agent(name="a", model=make_model(groq, "llama")), streamed)
    assert result.final_output == "done"
    [generation] = collector.ended("generation")
    retries = named(collector, "model_retry")
    assert [s.span_data.data["attempt"] for s in retries] == [1, 2]
    first, second = (s.span_data.data for s in retries)
    assert (first["error"], first["status_code"]) == ("ProviderRateLimitError", 429)
    assert (second["error"], second["status_code"]) == ("ProviderServerError", 500)
    assert first["wait_seconds"] == pytest.approx(0.02, abs=0.005)  # the server's retry-after-ms
    assert second["wait_seconds"] == pytest.approx(0.02, abs=0.005)  # backoff: 0.01 * 2
    for span in retries:
        data = span.span_data.data
        assert data["model"] == "llama"
        assert data["provider"] == generation.span_data.provider
        assert data["base_url"].rstrip("/") == groq.base_url.rstrip("/")
        assert (data["max_attempts"], data["stream"]) == (3, streamed)
        assert span.parent_id == generation.span_id
        assert span.started_at is not None and span.ended_at is not None
    assert_no_key(collector)


async def test_responses_route_records_retries_too(collector: Collector) -> None:
    with ResponsesLoopback(api_key=TEST_KEY) as server:
        server.enqueue(ResponsesReply(status=503, headers=FAST), ResponsesReply(text="ok"))
        client = AsyncOpenAI(api_key=TEST_KEY, base_url=server.base_url)
        model = OpenAIResponsesModel(model="gpt-x", openai_client=client)
        result = await run(Agent(name="a", model=model), streamed=False)
    assert result.final_output == "ok"
    [response] = collector.ended("response")
    [retry] = named(collector, "model_retry")
    assert retry.parent_id == response.span_id
    assert retry.span_data.data["status_code"] == 503
    assert retry.span_data.data["model"] == "gpt-x"
    assert_no_key(collector)


async def test_fallback_attempts_are_spans(
    collector: Collector, groq: LoopbackProvider, backup: LoopbackProvider, streamed: bool
) -> None:
    groq.enqueue(*[Reply(status=500)] * 3)
    backup.enqueue(Reply(text="from the backup"))
    chain = FallbackModel(make_model(groq, "big"), make_model(backup, "small"))
    result = await run(Agent(name="a", model=chain), streamed)
    assert result.final_output == "from the backup"
    assert len(named(collector, "model_retry")) == 2  # the first model's own retries
    [fallback] = named(collector, "model_fallback")
    data = fallback.span_data.data
    assert (data["model"], data["next_model"], data["attempt"]) == ("big", "small", 1)
    assert (data["error"], data["status_code"]) == ("ProviderServerError", 500)
    assert data["base_url"].rstrip("/") == groq.base_url.rstrip("/") and data["provider"]
    assert_no_key(collector)


async def test_exhausted_chain_records_every_model(
    collector: Collector, groq: LoopbackProvider, backup: LoopbackProvider
) -> None:
    groq.enqueue(Reply(text=""))
    backup.enqueue(Reply(status=400))
    chain = FallbackModel(make_model(groq, "big"), make_model(backup, "small"))
    with pytest.raises(AllModelsFailedError):
        await run(Agent(name="a", model=chain), streamed=False)
    spans = [s.span_data.data for s in named(collector, "model_fallback")]
    assert [(d["model"], d["next_model"]) for d in spans] == [("big", "small"), ("small", None)]
    assert spans[0]["error"] is None and "empty" in spans[0]["message"]
    assert spans[1]["status_code"] == 400
    assert_no_key(collector)


async def test_tracing_off_records_no_attempt_spans(
    collector: Collector, groq: LoopbackProvider
) -> None:
    groq.enqueue(Reply(status=500), Reply(text="done"))
    config = RunConfig(tracing_disabled=True, model_settings=ModelSettings(retry=POLICY))
    agent = Agent(name="a", model=make_model(groq))
    result = await run_bounded(agent, "hi", streamed=False, run_config=config)
    assert result.final_output == "done"
    assert collector.events == []
