"""The provider table: model strings that pick the provider, keys, clients, profiles."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from openai import AsyncOpenAI

from agents import Agent
from agents import ModelSettings
from agents import MultiProvider
from agents import OpenAIChatCompletionsModel
from agents import UserError
from agents import set_default_openai_client
from agents.models.providers.catalogue import client_for
from agents.models.providers.catalogue import get_provider
from agents.models.providers.catalogue import list_providers
from agents.models.providers.catalogue import profile_for
from agents.models.providers.catalogue import register_provider
from agents.models.providers.catalogue import unregister_provider
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall

from .dialect_helpers import Weather
from .dialect_helpers import run
from .dialect_helpers import table_provider_on_loopback
from .helpers.clients import default_gemini_client

KEY = "gsk-table-test-0123456789"

GUIDE_BASE_URLS = {
    "gemini": "https://generativelanguage.googleapis.com/v1beta/openai/",
    "openrouter": "https://openrouter.ai/api/v1",
    "groq": "https://api.groq.com/openai/v1",
    "together": "https://api.together.xyz/v1",
    "deepseek": "https://api.deepseek.com/v1",
    "mistral": "https://api.mistral.ai/v1",
    "fireworks": "https://api.fireworks.ai/inference/v1",
    "cerebras": "https://api.cerebras.ai/v1",
    "ollama": "http://localhost:11434/v1",
    "vllm": "http://localhost:8000/v1",
}


@pytest.fixture(autouse=True)
def _no_provider_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for spec in list_providers():
        if spec.api_key_env:
            monkeypatch.delenv(spec.api_key_env, raising=False)
        monkeypatch.delenv(spec.base_url_env, raising=False)


@pytest.fixture
def acme() -> Iterator[None]:
    yield
    unregister_provider("acme")


def test_base_urls_and_key_variables_are_the_guides() -> None:
    for name, url in GUIDE_BASE_URLS.items():
        spec = get_provider(name)
        assert spec is not None and spec.base_url == url, name
        assert spec.profile.provider == name
    assert get_provider("groq").api_key_env == "GROQ_API_KEY"  # type: ignore[union-attr]
    assert get_provider("gemini").api_key_env == "GEMINI_API_KEY"  # type: ignore[union-attr]


async def test_prefix_picks_provider_client_key_and_profile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GROQ_API_KEY", KEY)
    model = MultiProvider().get_model("groq/llama-3.1-8b-instant")
    assert isinstance(model, OpenAIChatCompletionsModel)
    assert model.model == "llama-3.1-8b-instant"
    assert model.base_url == "https://api.groq.com/openai/v1/"
    assert model.profile.provider == "groq"
    assert model._client.api_key == KEY
    assert KEY not in repr(model)


async def test_clients_are_shared_per_provider_and_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GROQ_API_KEY", KEY)
    monkeypatch.setenv("GEMINI_API_KEY", KEY)
    provider = MultiProvider()
    a = provider.get_model("groq/llama-3.1-8b-instant")
    b = MultiProvider().get_model("groq/llama-3.3-70b-versatile")
    c = provider.get_model("gemini/gemini-2.5-flash")
    assert isinstance(a, OpenAIChatCompletionsModel)
    assert isinstance(b, OpenAIChatCompletionsModel)
    assert isinstance(c, OpenAIChatCompletionsModel)
    assert a._client is b._client
    assert a._client is not c._client

    def other_loop() -> AsyncOpenAI:
        async def get() -> AsyncOpenAI:
            spec = get_provider("groq")
            assert spec is not None
            return client_for(spec)

        return asyncio.run(get())

    # A connection pool belongs to its event loop: another loop gets its own client.
    assert await asyncio.to_thread(other_loop) is not a._client


def test_missing_key_names_the_variable() -> None:
    with pytest.raises(UserError) as caught:
        MultiProvider().get_model("mistral/mistral-large-latest")
    assert "MISTRAL_API_KEY" in str(caught.value)


def test_cloudflare_needs_its_account_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", KEY)
    monkeypatch.delenv("CLOUDFLARE_ACCOUNT_ID", raising=False)
    with pytest.raises(UserError, match="CLOUDFLARE_ACCOUNT_ID"):
        MultiProvider().get_model("cloudflare/@cf/meta/llama-3.1-8b-instruct")
    monkeypatch.setenv("CLOUDFLARE_ACCOUNT_ID", "acc123")
    model = MultiProvider().get_model("cloudflare/@cf/meta/llama-3.1-8b-instruct")
    assert isinstance(model, OpenAIChatCompletionsModel)
    assert model.base_url == "https://api.cloudflare.com/client/v4/accounts/acc123/ai/v1/"


def test_openrouter_keeps_vendor_and_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENROUTER_API_KEY", KEY)
    model = MultiProvider().get_model("openrouter/anthropic/claude-3.5-sonnet")
    assert isinstance(model, OpenAIChatCompletionsModel)
    assert model.model == "anthropic/claude-3.5-sonnet"
    assert model.base_url == "https://openrouter.ai/api/v1/"


def test_unknown_prefix_and_bare_names_go_to_openai(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-test")
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    # OpenAI's own API has no slashed names: an unknown prefix is a typo (issue 15, item 12);
    # a gateway's "org/model" names need the default client (or OPENAI_BASE_URL) on it.
    with pytest.raises(UserError, match="unknown provider 'meta-llama'"):
        MultiProvider().get_model("meta-llama/Llama-3-70b-chat-hf")
    bare = MultiProvider().get_model("gpt-4.1")
    prefixed = MultiProvider().get_model("openai/gpt-4.1-mini")
    for model, name in (
        (bare, "gpt-4.1"),
        (prefixed, "gpt-4.1-mini"),
    ):
        # OpenAI's own models (Chat Completions or Responses, whichever the SDK picks).
        assert getattr(model, "model", None) == name
        assert "https://api.openai.com/v1/" in repr(model)


def test_gateway_names_keep_going_to_a_gateway_default_client() -> None:
    """With the default client on a gateway and no DEEPSEEK_API_KEY, "deepseek/deepseek-chat"
    is the gateway's model name, as before there was a provider table."""
    gateway = AsyncOpenAI(api_key="or-key", base_url="https://openrouter.ai/api/v1")
    set_default_openai_client(gateway)
    model = MultiProvider().get_model("deepseek/deepseek-chat")
    assert isinstance(model, OpenAIChatCompletionsModel)
    assert model.model == "deepseek/deepseek-chat"
    assert model._client is gateway
    assert model.profile.provider == "openrouter"  # found from the client's host


