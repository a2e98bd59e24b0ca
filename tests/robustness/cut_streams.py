"""The checks every cut-stream test makes, in one place: a stream that ends before its
closing events raises a typed `ProviderConnectionError`, saves nothing in the session, leaves
the session usable for the next run, and never runs a tool whose call it cut."""

from __future__ import annotations

import pytest

from agents import Agent
from agents import FunctionTool
from agents import ModelSettings
from agents import ProviderConnectionError
from agents import RetryPolicy
from agents import SQLiteSession
from agents import function_tool
from tests.helpers.runs import run_to_end

from .conftest import TEXT
from .conftest import Route
from .rawserver import Raw
from .rawserver import RawServer

RETRY_ONCE = ModelSettings(retry=RetryPolicy(max_attempts=2, initial_delay=0, jitter=0))
NO_RETRY = ModelSettings(retry=RetryPolicy(max_attempts=1))


async def assert_cut_text_not_saved(
    route: Route, raw: RawServer, cut: list[bytes], *, match: str, session_id: str
) -> None:
    """`cut` (served once, not retried) raises `match` and saves nothing; the whole stream
    served next is the answer, saved as one user/assistant exchange."""
    session = SQLiteSession(session_id)
    raw.enqueue(Raw(events=cut))
    agent = Agent(name="a", model=route.model(raw), model_settings=NO_RETRY)
    with pytest.raises(ProviderConnectionError, match=match):
        await run_to_end(agent, "hi", streamed=True, session=session)
    assert await session.get_items() == []
    # The session is still usable, and the next run gets the whole answer.
    raw.enqueue(route.text_stream())
    again = await run_to_end(agent, "hi", streamed=True, session=session)
    assert again.final_output == TEXT
    assert [i.get("role") for i in await session.get_items()] == ["user", "assistant"]


def counted_lookup() -> tuple[FunctionTool, list[str]]:
    """A `lookup` tool and the list of the cities it was called with."""
    calls: list[str] = []

    @function_tool
    def lookup(city: str) -> str:
        """Look a city up."""
        calls.append(city)
        return "found"

    return lookup, calls
