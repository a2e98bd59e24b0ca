"""Fallback chains across two loopback providers: who answers, and what the final error says."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from agents import Agent
from agents import AllModelsFailedError
from agents import FallbackModel
from agents import Model
from agents import ModelProvider
from agents import ModelProviderError
from agents import ModelSettings
from agents import ProviderServerError
from agents import RetryPolicy
from agents import RunConfig
from agents import Runner
from agents import UserError
from agents.testing import LoopbackProvider
from agents.testing import Reply

from .conftest import TEST_KEY
from .conftest import make_model
from .helpers.runs import run_bounded

POLICY = RetryPolicy(max_attempts=2, initial_delay=0.01)
CONFIG = RunConfig(tracing_disabled=True, model_settings=ModelSettings(retry=POLICY))


@pytest.fixture
def primary() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("primary", api_key=TEST_KEY) as server:
        yield server


@pytest.fixture
def chain(primary: LoopbackProvider, backup: LoopbackProvider) -> FallbackModel:
    """The big model at the primary provider, then the small one at the backup."""
    return FallbackModel(make_model(primary, "big"), make_model(backup, "small"))


async def run(agent: Agent[Any], streamed: bool, config: RunConfig = CONFIG) -> Any:
    return await run_bounded(agent, "hi", streamed=streamed, run_config=config)


async def test_outage_falls_back_to_the_other_provider(
    primary: LoopbackProvider, backup: LoopbackProvider, chain: FallbackModel, streamed: bool
) -> None:
    primary.enqueue(Reply(status=503), Reply(status=503))
    backup.enqueue(Reply(text="from the backup"))
    result = await run(Agent(name="a", model=chain), streamed)
    assert result.final_output == "from the backup"
    assert len(primary.chat_requests) == 2  # the primary's own retries came first
    assert len(backup.chat_requests) == 1
    assert result.context_wrapper.usage.requests == 1


async def test_empty_answer_falls_back(
    primary: LoopbackProvider, backup: LoopbackProvider, chain: FallbackModel, streamed: bool
) -> None:
    primary.enqueue(Reply(text=""))
    backup.enqueue(Reply(text="something"))
    result = await run(Agent(name="a", model=chain), streamed)
    assert result.final_output == "something"
    assert len(primary.chat_requests) == 1


async def test_stream_dropped_before_content_falls_back(
    primary: LoopbackProvider, backup: LoopbackProvider, chain: FallbackModel
) -> None:
    primary.enqueue(Reply(text="lost", hang_up_after=1), Reply(text="lost", hang_up_after=1))
    backup.enqueue(Reply(text="kept"))
    result = Runner.run_streamed(Agent(name="a", model=chain), "hi", run_config=CONFIG)
    kinds = [e.data.type async for e in result.stream_events() if e.type == "raw_response_event"]
    assert result.final_output == "kept"
    assert kinds.count("response.created") == 1  # nothing of the failed model leaked


async def test_stream_dropped_after_content_does_not_fall_back(
    primary: LoopbackProvider, backup: LoopbackProvider, chain: FallbackModel
) -> None:
    primary.enqueue(Reply(text="half of an answer", hang_up_after=4))
    with pytest.raises(ModelProviderError):
        await run(Agent(name="a", model=chain), streamed=True)
    assert backup.chat_requests == []  # the caller saw part of an answer: no second one


async def test_all_failing_lists_every_attempt(
    primary: LoopbackProvider, backup: LoopbackProvider, chain: FallbackModel, streamed: bool
) -> None:
    primary.enqueue(Reply(status=500), Reply(status=500))
    backup.enqueue(Reply(text="   "))
    with pytest.raises(AllModelsFailedError) as info:
        await run(Agent(name="a", model=chain), streamed)
    err = info.value
    text = str(err)
    assert "All 2 models of the fallback chain failed" in text
    assert "1. HTTP 500 from " + primary.base_url in text and "'big'" in text
    assert "gave up after 2 attempts" in text
    assert "2. OpenAIChatCompletionsModel(model='small', base_url='" + backup.base_url in text
    assert "empty answer" in text
    assert [a.model for a in err.attempts] == ["big", "small"]
    assert isinstance(err.attempts[0].error, ProviderServerError)
    assert err.attempts[1].error is None
    assert err.model == "small" and err.base_url == backup.base_url + "/"
    assert isinstance(err, ModelProviderError)  # `except ModelProviderError` still catches it
    assert err.run_data is not None


class Registry(ModelProvider):
    """Resolves names to loopback models, as a run's model provider."""

    def __init__(self, models: dict[str, Model]) -> None:
        self.models = models
        self.asked: list[str | None] = []

    def get_model(self, model_name: str | None) -> Model:
        self.asked.append(model_name)
        if model_name not in self.models:
            raise UserError(f"no model {model_name!r} here")
        return self.models[model_name]


