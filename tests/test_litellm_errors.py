"""Provider failures on the LiteLLM route become the SDK's typed errors, quietly and keylessly."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest

pytest.importorskip("agents.extensions.models.litellm_model")  # loads litellm local-only

import litellm

from agents import Agent
from agents import ModelProviderError
from agents import ModelSettings
from agents import RetryPolicy
from agents import RunConfig
from agents import Runner
from agents.exceptions import ProviderAuthenticationError
from agents.exceptions import ProviderBadRequestError
from agents.exceptions import ProviderConnectionError
from agents.exceptions import ProviderNotFoundError
from agents.exceptions import ProviderPermissionError
from agents.exceptions import ProviderRateLimitError
from agents.exceptions import ProviderResponseError
from agents.exceptions import ProviderServerError
from agents.extensions.models.litellm_model import LitellmModel
from agents.testing.anthropic_server import AnthropicLoopback
from agents.testing.anthropic_server import AnthropicReply

from .helpers.runs import run_to_end

KEY = "sk-ant-errors-test-0123456789abcdef"
MODEL = "anthropic/claude-3-5-sonnet-20240620"
# One attempt: these tests are about how a failure reads, not about retrying it.
CONFIG = RunConfig(
    tracing_disabled=True, model_settings=ModelSettings(retry=RetryPolicy(max_attempts=1))
)


@pytest.fixture
def server() -> Iterator[AnthropicLoopback]:
    with AnthropicLoopback(api_key=KEY) as running:
        yield running


def agent_for(server: AnthropicLoopback, key: str | None = KEY) -> Agent[None]:
    return Agent(name="claude", model=LitellmModel(MODEL, base_url=server.base_url, api_key=key))


async def fail(agent: Agent[None], stream: bool = False) -> ModelProviderError:
    with pytest.raises(ModelProviderError) as info:
        await run_to_end(agent, "Hello", streamed=stream, run_config=CONFIG)
    return info.value


def assert_names_route(err: ModelProviderError, server: AnthropicLoopback) -> None:
    text = str(err)
    assert "anthropic" in text
    assert repr(MODEL) in text
    assert err.model == MODEL
    assert err.base_url == server.base_url
    assert KEY not in text
    assert KEY not in repr(err)
    assert all(KEY not in str(arg) for arg in err.args)
    assert "litellm.turn_on_debug" not in text
    assert "Handle with" not in text


async def test_wrong_key_is_authentication_error(server: AnthropicLoopback) -> None:
    err = await fail(agent_for(server, key="sk-ant-wrong-key-0123456789"))
    assert isinstance(err, ProviderAuthenticationError)
    assert isinstance(err, openai.AuthenticationError)
    assert isinstance(err, litellm.AuthenticationError)
    assert err.status_code == 401  # type: ignore[attr-defined]
    assert "invalid x-api-key" in str(err)
    assert "ANTHROPIC_API_KEY" in str(err)
    assert "sk-ant-wrong-key" not in str(err)
    assert_names_route(err, server)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, ProviderBadRequestError),
        (403, ProviderPermissionError),
        (404, ProviderNotFoundError),
        (429, ProviderRateLimitError),
        (500, ProviderServerError),
        (529, ProviderServerError),  # Anthropic's "overloaded"
    ],
)
@pytest.mark.parametrize("stream", [False, True])
async def test_statuses_map_to_typed_errors(
    server: AnthropicLoopback,
    status: int,
    cls: type[ModelProviderError],
    stream: bool,
) -> None:
    message = f"scripted failure {status}"
    kind = {529: "overloaded_error", 429: "rate_limit_error"}.get(status, "api_error")
    server.enqueue(AnthropicReply(status=status, error={"type": kind, "message": message}))
    err = await fail(agent_for(server), stream)
    assert isinstance(err, cls)
    assert type(err).__name__ == cls.__name__
    # Also litellm's own exception, for code written for the reference SDK.
    raised_by_litellm = type(err.__cause__)
    assert raised_by_litellm.__module__.startswith("litellm")
    assert isinstance(err, raised_by_litellm)
    assert message in str(err)
    assert_names_route(err, server)


async def test_error_event_mid_stream(server: AnthropicLoopback) -> None:
    server.enqueue(
        AnthropicReply(
            text="This answer is cut short",
            stream_error={"type": "overloaded_error", "message": "Overloaded"},
        )
    )
    result = Runner.run_streamed(agent_for(server), "Hello", run_config=CONFIG)
    deltas: list[str] = []
    with pytest.raises(ProviderServerError) as info:
        async for event in result.stream_events():
            if (
                event.type == "raw_response_event"
                and event.data.type == "response.output_text.delta"
            ):
                deltas.append(event.data.delta)
    assert "".join(deltas) == "This answer is cut short"
    assert "Overloaded" in str(info.value)
    assert_names_route(info.value, server)


async def test_refused_connection_is_connection_error() -> None:
    with AnthropicLoopback() as stopped:
        base_url = stopped.base_url
    agent = Agent(name="claude", model=LitellmModel(MODEL, base_url=base_url, api_key=KEY))
    err = await fail(agent)
    assert isinstance(err, ProviderConnectionError)
    assert isinstance(err, openai.APIConnectionError)
    assert base_url in str(err)
    assert "Connect call failed" in str(err) or "refused" in str(err).lower()


@pytest.mark.parametrize("body", [b"<html>bad gateway</html>", b'{"unexpected": true}'])
async def test_unreadable_answer_is_response_error(server: AnthropicLoopback, body: bytes) -> None:
    server.enqueue(AnthropicReply(raw_body=body))
    err = await fail(agent_for(server))
    assert isinstance(err, ProviderResponseError)
    assert "Unreadable answer" in str(err)
    assert "Traceback" not in str(err)
    assert len(str(err)) < 1000
    assert_names_route(err, server)


async def test_key_from_environment_is_redacted(
    server: AnthropicLoopback, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    echoed = {"type": "authentication_error", "message": f"key {KEY} was revoked"}
    server.enqueue(AnthropicReply(status=401, error=echoed))
    err = await fail(agent_for(server, key=None))
    assert isinstance(err, ProviderAuthenticationError)
    assert "was revoked" in str(err)
    assert KEY not in str(err)


async def test_failures_print_nothing(
    server: AnthropicLoopback, capfd: pytest.CaptureFixture[str]
) -> None:
    server.enqueue(AnthropicReply(status=500))
    await fail(agent_for(server))
    out, err = capfd.readouterr()
    assert "Give Feedback" not in out + err
    assert "LiteLLM.Info" not in out + err
    assert out == ""


async def test_unroutable_model_name_is_litellms_own_error() -> None:
    """A bare name goes to litellm as the reference sends it; litellm's error, typed."""
    agent = Agent(name="x", model=LitellmModel("no-such-provider-model"))
    with pytest.raises(ModelProviderError, match="no-such-provider-model"):
        await Runner.run(agent, "Hello", run_config=CONFIG)
