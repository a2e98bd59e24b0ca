"""Retries: which failures are retried, how long the SDK waits, and that attempts never multiply.

Every fault is scripted on a loopback server and reaches the SDK through the real `openai`
client (or litellm); delays are kept to hundredths of a second through the RetryPolicy.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from typing import Any

import httpx2
import openai
import pytest

from agents import Agent
from agents import ModelSettings
from agents import OpenAIResponsesModel
from agents import ProviderConnectionError
from agents import ProviderRateLimitError
from agents import ProviderServerError
from agents import ProviderTimeoutError
from agents import RetryPolicy
from agents import RunConfig
from agents import Runner
from agents import UserError
from agents.exceptions import ProviderAuthenticationError
from agents.exceptions import ProviderBadRequestError
from agents.exceptions import ProviderNotFoundError
from agents.exceptions import ProviderPermissionError
from agents.models.reliability.retry import is_retryable
from agents.models.reliability.retry import next_delay
from agents.models.reliability.retry import parse_duration
from agents.models.reliability.retry import parse_retry_after
from agents.models.reliability.retry import policy_for
from agents.models.reliability.retry import server_delay
from agents.models.reliability.retry import without_client_retries
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing.anthropic_server import AnthropicLoopback
from agents.testing.anthropic_server import AnthropicReply

from .conftest import TEST_KEY
from .conftest import make_model
from .helpers.runs import run_either_way

FAST = RetryPolicy(max_attempts=4, initial_delay=0.01, max_delay=2.0)
CONFIG = RunConfig(tracing_disabled=True, model_settings=ModelSettings(retry=FAST))


async def run_text(agent: Agent[Any], config: RunConfig = CONFIG, streamed: bool = False) -> Any:
    outcome = run_either_way(agent, "hi", streamed=streamed, run_config=config)
    result, _ = await asyncio.wait_for(outcome, timeout=10)  # a bound: a fault must never hang
    return result.final_output


def rate_limited(status: int = 429, **headers: str) -> ProviderRateLimitError:
    """A wrapped 429 (or other status) carrying response headers, as the routes raise it."""
    from agents.models.reliability.provider_errors import wrap_provider_error

    request = httpx2.Request("POST", "http://p/v1/chat/completions")
    response = httpx2.Response(status, headers=headers, request=request)
    err = openai.APIStatusError("limited", response=response, body=None)
    return wrap_provider_error(err, base_url="http://p/v1", model="m", api_key=None)  # type: ignore[return-value]


# -- parsing what providers send -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1s", 1.0),
        ("6m0s", 360.0),
        ("120ms", 0.12),
        ("1h2m3.5s", 3723.5),
        ("0.5", 0.5),
        ("2m59.56s", 179.56),
        ("", None),
        ("soon", None),
        ("1d", None),
    ],
)
def test_rate_limit_reset_durations(text: str, seconds: float | None) -> None:
    assert parse_duration(text) == (pytest.approx(seconds) if seconds is not None else None)


def test_retry_after_in_seconds_or_http_date() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("0.25") == 0.25
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after(date, now=now) == pytest.approx(30, abs=1)
    assert parse_retry_after("not a date") is None


def test_server_delay_prefers_retry_after_then_the_exhausted_limit() -> None:
    assert server_delay(rate_limited(**{"retry-after-ms": "250", "retry-after": "9"})) == 0.25
    assert server_delay(rate_limited(**{"retry-after": "3"})) == 3.0
    tokens_out = rate_limited(
        **{
            "x-ratelimit-remaining-requests": "12",
            "x-ratelimit-reset-requests": "120ms",
            "x-ratelimit-remaining-tokens": "0",
            "x-ratelimit-reset-tokens": "6m0s",
        }
    )
    assert server_delay(tokens_out) == 360.0
    unknown = rate_limited(**{"x-ratelimit-reset-requests": "2s", "x-ratelimit-reset-tokens": "7s"})
    assert server_delay(unknown) == 2.0  # the earliest moment capacity frees up
    assert server_delay(rate_limited(503, **{"x-ratelimit-reset-tokens": "7s"})) is None


@pytest.mark.parametrize(
    ("status", "retried"),
    [
        (408, True),
        (409, True),
        (429, True),
        (500, True),
        (503, True),
        (529, True),
        (400, False),
        (401, False),
        (403, False),
        (404, False),
        (422, False),
    ],
)
def test_which_statuses_are_retried(status: int, retried: bool) -> None:
    assert is_retryable(rate_limited(status)) is retried


def test_provider_says_whether_to_retry() -> None:
    assert not is_retryable(rate_limited(500, **{"x-should-retry": "false"}))
    assert is_retryable(rate_limited(400, **{"x-should-retry": "true"}))


def test_backoff_grows_is_capped_and_jittered() -> None:
    policy = RetryPolicy(max_attempts=10, initial_delay=1.0, multiplier=2.0, max_delay=5.0)
    waits = [policy.backoff(n) for n in range(1, 6)]
    assert 0.75 <= waits[0] <= 1.0 and 1.5 <= waits[1] <= 2.0 and 3.0 <= waits[2] <= 4.0
    assert all(w <= 5.0 for w in waits)
    assert RetryPolicy(jitter=0, initial_delay=1).backoff(2) == 2.0


def test_a_wait_longer_than_max_delay_ends_the_retries() -> None:
    err = rate_limited(**{"retry-after": "600"})
    assert next_delay(RetryPolicy(max_delay=60), err, 1) is None
    assert "asked to wait 600s" in str(err) and "max_delay=60s" in str(err)
    assert next_delay(RetryPolicy(max_delay=60), rate_limited(**{"retry-after": "5"}), 1) == 5


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_attempts": 0},
        {"max_attempts": 1.5},
        {"initial_delay": -1},
        {"max_delay": float("inf")},
        {"multiplier": 0.5},
        {"jitter": 2},
    ],
)
def test_bad_policy_is_a_user_error(kwargs: dict[str, Any]) -> None:
    with pytest.raises(UserError, match="RetryPolicy"):
        RetryPolicy(**kwargs)


def test_bad_settings_are_user_errors() -> None:
    with pytest.raises(UserError, match="timeout"):
        ModelSettings(timeout=0)
    with pytest.raises(UserError, match="RetryPolicy"):
        ModelSettings(retry=3)  # type: ignore[arg-type]


def test_without_a_policy_the_client_decides_the_attempts() -> None:
    assert policy_for(None, 0).max_attempts == 1
    assert policy_for(None, 2).max_attempts == 3
    assert policy_for(None, None).max_attempts == 3
    assert policy_for(FAST, 0) is FAST


def test_no_retry_client_shares_the_connection_pool() -> None:
    client = openai.AsyncOpenAI(api_key=TEST_KEY, base_url="http://127.0.0.1:9/v1")
    quiet = without_client_retries(client)
    assert quiet.max_retries == 0 and client.max_retries == 2
    assert quiet._client is client._client  # same httpx client: same pool
    assert without_client_retries(client) is quiet  # made once per client
    zero = openai.AsyncOpenAI(api_key=TEST_KEY, base_url="http://x/v1", max_retries=0)
    assert without_client_retries(zero) is zero


# -- faults on loopback ---------------------------------------------------------------


async def test_429_storm_with_retry_after(provider: LoopbackProvider, streamed: bool) -> None:
    storm = [Reply(status=429, headers={"Retry-After": "0.05"}) for _ in range(3)]
    provider.enqueue(*storm, Reply(text="finally"))
    started = time.monotonic()
    out = await run_text(Agent(name="a", model=make_model(provider)), streamed=streamed)
    assert out == "finally"
    assert len(provider.chat_requests) == 4
    assert time.monotonic() - started >= 0.15  # the provider's wait was honoured


async def test_rate_limit_reset_header_is_waited_out(provider: LoopbackProvider) -> None:
    headers = {"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "80ms"}
    provider.enqueue(Reply(status=429, headers=headers), Reply(text="ok"))
    started = time.monotonic()
    assert await run_text(Agent(name="a", model=make_model(provider))) == "ok"
    assert time.monotonic() - started >= 0.08


async def test_burst_of_500s_then_success(provider: LoopbackProvider, streamed: bool) -> None:
    provider.enqueue(Reply(status=500), Reply(status=502), Reply(status=503), Reply(text="up"))
    out = await run_text(Agent(name="a", model=make_model(provider)), streamed=streamed)
    assert out == "up"
    assert len(provider.chat_requests) == 4


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, ProviderBadRequestError),
        (401, ProviderAuthenticationError),
        (403, ProviderPermissionError),
        (404, ProviderNotFoundError),
    ],
)
async def test_client_errors_are_not_retried(
    provider: LoopbackProvider, status: int, cls: type[Exception]
) -> None:
    provider.enqueue(Reply(status=status), Reply(text="never reached"))
    with pytest.raises(cls):
        await run_text(Agent(name="a", model=make_model(provider)))
    assert len(provider.chat_requests) == 1


async def test_attempts_run_out_and_the_error_says_so(provider: LoopbackProvider) -> None:
    provider.enqueue(*[Reply(status=503) for _ in range(4)])
    with pytest.raises(ProviderServerError) as info:
        await run_text(Agent(name="a", model=make_model(provider)))
    assert len(provider.chat_requests) == 4
    assert "gave up after 4 attempts" in str(info.value)
    assert info.value.status_code == 503


async def test_attempts_are_never_multiplied_by_the_client(provider: LoopbackProvider) -> None:
    """The client would retry twice on its own; the SDK's policy is the only one that counts."""
    provider.enqueue(*[Reply(status=500) for _ in range(5)])
    config = RunConfig(
        tracing_disabled=True,
        model_settings=ModelSettings(retry=RetryPolicy(max_attempts=2, initial_delay=0.01)),
    )
    with pytest.raises(ProviderServerError):
        await run_text(Agent(name="a", model=make_model(provider, max_retries=2)), config)
    assert len(provider.chat_requests) == 2


