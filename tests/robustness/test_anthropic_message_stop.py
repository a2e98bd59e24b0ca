"""Item 4, Anthropic through LiteLLM: a stream cut after `message_delta` is not an answer.

litellm reads the stop reason from `message_delta` and would close the stream as finished
even when the provider's `message_stop` never came; the route checks for it.
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

from .conftest import TEXT, Route, route_by_name
from .rawserver import Raw, RawServer

RETRY_ONCE = ModelSettings(retry=RetryPolicy(max_attempts=2, initial_delay=0, jitter=0))
NO_RETRY = ModelSettings(retry=RetryPolicy(max_attempts=1))


@pytest.fixture
def claude() -> Route:
    pytest.importorskip("litellm")
    return route_by_name("litellm")


def without_stop(events: list[bytes]) -> list[bytes]:
    kept = [e for e in events if b"message_stop" not in e]
    assert len(kept) == len(events) - 1 and b"message_delta" in kept[-1]
    return kept


async def test_text_cut_after_message_delta_is_an_error(claude: Route, raw: RawServer) -> None:
    session = SQLiteSession("no-message-stop")
    raw.enqueue(Raw(events=without_stop(claude.text_events)))
    agent = Agent(name="a", model=claude.model(raw), model_settings=NO_RETRY)
    result = Runner.run_streamed(agent, "hi", session=session)
    with pytest.raises(ProviderConnectionError, match="message_stop"):
        async for _ in result.stream_events():
            pass
    assert await session.get_items() == []
    # The whole stream is still an answer, and the session is usable.
    raw.enqueue(claude.text_stream())
    again = Runner.run_streamed(agent, "hi", session=session)
    async for _ in again.stream_events():
        pass
    assert again.final_output == TEXT
    assert [i.get("role") for i in await session.get_items()] == ["user", "assistant"]


async def test_nothing_shown_yet_is_retried(claude: Route, raw: RawServer) -> None:
    head = [e for e in claude.text_events if b"message_start" in e or b"message_delta" in e]
    raw.enqueue(Raw(events=head), claude.text_stream())
    agent = Agent(name="a", model=claude.model(raw), model_settings=RETRY_ONCE)
    result = Runner.run_streamed(agent, "hi")
    async for _ in result.stream_events():
        pass
    assert result.final_output == TEXT
    assert len(raw.requests) == 2


async def test_tool_call_cut_after_message_delta_never_runs(claude: Route, raw: RawServer) -> None:
    calls: list[str] = []

    @function_tool
    def lookup(city: str) -> str:
        """Look a city up."""
        calls.append(city)
        return "found"

    session = SQLiteSession("no-message-stop-tool")
    raw.enqueue(Raw(events=without_stop(claude.tool_events)))
    agent = Agent(name="a", model=claude.model(raw), tools=[lookup], model_settings=NO_RETRY)
    result = Runner.run_streamed(agent, "hi", session=session)
    with pytest.raises(ProviderConnectionError, match="message_stop"):
        async for _ in result.stream_events():
            pass
    assert calls == []
    assert await session.get_items() == []


@pytest.mark.parametrize("framing", ["events", "data only"])
async def test_ping_before_message_stop_is_a_whole_answer(
    claude: Route, raw: RawServer, framing: str
) -> None:
    """litellm stops reading at the ping after the stop reason; the rest is read for it."""
    events = list(claude.text_events)
    ping = b'event: ping\ndata: {"type":"ping"}\n\n'
    events.insert(len(events) - 1, ping)
    if framing == "data only":
        events = [
            b"\n".join(ln for ln in e.split(b"\n") if not ln.startswith(b"event:")) for e in events
        ]
    raw.enqueue(Raw(events=events))
    agent = Agent(name="a", model=claude.model(raw), model_settings=NO_RETRY)
    result = Runner.run_streamed(agent, "hi")
    async for _ in result.stream_events():
        pass
    assert result.final_output == TEXT
