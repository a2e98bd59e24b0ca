"""The reference's provider and model parameters (OpenAIProvider, MultiProvider,
OpenAIChatCompletionsModel, OpenAIResponsesModel): what each changes, on loopback servers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openai import AsyncOpenAI
from openai.types.responses import ResponseFunctionCallArgumentsDeltaEvent

from agents import Agent
from agents import FeatureNotImplementedError
from agents import ModelSettings
from agents import MultiProvider
from agents import OpenAIChatCompletionsModel
from agents import OpenAIProvider
from agents import OpenAIResponsesModel
from agents import RunConfig
from agents import RunContextWrapper
from agents import Runner
from agents import UserError
from agents import function_tool
from agents.memory import OpenAIResponsesCompactionSession
from agents.memory import SQLiteSession
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall
from agents.testing.conversations_server import ConversationsLoopback
from tests.compat.conftest import KEY

CONFIG = RunConfig(tracing_disabled=True)


@pytest.fixture(scope="session")
def openai_chat_server() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("openai", api_key=KEY) as server:
        yield server


def _client(server: LoopbackProvider | ResponsesLoopback) -> AsyncOpenAI:
    return AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)


@function_tool
def lookup(city: str) -> str:
    """Look a city up."""
    return f"{city}: sunny"


async def _argument_deltas(provider: MultiProvider, server: LoopbackProvider) -> int:
    long_city = "Llanfairpwllgwyngyll " * 6  # streamed in several pieces
    server.enqueue(Reply(tool_calls=[ToolCall("lookup", {"city": long_city})]), Reply(text="ok"))
    agent = Agent(name="a", model="gpt-4.1", tools=[lookup])
    config = RunConfig(tracing_disabled=True, model_provider=provider)
    result = Runner.run_streamed(agent, "weather?", run_config=config)
    events = [e async for e in result.stream_events()]
    assert result.final_output == "ok"
    assert server.chat_requests[-1]["messages"][-1]["content"] == f"{long_city}: sunny"
    return sum(
        1
        for e in events
        if e.type == "raw_response_event"
        and isinstance(e.data, ResponseFunctionCallArgumentsDeltaEvent)
    )


async def test_buffered_tool_calls_reach_the_run_whole(
    openai_chat_server: LoopbackProvider,
) -> None:
    # freeagents' stream converter always gathers a call's pieces (the loopback streams the
    # arguments 4 characters at a time): one whole arguments delta, with or without the option.
    for buffer in (False, True):
        provider = MultiProvider(
            openai_client=_client(openai_chat_server),
            openai_use_responses=False,
            openai_buffer_streamed_tool_calls=buffer,
        )
        model = provider.get_model("gpt-4.1")
        assert isinstance(model, OpenAIChatCompletionsModel)
        assert model.buffer_streamed_tool_calls is buffer
        assert await _argument_deltas(provider, openai_chat_server) == 1


async def test_strict_feature_validation_refuses_what_chat_completions_would_drop(
    openai_chat_server: LoopbackProvider,
) -> None:
    settings = ModelSettings(context_management=[{"type": "compaction"}])
    strict = OpenAIProvider(
        openai_client=_client(openai_chat_server),
        use_responses=False,
        strict_feature_validation=True,
    ).get_model("gpt-4.1")
    assert isinstance(strict, OpenAIChatCompletionsModel) and strict.strict_feature_validation
    before = len(openai_chat_server.chat_requests)
    with pytest.raises(UserError, match="context_management"):
        await Runner.run(
            Agent(name="a", model=strict, model_settings=settings), "hi", run_config=CONFIG
        )
    assert len(openai_chat_server.chat_requests) == before  # refused before any request
    # Without it the setting is left out (with a warning), as in the reference.
    lenient = OpenAIChatCompletionsModel("gpt-4.1", _client(openai_chat_server))
    openai_chat_server.enqueue(Reply(text="ok"))
    agent = Agent(name="a", model=lenient, model_settings=settings)
    assert (await Runner.run(agent, "hi", run_config=CONFIG)).final_output == "ok"


def test_the_websocket_transport_is_refused_by_name() -> None:
    with pytest.raises(FeatureNotImplementedError, match="use_responses_websocket"):
        OpenAIProvider(api_key=KEY, use_responses_websocket=True)
    with pytest.raises(FeatureNotImplementedError, match="OpenAIResponsesModel over HTTP"):
        MultiProvider(openai_websocket_base_url="wss://example.invalid/v1")
    # The reference's defaults, passed explicitly, are plain HTTP and accepted.
    OpenAIProvider(api_key=KEY, use_responses_websocket=False, websocket_base_url=None)


def test_prefix_modes_route_slashed_names(openai_chat_server: LoopbackProvider) -> None:
    client = _client(openai_chat_server)
    assert MultiProvider(openai_client=client).get_model("openai/gpt-4.1").model == "gpt-4.1"
    whole = MultiProvider(openai_client=client, openai_prefix_mode="model_id")
    assert whole.get_model("openai/gpt-4.1").model == "openai/gpt-4.1"
    # On OpenAI's own API an unknown prefix is a mistake, unless the caller says it is a name.
    with pytest.raises(UserError, match="unknown provider 'acme'"):
        MultiProvider(openai_api_key=KEY).get_model("acme/m1")
    passing = MultiProvider(openai_api_key=KEY, unknown_prefix_mode="model_id")
    assert passing.get_model("acme/m1").model == "acme/m1"
    with pytest.raises(UserError, match="unknown_prefix_mode"):
        MultiProvider(unknown_prefix_mode="drop")  # type: ignore[arg-type]
    with pytest.raises(UserError, match="openai_prefix_mode"):
        MultiProvider(openai_prefix_mode="strip")  # type: ignore[arg-type]
    registered = MultiProvider(openai_api_key=KEY, openai_agent_registration={"harness_id": "h1"})
    registration = registered.openai_provider.agent_registration
    assert registration is not None and registration.harness_id == "h1"


async def test_a_default_model_leaves_a_stored_prompt_its_own(
    responses_server: ResponsesLoopback,
) -> None:
    # The provider says whether the name was asked for or is only the default.
    provider = OpenAIProvider(openai_client=AsyncOpenAI(api_key=KEY))  # OpenAI's own URL
    asked, default = provider.get_model("gpt-4.1"), provider.get_model(None)
    assert isinstance(asked, OpenAIResponsesModel) and asked.model_is_explicit
    assert isinstance(default, OpenAIResponsesModel) and not default.model_is_explicit
    prompt = {"id": "pmpt_123", "version": "2"}
    for explicit in (False, True):
        model = OpenAIResponsesModel(
            "gpt-4.1", _client(responses_server), model_is_explicit=explicit
        )
        responses_server.enqueue(ResponsesReply(text="ok"))
        await Runner.run(Agent(name="a", model=model, prompt=prompt), "hi", run_config=CONFIG)
        assert ("model" in responses_server.response_requests[-1]) is explicit
        # Without a prompt the request always names the model.
        responses_server.enqueue(ResponsesReply(text="ok"))
        await Runner.run(Agent(name="a", model=model), "hi", run_config=CONFIG)
        assert responses_server.response_requests[-1]["model"] == "gpt-4.1"


async def test_a_compaction_counts_in_the_runs_usage(tmp_path: Path) -> None:
    with ConversationsLoopback(api_key=KEY) as server:
        client = AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
        store = SQLiteSession("c", tmp_path / "c.db")
        session = OpenAIResponsesCompactionSession(
            "c", store, client=client, model="gpt-4.1", compaction_mode="input"
        )
        agent = Agent(name="a", model=OpenAIResponsesModel("gpt-4.1", client), tools=[lookup])
        calls = [ToolCall("lookup", {"city": c}) for c in "abcde"]
        server.enqueue(*(ResponsesReply(tool_calls=[c]) for c in calls), ResponsesReply(text="ok"))
        result = await Runner.run(agent, "go", session=session, run_config=CONFIG)
        assert len(server.compact_requests) == 1  # the run's own turns passed the threshold
        usage = result.context_wrapper.usage
        assert usage.requests == 7 == len(usage.request_usage_entries)  # 6 answers + compaction
        # Called by hand with a context, the compaction's tokens count there.
        wrapper: RunContextWrapper[Any] = RunContextWrapper(context=None)
        await session.run_compaction({"force": True}, wrapper=wrapper)
        assert wrapper.usage.requests == 1 and wrapper.usage.input_tokens > 0
