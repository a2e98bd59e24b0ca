"""OpenAI agent registration: the harness id a run reports in its trace metadata, from the
run's OpenAIProvider, else the process default, else OPENAI_AGENT_HARNESS_ID; on the chat
loopback with tracing on (traces kept by a local processor, nothing exported)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openai import AsyncOpenAI

from agents import Agent
from agents import OpenAIAgentRegistrationConfig
from agents import OpenAIChatCompletionsModel
from agents import OpenAIProvider
from agents import RunConfig
from agents import Runner
from agents import set_default_openai_agent_registration
from agents import set_default_openai_harness
from agents.models.openai_agent_registration import get_default_openai_agent_registration_config
from agents.models.openai_agent_registration import resolve_openai_harness_id_for_model_provider
from agents.testing import LoopbackProvider
from agents.testing import Reply
from tests.helpers.tracing import Collector
from tests.helpers.tracing import installed

KEY = "sk-harness-0123456789abcdef"


@pytest.fixture
def chat() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("openai", api_key=KEY) as server:
        yield server


@pytest.fixture(autouse=True)
def _no_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("OPENAI_AGENT_HARNESS_ID", raising=False)
    set_default_openai_agent_registration(None)
    yield
    set_default_openai_agent_registration(None)


async def trace_metadata(server: LoopbackProvider, **config: Any) -> dict[str, Any] | None:
    server.enqueue(Reply(text="ok"))
    client = AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
    agent = Agent(name="a", model=OpenAIChatCompletionsModel(model="m", openai_client=client))
    with installed(Collector()) as collector:
        await Runner.run(agent, "hi", run_config=RunConfig(**config))
    [trace] = collector.traces()
    return trace.metadata


async def test_harness_id_goes_into_the_trace_metadata(
    chat: LoopbackProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert await trace_metadata(chat) is None  # nothing configured: nothing added
    monkeypatch.setenv("OPENAI_AGENT_HARNESS_ID", " env-h ")
    assert await trace_metadata(chat) == {"agent_harness_id": "env-h"}
    set_default_openai_harness("default-h")
    assert await trace_metadata(chat, trace_metadata={"team": "x"}) == {
        "team": "x",
        "agent_harness_id": "default-h",
    }
    mine = {"agent_harness_id": "mine"}
    assert await trace_metadata(chat, trace_metadata=mine) == mine  # the caller's wins
    provider = OpenAIProvider(api_key=KEY, agent_registration={"harness_id": "provider-h"})
    assert provider.agent_registration is not None
    assert await trace_metadata(chat, model_provider=provider) == {"agent_harness_id": "provider-h"}
    set_default_openai_harness(None)
    assert get_default_openai_agent_registration_config() is None
    assert await trace_metadata(chat) == {"agent_harness_id": "env-h"}


def test_registration_config_is_checked() -> None:
    set_default_openai_agent_registration(OpenAIAgentRegistrationConfig(harness_id="  "))
    assert resolve_openai_harness_id_for_model_provider(None) is None  # blank: none
    set_default_openai_agent_registration({"harness_id": "h"})
    assert get_default_openai_agent_registration_config() == OpenAIAgentRegistrationConfig("h")
    with pytest.raises(TypeError, match="Unknown OpenAI agent registration settings: harness"):
        set_default_openai_agent_registration({"harness": "h"})
    with pytest.raises(TypeError, match="got str"):
        set_default_openai_agent_registration("h")  # type: ignore[arg-type]
    assert get_default_openai_agent_registration_config() == OpenAIAgentRegistrationConfig("h")
