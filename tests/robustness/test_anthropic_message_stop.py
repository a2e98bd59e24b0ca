"""Item 4, Anthropic through LiteLLM: a stream cut after `message_delta` is not an answer.

litellm reads the stop reason from `message_delta` and would close the stream as finished
even when the provider's `message_stop` never came; the route checks for it.
"""

from __future__ import annotations

import pytest

from agents import Agent
from agents import ProviderConnectionError
from agents import SQLiteSession
from tests.helpers.runs import run_to_end

from .conftest import TEXT
from .conftest import Route
from .conftest import route_by_name
from .cut_streams import NO_RETRY
from .cut_streams import RETRY_ONCE
from .cut_streams import assert_cut_text_not_saved
from .cut_streams import counted_lookup
from .rawserver import Raw
from .rawserver import RawServer


@pytest.fixture
def claude() -> Route:
    pytest.importorskip("litellm")
    return route_by_name("litellm")


def without_stop(events: list[bytes]) -> list[bytes]:
    kept = [e for e in events if b"message_stop" not in e]
    assert len(kept) == len(events) - 1 and b"message_delta" in kept[-1]
    return kept


async def test_text_cut_after_message_delta_is_an_error(claude: Route, raw: RawServer) -> None:
    cut = without_stop(claude.text_events)
    await assert_cut_text_not_saved(
        claude, raw, cut, match="message_stop", session_id="no-message-stop"
    )


async def test_nothing_shown_yet_is_retried(claude: Route, raw: RawServer) -> None:
    head = [e for e in claude.text_events if b"message_start" in e or b"message_delta" in e]
    raw.enqueue(Raw(events=head), claude.text_stream())
    agent = Agent(name="a", model=claude.model(raw), model_settings=RETRY_ONCE)
    result = await run_to_end(agent, "hi", streamed=True)
    assert result.final_output == TEXT
    assert len(raw.requests) == 2


async def test_tool_call_cut_after_message_delta_never_runs(claude: Route, raw: RawServer) -> None:
    lookup, calls = counted_lookup()
    session = SQLiteSession("no-message-stop-tool")
    raw.enqueue(Raw(events=without_stop(claude.tool_events)))
    agent = Agent(name="a", model=claude.model(raw), tools=[lookup], model_settings=NO_RETRY)
    with pytest.raises(ProviderConnectionError, match="message_stop"):
        await run_to_end(agent, "hi", streamed=True, session=session)
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
    result = await run_to_end(agent, "hi", streamed=True)
    assert result.final_output == TEXT
