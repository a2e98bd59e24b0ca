"""Items 4 and 5: a stream that stops early is never a complete answer.

A stream that ends cleanly (the HTTP body is well formed) but before its closing events (a
finish reason or `[DONE]`, Anthropic's `message_delta`/`message_stop`, the Responses API's
`response.completed`) is a typed, retryable `ProviderConnectionError`; it is retried while
nothing of it has been shown, and is never stored in a session as a complete answer.
"""

from __future__ import annotations

from agents import Agent
from agents import ModelSettings
from agents import ProviderConnectionError
from agents import RetryPolicy
from agents import SQLiteSession
from tests.helpers.runs import run_to_end

from .conftest import TEXT
from .conftest import Route
from .cut_streams import RETRY_ONCE
from .cut_streams import assert_cut_text_not_saved
from .cut_streams import counted_lookup
from .rawserver import Raw
from .rawserver import RawServer


async def test_cut_text_stream_is_an_error_and_not_saved(route: Route, raw: RawServer) -> None:
    await assert_cut_text_not_saved(
        route,
        raw,
        route.cut_text(),
        match="ended before the answer was complete",
        session_id="cut-text",
    )


async def test_cut_tool_call_never_runs_the_tool(route: Route, raw: RawServer) -> None:
    lookup, calls = counted_lookup()
    session = SQLiteSession("cut-tool")
    raw.enqueue(Raw(events=route.cut_tool()), route.text_stream())
    agent = Agent(name="a", model=route.model(raw), tools=[lookup], model_settings=RETRY_ONCE)
    try:
        result = await run_to_end(agent, "hi", streamed=True, session=session)
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
    result = await run_to_end(agent, "hi", streamed=True)
    assert result.final_output == TEXT
    assert len(raw.requests) == 3
