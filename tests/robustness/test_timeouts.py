"""Item 6: the silence between content events is bounded; keep-alives do not reset it.

`ModelSettings(timeout=...)` bounds the time between two content events of a stream. SSE
comments (`: keep-alive`) and empty events reset the HTTP read timeout, so a server sending
only those held a run forever; now it is a `ProviderTimeoutError`. Without a timeout set,
every request is still bounded (`DEFAULT_TIMEOUT`, 300 s) instead of the client's 600 s.
"""

from __future__ import annotations

import time

import pytest

from agents import Agent
from agents import ModelSettings
from agents import ProviderTimeoutError
from agents import RetryPolicy
from agents import Runner
from agents.models.wire import stream_guard

from .conftest import TEXT
from .conftest import Route
from .rawserver import Raw
from .rawserver import RawServer

ONE_ATTEMPT = RetryPolicy(max_attempts=1)
KEEP_ALIVES = [b": keep-alive\n\n"] * 60


async def test_keep_alive_comments_do_not_reset_the_timeout(route: Route, raw: RawServer) -> None:
    head = route.text_events[:1]
    raw.enqueue(Raw(events=head + KEEP_ALIVES, gap=0.05, end="hang", hold=5))
    settings = ModelSettings(timeout=0.4, retry=ONE_ATTEMPT)
    agent = Agent(name="a", model=route.model(raw), model_settings=settings)
    started = time.monotonic()
    result = Runner.run_streamed(agent, "hi")
    with pytest.raises(ProviderTimeoutError):
        async for _ in result.stream_events():
            pass
    assert time.monotonic() - started < 2.5  # the comments went on for 3 s


async def test_slow_but_steady_stream_is_not_cut(route: Route, raw: RawServer) -> None:
    """The bound is between content events, not on the whole answer: 10-15 events 0.15 s
    apart last longer than the 1 s bound, and each gap leaves room for a loaded machine."""
    raw.enqueue(route.text_stream(gap=0.15))
    settings = ModelSettings(timeout=1.0, retry=ONE_ATTEMPT)
    agent = Agent(name="a", model=route.model(raw), model_settings=settings)
    result = Runner.run_streamed(agent, "hi")
    async for _ in result.stream_events():
        pass
    assert result.final_output == TEXT


async def test_a_default_bound_applies_without_a_timeout(
    route: Route, raw: RawServer, streamed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream_guard, "DEFAULT_TIMEOUT", 0.4)
    if streamed:
        raw.enqueue(Raw(events=route.text_events[:1] + KEEP_ALIVES, gap=0.05, end="hang", hold=5))
    else:
        raw.enqueue(Raw(body=route.text_body, delay=5))
    agent = Agent(name="a", model=route.model(raw), model_settings=ModelSettings(retry=ONE_ATTEMPT))
    started = time.monotonic()
    with pytest.raises(ProviderTimeoutError):
        if streamed:
            async for _ in Runner.run_streamed(agent, "hi").stream_events():
                pass
        else:
            await Runner.run(agent, "hi")
    assert time.monotonic() - started < 2.5


def test_the_default_bound_is_sane() -> None:
    from openai import AsyncOpenAI

    client_default = AsyncOpenAI(api_key="k").timeout
    assert stream_guard.effective_timeout(None, client_default) == stream_guard.DEFAULT_TIMEOUT
    assert stream_guard.DEFAULT_TIMEOUT <= 300
    assert stream_guard.effective_timeout(None, 42.0) == 42.0  # a client's own choice stays
    assert stream_guard.effective_timeout(7, client_default) == 7.0