async def test_client_max_retries_is_the_default_attempt_count(
    provider: LoopbackProvider,
) -> None:
    provider.enqueue(Reply(status=500), Reply(text="second"))
    plain = RunConfig(tracing_disabled=True)
    with pytest.raises(ProviderServerError):
        await run_text(Agent(name="a", model=make_model(provider, max_retries=0)), plain)
    assert len(provider.chat_requests) == 1


async def test_retry_after_beyond_max_delay_fails_at_once(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(status=429, headers={"Retry-After": "3600"}), Reply(text="no"))
    started = time.monotonic()
    with pytest.raises(ProviderRateLimitError, match="asked to wait 3600s"):
        await run_text(Agent(name="a", model=make_model(provider)))
    assert time.monotonic() - started < 2
    assert len(provider.chat_requests) == 1


async def test_in_band_error_in_a_200_body_is_retried(provider: LoopbackProvider) -> None:
    provider.enqueue(
        Reply(raw_body=b'{"error": {"message": "upstream overloaded", "code": 502}}'),
        Reply(text="recovered"),
    )
    assert await run_text(Agent(name="a", model=make_model(provider))) == "recovered"


async def test_dropped_connection_is_retried(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(hang_up_after=0), Reply(text="Hello again"), Reply(text="unused"))
    assert await run_text(Agent(name="a", model=make_model(provider))) == "Hello again"