async def test_table_provider_runs_end_to_end(monkeypatch: pytest.MonkeyPatch) -> None:
    weather = Weather()
    with table_provider_on_loopback(monkeypatch, "groq") as server:
        server.enqueue(
            Reply(tool_calls=[ToolCall("get_weather", {"city": "Kyiv"})]),
            Reply(text="Kyiv: sunny."),
        )
        agent = Agent(name="g", model="groq/llama-3.1-8b-instant", tools=[weather.tool()])
        outcome = await run(agent, "Kyiv?", streamed=False)
        assert server.chat_requests[0]["model"] == "llama-3.1-8b-instant"
    assert weather.calls == ["Kyiv"]
    assert outcome.result.final_output == "Kyiv: sunny."


async def test_local_providers_need_no_key_and_take_a_base_url_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with LoopbackProvider("ollama") as server:
        monkeypatch.setenv("OLLAMA_BASE_URL", server.base_url)
        server.enqueue(Reply(text="local hello"))
        outcome = await run(Agent(name="l", model="ollama/llama3.1"), "hi", streamed=False)
        assert server.requests[0].headers["authorization"] == "Bearer ollama"
    assert outcome.result.final_output == "local hello"
    model = MultiProvider().get_model("vllm/my-model")
    assert isinstance(model, OpenAIChatCompletionsModel)
    assert model.base_url == "http://localhost:8000/v1/"


async def test_register_provider_is_one_call(monkeypatch: pytest.MonkeyPatch, acme: None) -> None:
    weather = Weather()
    with LoopbackProvider("acme", api_key=KEY) as server:
        register_provider("acme", server.base_url, "ACME_API_KEY", "mistral")
        with pytest.raises(UserError, match="ACME_API_KEY"):
            MultiProvider().get_model("acme/large")
        monkeypatch.setenv("ACME_API_KEY", KEY)
        server.enqueue(
            Reply(tool_calls=[ToolCall("get_weather", {"city": "Bern"})]), Reply(text="ok")
        )
        agent = Agent(
            name="a",
            model="acme/large",
            tools=[weather.tool()],
            model_settings=ModelSettings(tool_choice="required"),
        )
        outcome = await run(agent, "Bern?", streamed=True)
        first = server.chat_requests[0]
    assert outcome.result.final_output == "ok"
    assert weather.calls == ["Bern"]
    assert first["tool_choice"] == "any"  # it speaks Mistral's dialect, as registered
    spec = get_provider("acme")
    assert spec is not None and spec.hosts == ("127.0.0.1:" + server.url().rsplit(":", 1)[1],)


