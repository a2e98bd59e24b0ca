"""Item 7: lone surrogates and invalid UTF-8 from a provider.

An answer (or tool-call arguments) holding a lone surrogate (`"\\ud800"` in the JSON) is
cleaned where it enters, so it is stored and sent again without `UnicodeEncodeError`, and the
session stays usable; a body that is not UTF-8 is a typed `ProviderResponseError`.
"""

from __future__ import annotations

import pytest

from agents import Agent
from agents import ModelSettings
from agents import ProviderResponseError
from agents import RetryPolicy
from agents import Runner
from agents import SQLiteSession
from agents import function_tool
from tests.helpers.runs import run_to_end

from .conftest import TEXT
from .conftest import Route
from .rawserver import Raw
from .rawserver import RawServer

ONE = ModelSettings(retry=RetryPolicy(max_attempts=1))


def with_surrogate(data: bytes) -> bytes:
    """The recorded answer with a lone surrogate escaped into its text."""
    return data.replace(b"Hello", b"He\\ud800llo", 1).replace(b"end.", b"\\udfffend.", 1)


async def run(agent: Agent, session: SQLiteSession, streamed: bool) -> str:
    result = await run_to_end(agent, "hi", streamed=streamed, session=session)
    return str(result.final_output)


async def test_lone_surrogate_answer_keeps_the_session_usable(
    route: Route, raw: RawServer, streamed: bool
) -> None:
    session = SQLiteSession("surrogates")
    if streamed:
        raw.enqueue(Raw(events=[with_surrogate(e) for e in route.text_events]))
    else:
        raw.enqueue(Raw(body=with_surrogate(route.text_body)))
    agent = Agent(name="a", model=route.model(raw), model_settings=ONE)
    first = await run(agent, session, streamed)
    assert "\ufffd" in first
    first.encode("utf-8")  # storable, sendable
    raw.enqueue(Raw(body=route.text_body))
    assert await run(agent, session, streamed=False) == TEXT  # the history is sent again
    history = raw.requests[-1]["body"]
    assert history is not None and "\ufffd" in str(history)


async def test_lone_surrogate_in_tool_arguments(route: Route, raw: RawServer) -> None:
    seen: list[str] = []

    @function_tool
    def lookup(city: str) -> str:
        """Look a city up."""
        seen.append(city)
        return city

    events = [e.replace(b"Pa", b"Pa\\ud800") for e in route.tool_events]
    raw.enqueue(Raw(events=events), route.text_stream())
    agent = Agent(name="a", model=route.model(raw), tools=[lookup], model_settings=ONE)
    result = Runner.run_streamed(agent, "hi")
    async for _ in result.stream_events():
        pass
    assert result.final_output == TEXT
    assert seen and "\ufffd" in seen[0]
    seen[0].encode("utf-8")


async def test_invalid_utf8_body_is_a_typed_error(route: Route, raw: RawServer) -> None:
    raw.enqueue(Raw(body=route.text_body.replace(b"Hello", b"He\xff\xfello", 1)))
    agent = Agent(name="a", model=route.model(raw), model_settings=ONE)
    with pytest.raises(ProviderResponseError):
        await Runner.run(agent, "hi")