async def test_body_cut_short_is_retried(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text="whole", hang_up_after=20), Reply(text="whole"))
    assert await run_text(Agent(name="a", model=make_model(provider))) == "whole"
    assert len(provider.chat_requests) == 2


async def test_stream_dropped_before_content_is_retried(provider: LoopbackProvider) -> None:
    # Event 0 is the role-only chunk: nothing has reached the caller when the line drops.
    provider.enqueue(Reply(text="first try", hang_up_after=1), Reply(text="second try"))
    result = Runner.run_streamed(
        Agent(name="a", model=make_model(provider)), "hi", run_config=CONFIG
    )
    created = 0
    async for event in result.stream_events():
        if event.type == "raw_response_event" and event.data.type == "response.created":
            created += 1
    assert result.final_output == "second try"
    assert created == 1  # the failed attempt's events never reached the caller


async def test_stream_dropped_after_content_is_not_retried(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text="a long answer that breaks", hang_up_after=4), Reply(text="no"))
    result = Runner.run_streamed(
        Agent(name="a", model=make_model(provider)), "hi", run_config=CONFIG
    )
    deltas: list[str] = []
    with pytest.raises(ProviderConnectionError, match="Connection error") as info:
        async for event in result.stream_events():
            if (
                event.type == "raw_response_event"
                and event.data.type == "response.output_text.delta"
            ):
                deltas.append(event.data.delta)
    assert deltas and "".join(deltas) != "a long answer that breaks"
    assert isinstance(info.value, openai.APIConnectionError)
    assert len(provider.chat_requests) == 1
    assert result.to_input_list() == [{"content": "hi", "role": "user"}]  # nothing half-written


