"""Items 4 and 5: a stream that stops early is never a complete answer.

A stream that ends cleanly (the HTTP body is well formed) but before its closing events (a
finish reason or `[DONE]`, Anthropic's `message_delta`/`message_stop`, the Responses API's
`response.completed`) is a typed, retryable `ProviderConnectionError`; it is retried while
nothing of it has been shown, and is never stored in a session as a complete answer.
"""

from __future__ import annotations

import pytest

from agents import (
    Agent,
    ModelSettings,
    ProviderConnectionError,
    RetryPolicy,
    Runner,
    SQLiteSession,
    function_tool,
)

from .conftest import TEXT, Route
from .rawserver import Raw, RawServer

RETRY_ONCE = ModelSettings(retry=RetryPolicy(max_attempts=2, initial_delay=0, jitter=0))
NO_RETRY = ModelSettings(retry=RetryPolicy(max_attempts=1))


async def test_cut_text_stream_is_an_error_and_not_saved(route: Route, raw: RawServer) -> None:
    session = SQLiteSession("cut-text")
    raw.enqueue(Raw(events=route.cut_text()))
    agent = Agent(name="a", model=route.model(raw), model_settings=NO_RETRY)
    result = Runner.run_streamed(agent, "hi", session=session)
    with pytest.raises(ProviderConnectionError, match="ended before the answer was complete"):
        async for _ in result.stream_events():
            pass
    assert await session.get_items() == []
    # The session is still usable, and the next run gets the whole answer.
    raw.enqueue(route.text_stream())
    again = Runner.run_streamed(agent, "hi", session=session)
    async for _ in again.stream_events():
        pass
    assert again.final_output == TEXT
    assert [i.get("role") for i in await session.get_items()] == ["user", "assistant"]


async def test_cut_tool_call_never_runs_the_tool(route: Route, raw: RawServer) -> None:
    calls: list[str] = []

    @function_tool
    def lookup(city: str) -> str:
        """Look a city up."""
        calls.append(city)
        return "found"

    session = SQLiteSession("cut-tool")
    raw.enqueue(Raw(events=route.cut_tool()), route.text_stream())
    agent = Agent(name="a", model=route.model(raw), tools=[lookup], model_settings=RETRY_ONCE)
    result = Runner.run_streamed(agent, "hi", session=session)
    try:
        async for _ in result.stream_events():
            pass
    except ProviderConnectionError:
        assert await session.get_items() == []  # shown in part, so raised: nothing saved
    else:
        assert result.final_output == TEXT  # nothing shown yet, so retried
        assert len(raw.requests) == 2
    assert calls == []
    saved = await session.get_items()
    assert not [i for i in saved if i.get("type") == "function_call"]


async def test_stream_closed_before_content_is_retried(route: Route, raw: RawServer) -> None:
    """Item 5: a clean close before any content is retried like a reset at the same point."""
    head = [e for e in route.text_events[:1] if b"[DONE]" not in e]
    raw.enqueue(Raw(events=head), Raw(events=[]), route.text_stream())
    settings = ModelSettings(retry=RetryPolicy(max_attempts=3, initial_delay=0, jitter=0))
    agent = Agent(name="a", model=route.model(raw), model_settings=settings)
    result = Runner.run_streamed(agent, "hi")
    async for _ in result.stream_events():
        pass
    assert result.final_output == TEXT
    assert len(raw.requests) == 3
