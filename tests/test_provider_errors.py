"""Provider failures become typed errors naming base URL and model, promptly, without the key."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import openai
import pytest

from agents import Agent
from agents import AgentsException
from agents import ModelProviderError
from agents import ProviderAuthenticationError
from agents import ProviderConnectionError
from agents import ProviderNotFoundError
from agents import ProviderRateLimitError
from agents import ProviderResponseError
from agents import ProviderServerError
from agents.testing import LoopbackProvider
from agents.testing import Reply
from tests.helpers.runs import run_to_end

from .conftest import TEST_KEY
from .conftest import make_model


def assert_no_key(err: BaseException) -> None:
    for text in (str(err), repr(err), *map(str, err.args)):
        assert TEST_KEY not in text
        assert TEST_KEY[:10] not in text


async def run_and_catch(
    agent: Agent[Any], *, streamed: bool = False, timeout: float = 1.0
) -> ModelProviderError:
    with pytest.raises(ModelProviderError) as info:
        # A bound, not a benchmark: an error must never turn into a hang.
        await asyncio.wait_for(run_to_end(agent, "hi", streamed=streamed), timeout=timeout)
    return info.value


@pytest.mark.parametrize(
    ("reply", "error_type", "openai_type", "status"),
    [
        (
            Reply(status=429, headers={"Retry-After": "30"}),
            ProviderRateLimitError,
            openai.RateLimitError,
            429,
        ),
        (Reply(status=500), ProviderServerError, openai.InternalServerError, 500),
        (Reply(status=503), ProviderServerError, openai.InternalServerError, 503),
        (Reply(raw_body=b"<html>not json</html>"), ProviderResponseError, openai.APIError, None),
    ],
)
async def test_provider_failures(
    provider: LoopbackProvider,
    reply: Reply,
    error_type: type[Exception],
    openai_type: type[Exception],
    status: int | None,
    streamed: bool,
) -> None:
    provider.enqueue(reply)
    model = make_model(provider, "m-1", max_retries=0)
    err = await run_and_catch(Agent(name="a", model=model), streamed=streamed)
    if reply.raw_body is not None and streamed:
        # A non-SSE body to a streaming request cannot be told apart from an empty stream
        # by the client; what matters is a typed error rather than an empty answer.
        assert isinstance(err, AgentsException)
    else:
        assert isinstance(err, error_type)
        assert isinstance(err, openai_type)  # code written for the reference SDK still works
    assert err.base_url == provider.base_url + "/"
    assert err.model == "m-1"
    assert provider.base_url in str(err) and "'m-1'" in str(err)
    if status is not None:
        assert err.status_code == status
        assert f"HTTP {status}" in str(err)
    assert_no_key(err)


async def test_wrong_key(provider: LoopbackProvider) -> None:
    from openai import AsyncOpenAI

    from agents import OpenAIChatCompletionsModel

    client = AsyncOpenAI(api_key="sk-wrong-key-0000000000", base_url=provider.base_url)
    model = OpenAIChatCompletionsModel(model="m", openai_client=client)
    err = await run_and_catch(Agent(name="a", model=model))
    assert isinstance(err, ProviderAuthenticationError)
    assert isinstance(err, openai.AuthenticationError)
    assert "HTTP 401" in str(err) and "check the API key" in str(err)
    assert "sk-wrong-key" not in str(err)


async def test_unknown_model() -> None:
    with LoopbackProvider("p", api_key=TEST_KEY, models=["real-model"]) as server:
        err = await run_and_catch(Agent(name="a", model=make_model(server, "no-such-model")))
    assert isinstance(err, ProviderNotFoundError)
    assert "no-such-model" in str(err) and "check the model name" in str(err)


async def test_key_echoed_by_provider_is_redacted(provider: LoopbackProvider) -> None:
    provider.enqueue(
        Reply(
            status=401,
            error={"error": {"message": f"Incorrect API key provided: {TEST_KEY}", "code": "x"}},
        )
    )
    err = await run_and_catch(Agent(name="a", model=make_model(provider, "m", max_retries=0)))
    assert "Incorrect API key provided: ***" in str(err)
    assert_no_key(err)


async def test_refused_connection() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    from openai import AsyncOpenAI

    from agents import OpenAIChatCompletionsModel

    client = AsyncOpenAI(api_key=TEST_KEY, base_url=f"http://127.0.0.1:{port}/v1", max_retries=0)
    model = OpenAIChatCompletionsModel(model="m", openai_client=client)
    err = await run_and_catch(Agent(name="a", model=model))
    assert isinstance(err, ProviderConnectionError)
    assert isinstance(err, openai.APIConnectionError)
    assert f"127.0.0.1:{port}" in str(err) and "check the base URL" in str(err)
    assert_no_key(err)


async def test_client_retries_still_end_in_a_typed_error(provider: LoopbackProvider) -> None:
    provider.enqueue(*[Reply(status=500, headers={"Retry-After": "0.01"}) for _ in range(3)])
    model = make_model(provider, "m", max_retries=2)
    # The client's own backoff runs between attempts; the bound is for the whole exchange.
    err = await run_and_catch(Agent(name="a", model=model), timeout=10)
    assert isinstance(err, ProviderServerError)
    assert len(provider.chat_requests) == 3


async def test_error_inside_a_200_body(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(raw_body=b'{"error": {"message": "upstream overloaded", "code": 502}}'))
    # max_retries=0: one attempt (a 502 is retried otherwise; see test_reliability_retry).
    err = await run_and_catch(Agent(name="a", model=make_model(provider, "m", max_retries=0)))
    assert "upstream overloaded" in str(err)


def test_model_repr_has_no_key(provider: LoopbackProvider) -> None:
    model = make_model(provider, "m")
    assert TEST_KEY not in repr(model)
    assert TEST_KEY not in repr(Agent(name="a", model=model))
