"""Models named by string: the global client, OPENAI_* variables, prefixes, run_sync."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import openai
import pytest

import agents
from agents import Agent
from agents import MultiProvider
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import Runner
from agents import UserError
from agents import set_default_openai_api
from agents import set_default_openai_client
from agents import set_default_openai_key
from agents.testing import LoopbackProvider

from .conftest import TEST_KEY


def test_async_openai_is_reexported() -> None:
    assert agents.AsyncOpenAI is openai.AsyncOpenAI


def test_global_client_with_bare_model_name_uses_chat_completions(
    provider: LoopbackProvider,
) -> None:
    set_default_openai_client(agents.AsyncOpenAI(api_key=TEST_KEY, base_url=provider.base_url))
    agent = Agent(name="g", model="gemini-2.5-flash")
    first = Runner.run_sync(agent, "one")
    second = Runner.run_sync(agent, "two")  # same client, same thread loop: still works
    assert first.final_output.endswith("one") and second.final_output.endswith("two")
    assert [r.path for r in provider.requests] == ["/v1/chat/completions"] * 2
    assert [b["model"] for b in provider.chat_requests] == ["gemini-2.5-flash"] * 2


def test_run_sync_in_another_thread(provider: LoopbackProvider) -> None:
    set_default_openai_client(agents.AsyncOpenAI(api_key=TEST_KEY, base_url=provider.base_url))
    results: list[str] = []
    thread = threading.Thread(
        target=lambda: results.append(Runner.run_sync(Agent(model="m"), "x").final_output)
    )
    thread.start()
    thread.join(10)
    assert results and results[0].endswith("x")


async def test_run_sync_inside_a_running_loop_is_a_clear_error() -> None:
    with pytest.raises(UserError, match=r"await Runner.run"):
        Runner.run_sync(Agent(), "x")


async def test_environment_variables_configure_the_default_provider(
    provider: LoopbackProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", provider.base_url)
    result = await Runner.run(Agent(name="e", model="gpt-4.1-mini"), "hello")
    assert "[loopback:gpt-4.1-mini]" in result.final_output


async def test_default_model_when_none_is_named(
    provider: LoopbackProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", provider.base_url)
    monkeypatch.setenv("OPENAI_DEFAULT_MODEL", "house-model")
    await Runner.run(Agent(name="d"), "hello")
    assert provider.chat_requests[0]["model"] == "house-model"


async def test_set_default_openai_key(
    provider: LoopbackProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("OPENAI_BASE_URL", provider.base_url)
    set_default_openai_key(TEST_KEY)
    result = await Runner.run(Agent(name="k", model="m"), "hello")
    assert result.final_output
    assert provider.requests[0].headers["authorization"] == f"Bearer {TEST_KEY}"


async def test_missing_key_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(UserError, match="OPENAI_API_KEY") as info:
        await Runner.run(Agent(name="k", model="gpt-4.1"), "hello")
    assert "set_default_openai_client" in str(info.value)


async def test_run_config_model_name_goes_through_the_provider(provider: LoopbackProvider) -> None:
    config = RunConfig(
        model="openai/run-level-model",
        model_provider=MultiProvider(openai_api_key=TEST_KEY, openai_base_url=provider.base_url),
    )
    await Runner.run(Agent(name="r", model="agent-level"), "x", run_config=config)
    assert provider.chat_requests[0]["model"] == "run-level-model"


def test_gateway_model_names_with_slashes_go_to_the_default_client(
    provider: LoopbackProvider,
) -> None:
    set_default_openai_client(agents.AsyncOpenAI(api_key=TEST_KEY, base_url=provider.base_url))
    model = MultiProvider().get_model("meta-llama/Llama-3-70b-chat-hf")
    assert isinstance(model, OpenAIChatCompletionsModel)
    assert model.model == "meta-llama/Llama-3-70b-chat-hf"


def test_chat_completions_chosen_for_other_endpoints_even_if_responses_asked(
    provider: LoopbackProvider,
) -> None:
    set_default_openai_client(agents.AsyncOpenAI(api_key=TEST_KEY, base_url=provider.base_url))
    set_default_openai_api("responses")
    assert isinstance(MultiProvider().get_model("m"), OpenAIChatCompletionsModel)


def test_invalid_api_name() -> None:
    with pytest.raises(UserError, match="chat_completions"):
        set_default_openai_api("graphql")  # type: ignore[arg-type]


def test_import_is_lean() -> None:
    code = (
        "import sys, agents; "
        "heavy = [m for m in ('litellm', 'opentelemetry', 'rich', 'agents.testing', 'dotenv') "
        "if m in sys.modules]; print(heavy)"
    )
    # Logfire (installed for the instrumentation tests) registers a pydantic plugin that pydantic
    # loads with the first model of any package; that is the environment's cost, not ours.
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "[]"