async def test_names_resolve_through_the_runs_provider_when_needed(
    primary: LoopbackProvider, backup: LoopbackProvider
) -> None:
    registry = Registry({"big": make_model(primary, "big"), "small": make_model(backup, "small")})
    primary.enqueue(Reply(text="first"))
    config = RunConfig(tracing_disabled=True, model_provider=registry)
    result = await run(Agent(name="a", model=FallbackModel("big", "small")), False, config)
    assert result.final_output == "first"
    assert registry.asked == ["big"]  # the fallback was never needed, so never resolved


async def test_run_config_fallback_models(
    primary: LoopbackProvider, backup: LoopbackProvider
) -> None:
    registry = Registry({"big": make_model(primary, "big"), "small": make_model(backup, "small")})
    primary.enqueue(Reply(status=502), Reply(status=502))
    config = RunConfig(
        tracing_disabled=True,
        model_provider=registry,
        fallback_models=["small"],
        model_settings=ModelSettings(retry=POLICY),
    )
    result = await run(Agent(name="a", model="big"), False, config)
    assert result.final_output.startswith("[backup:small]")


async def test_fallback_that_cannot_be_set_up_is_an_attempt(
    primary: LoopbackProvider, backup: LoopbackProvider, caplog: pytest.LogCaptureFixture
) -> None:
    registry = Registry({"big": make_model(primary, "big"), "small": make_model(backup, "small")})
    primary.enqueue(Reply(status=503), Reply(status=503))
    config = RunConfig(
        tracing_disabled=True, model_provider=registry, model_settings=ModelSettings(retry=POLICY)
    )
    chain = FallbackModel("big", "missing", "small")
    with caplog.at_level(logging.WARNING, logger="openai.agents"):
        result = await run(Agent(name="a", model=chain), False, config)
    assert result.final_output.startswith("[backup:small]")
    warnings = [r.getMessage() for r in caplog.records if "falling back" in r.getMessage()]
    assert len(warnings) == 2 and "falling back to missing" in warnings[0]
    assert "no model 'missing' here" in warnings[1]


async def test_user_error_of_the_primary_is_raised_at_once(backup: LoopbackProvider) -> None:
    registry = Registry({"small": make_model(backup, "small")})
    config = RunConfig(tracing_disabled=True, model_provider=registry)
    with pytest.raises(UserError, match="no model 'typo'"):
        await run(Agent(name="a", model=FallbackModel("typo", "small")), False, config)
    assert backup.chat_requests == []


def test_fallback_model_checks_its_entries() -> None:
    with pytest.raises(UserError, match="Model instances or model names"):
        FallbackModel("a", 3)  # type: ignore[arg-type]
    chain = FallbackModel("gpt-4.1", "groq/llama-3.1-8b-instant")
    assert chain.model == "gpt-4.1"
    assert repr(chain) == "FallbackModel('gpt-4.1', 'groq/llama-3.1-8b-instant')"
    with pytest.raises(UserError, match="fallback_models"):
        RunConfig(fallback_models="gpt-4.1")  # type: ignore[arg-type]