async def test_slow_server_times_out_per_request(
    provider: LoopbackProvider, streamed: bool
) -> None:
    provider.enqueue(*[Reply(text="late", delay=2.0) for _ in range(2)])
    config = RunConfig(
        tracing_disabled=True,
        model_settings=ModelSettings(
            timeout=0.1, retry=RetryPolicy(max_attempts=2, initial_delay=0.01)
        ),
    )
    started = time.monotonic()
    with pytest.raises(ProviderTimeoutError) as info:
        await run_text(Agent(name="a", model=make_model(provider)), config, streamed=streamed)
    assert time.monotonic() - started < 1.5
    assert isinstance(info.value, openai.APITimeoutError)
    assert "gave up after 2 attempts" in str(info.value)


async def test_stalled_stream_times_out(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text="slow trickle of words", event_delay=1.0))
    config = RunConfig(
        tracing_disabled=True,
        model_settings=ModelSettings(timeout=0.1, retry=RetryPolicy(max_attempts=1)),
    )
    with pytest.raises(ProviderTimeoutError, match=r"raise ModelSettings\.timeout"):
        await run_text(Agent(name="a", model=make_model(provider)), config, streamed=True)


async def test_responses_route_retries(streamed: bool) -> None:
    with ResponsesLoopback(api_key=TEST_KEY) as server:
        server.enqueue(
            ResponsesReply(status=429, headers={"Retry-After": "0.01"}),
            ResponsesReply(status=500),
            ResponsesReply(text="via responses"),
        )
        client = openai.AsyncOpenAI(api_key=TEST_KEY, base_url=server.base_url)
        agent = Agent(name="r", model=OpenAIResponsesModel(model="gpt-4.1", openai_client=client))
        assert await run_text(agent, streamed=streamed) == "via responses"
        assert len([r for r in server.requests if r.path.endswith("/responses")]) == 3


async def test_litellm_route_retries(streamed: bool) -> None:
    pytest.importorskip("agents.extensions.models.litellm_model")
    from agents.extensions.models.litellm_model import LitellmModel

    with AnthropicLoopback(api_key=TEST_KEY) as server:
        server.enqueue(
            AnthropicReply(status=529),
            AnthropicReply(status=429, headers={"retry-after": "0.01"}),
            AnthropicReply(text="via litellm"),
        )
        model = LitellmModel(
            "anthropic/claude-3-5-sonnet-20240620", base_url=server.base_url, api_key=TEST_KEY
        )
        assert await run_text(Agent(name="l", model=model), streamed=streamed) == "via litellm"
        assert len(server.message_requests) == 3


async def test_litellm_client_does_not_retry_on_its_own() -> None:
    pytest.importorskip("agents.extensions.models.litellm_model")
    from agents.extensions.models.litellm_model import LitellmModel

    with LoopbackProvider("compat", api_key=TEST_KEY) as server:
        server.enqueue(*[Reply(status=500) for _ in range(6)])
        model = LitellmModel("openai/m", base_url=server.base_url, api_key=TEST_KEY)
        config = RunConfig(
            tracing_disabled=True,
            model_settings=ModelSettings(retry=RetryPolicy(max_attempts=2, initial_delay=0.01)),
        )
        with pytest.raises(ProviderServerError):
            await run_text(Agent(name="l", model=model), config)
        assert len(server.chat_requests) == 2  # litellm's OpenAI client would make 3 alone


async def test_litellm_request_timeout() -> None:
    pytest.importorskip("agents.extensions.models.litellm_model")
    from agents.extensions.models.litellm_model import LitellmModel

    with AnthropicLoopback(api_key=TEST_KEY) as server:
        server.enqueue(AnthropicReply(text="late", delay=2.0))
        model = LitellmModel(
            "anthropic/claude-3-5-sonnet-20240620", base_url=server.base_url, api_key=TEST_KEY
        )
        config = RunConfig(
            tracing_disabled=True,
            model_settings=ModelSettings(timeout=0.2, retry=RetryPolicy(max_attempts=1)),
        )
        started = time.monotonic()
        with pytest.raises(ProviderTimeoutError):
            await run_text(Agent(name="l", model=model), config)
        assert time.monotonic() - started < 1.5