def test_register_provider_rejects_bad_input(acme: None) -> None:
    with pytest.raises(UserError, match="profile"):
        register_provider("acme", "https://acme.example/v1", "ACME_API_KEY", "nonesuch")
    with pytest.raises(UserError, match="http"):
        register_provider("acme", "acme.example/v1", "ACME_API_KEY")
    with pytest.raises(UserError, match="'/'"):
        register_provider("ac/me", "https://acme.example/v1", "ACME_API_KEY")
    spec = register_provider("acme", "https://acme.example/v1", None)
    assert spec.profile.provider == "acme" and not spec.key_required


@pytest.mark.parametrize(
    ("base_url", "provider"),
    [
        *((url, name) for name, url in GUIDE_BASE_URLS.items()),
        ("https://api.openai.com/v1", "openai"),
        ("https://api.together.ai/v1", "together"),
        ("http://127.0.0.1:11434/v1", "ollama"),
        ("https://router.huggingface.co/v1", "huggingface"),
        ("https://my-gateway.example.com/v1", "openai-compatible"),
        ("http://127.0.0.1:9999/v1", "openai-compatible"),
    ],
)
def test_user_built_clients_get_the_profile_of_their_host(base_url: str, provider: str) -> None:
    client = AsyncOpenAI(api_key="k", base_url=base_url)
    model = OpenAIChatCompletionsModel(model="some-model", openai_client=client)
    assert model.profile.provider == provider


def test_model_family_refines_the_profile() -> None:
    assert profile_for("groq", "meta-llama/llama-4-scout-17b-16e-instruct").supports_vision
    assert profile_for("groq", "llama-3.1-8b-instant").supports_vision is False
    assert profile_for("groq", "openai/gpt-oss-20b").supports_json_schema
    assert profile_for("vllm", "mistralai/Mistral-7B-Instruct").tool_call_ids is not None
    assert profile_for("vllm", "Qwen/Qwen2.5-7B").tool_call_ids is None
    assert profile_for("openrouter", "mistralai/mistral-large").assistant_between_tool_and_user
    assert "temperature" in profile_for("openai", "o3-mini").dropped_params
    assert "temperature" not in profile_for("openai", "gpt-4.1").dropped_params
    # Resolved once and shared: building a model per turn costs a dict lookup. The model is
    # one a family rule changes, so the profile is a derived one, not the provider's base.
    scout = "meta-llama/llama-4-scout-17b-16e-instruct"
    assert profile_for("groq", scout) != profile_for("groq", "llama-3.1-8b-instant")
    assert profile_for("groq", scout) is profile_for("groq", scout)


async def test_images_are_refused_before_sending_where_the_profile_has_no_vision(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    message = {
        "role": "user",
        "content": [
            {"type": "input_text", "text": "What is this?"},
            {"type": "input_image", "image_url": "https://example.com/cat.png"},
        ],
    }
    with table_provider_on_loopback(monkeypatch, "deepseek") as server:
        with pytest.raises(UserError) as caught:
            await run(Agent(name="d", model="deepseek/deepseek-chat"), [message], False)
        assert server.requests == []
    assert "deepseek" in str(caught.value) and "input_image" in str(caught.value)
    with table_provider_on_loopback(monkeypatch, "groq") as server:
        server.enqueue(Reply(text="A cat."))
        vision = Agent(name="g", model="groq/meta-llama/llama-4-scout-17b-16e-instruct")
        outcome = await run(vision, [message], False)
        part = server.chat_requests[0]["messages"][0]["content"][1]
    assert outcome.result.final_output == "A cat."
    assert part == {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}


def test_prefix_of_the_default_clients_own_provider_uses_that_client() -> None:
    gemini = default_gemini_client()
    model = MultiProvider().get_model("gemini/gemini-2.5-flash")
    assert isinstance(model, OpenAIChatCompletionsModel)
    assert model.model == "gemini-2.5-flash"
    assert model._client is gemini
    assert model.profile.provider == "gemini"
