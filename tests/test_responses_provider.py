"""Which API a model named by string uses: Responses on OpenAI's own endpoint unless the user
says otherwise; Chat Completions elsewhere unless asked for Responses and the provider serves it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from openai import AsyncOpenAI

from agents import Agent
from agents import MultiProvider
from agents import OpenAIChatCompletionsModel
from agents import OpenAIProvider
from agents import OpenAIResponsesModel
from agents import Runner
from agents import set_default_openai_api
from agents import set_default_openai_client
from agents.models.dialects.profiles import DEFAULT_PROFILE
from agents.models.providers.catalogue import register_provider
from agents.models.providers.catalogue import unregister_provider
from agents.testing import LoopbackProvider
from agents.testing import ResponsesLoopback

from .helpers.clients import default_gemini_client
from .responses_helpers import RESPONSES_KEY
from .responses_helpers import server

__all__ = ["server"]


def openai_client() -> AsyncOpenAI:
    """A client for api.openai.com itself; these tests only build models, never call it."""
    return AsyncOpenAI(api_key="sk-test", base_url="https://api.openai.com/v1")


def test_openai_endpoint_uses_responses_by_default() -> None:
    model = OpenAIProvider(openai_client=openai_client()).get_model("gpt-4.1")
    assert isinstance(model, OpenAIResponsesModel)
    assert model.model == "gpt-4.1" and model.base_url == "https://api.openai.com/v1/"


def test_default_provider_for_bare_and_openai_prefixed_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    provider = MultiProvider()
    assert isinstance(provider.get_model("gpt-4.1"), OpenAIResponsesModel)
    assert isinstance(provider.get_model("openai/gpt-4.1-mini"), OpenAIResponsesModel)


def test_set_default_openai_api_switches_to_chat_completions() -> None:
    set_default_openai_api("chat_completions")
    model = OpenAIProvider(openai_client=openai_client()).get_model("gpt-4.1")
    assert isinstance(model, OpenAIChatCompletionsModel)
    set_default_openai_api("responses")
    assert isinstance(
        OpenAIProvider(openai_client=openai_client()).get_model("gpt-4.1"), OpenAIResponsesModel
    )


def test_use_responses_false_on_the_provider() -> None:
    provider = OpenAIProvider(openai_client=openai_client(), use_responses=False)
    assert isinstance(provider.get_model("gpt-4.1"), OpenAIChatCompletionsModel)


def test_other_endpoints_get_chat_completions_unless_asked() -> None:
    client = AsyncOpenAI(api_key="k", base_url="https://api.groq.com/openai/v1")
    assert isinstance(
        OpenAIProvider(openai_client=client).get_model("llama-3.1-8b-instant"),
        OpenAIChatCompletionsModel,
    )
    # Asked for, but Groq's profile does not say it serves /responses: Chat Completions.
    set_default_openai_api("responses")
    assert isinstance(
        OpenAIProvider(openai_client=client).get_model("llama-3.1-8b-instant"),
        OpenAIChatCompletionsModel,
    )


def test_guide_global_client_setup_stays_on_chat_completions() -> None:
    """set_default_openai_client(gemini) + a bare model name, without set_default_openai_api."""
    default_gemini_client()
    model = MultiProvider().get_model("gemini-2.5-flash")
    assert isinstance(model, OpenAIChatCompletionsModel)
    assert model.base_url.startswith("https://generativelanguage.googleapis.com/")


@pytest.fixture
def capable(server: ResponsesLoopback) -> Iterator[ResponsesLoopback]:
    """The loopback server registered as a provider whose profile serves the Responses API."""
    profile = DEFAULT_PROFILE.replace(provider="loopback-responses", supports_responses_api=True)
    register_provider("loopback-responses", server.base_url, None, profile)
    try:
        yield server
    finally:
        unregister_provider("loopback-responses")


async def test_responses_capable_provider_when_asked(capable: ResponsesLoopback) -> None:
    set_default_openai_client(AsyncOpenAI(api_key=RESPONSES_KEY, base_url=capable.base_url))
    agent = Agent(name="r", model="gpt-oss-20b")

    chat = MultiProvider().get_model("gpt-oss-20b")
    assert isinstance(chat, OpenAIChatCompletionsModel), "not asked: Chat Completions"

    set_default_openai_api("responses")
    result = await Runner.run(agent, "hello")
    assert result.final_output == "[openai:gpt-oss-20b] You said: hello"
    assert [r.body and r.body["model"] for r in capable.requests] == ["gpt-oss-20b"]
    assert capable.requests[0].path == "/v1/responses"


async def test_asked_for_responses_on_a_chat_only_provider_runs_chat_completions() -> None:
    with LoopbackProvider("vllm", api_key="vk") as vllm:
        set_default_openai_client(AsyncOpenAI(api_key="vk", base_url=vllm.base_url))
        set_default_openai_api("responses")
        result = await Runner.run(Agent(name="v", model="my-model"), "hi")
        assert result.final_output == "[vllm:my-model] You said: hi"
        assert len(vllm.chat_requests) == 1
