"""A Responses stream whose event is JSON but not an event (`data: null`, a bare number) is a
typed ProviderResponseError naming the endpoint, not an AttributeError from inside the run
(found by the fuzz tests)."""

from __future__ import annotations

import pytest

from agents import Agent
from agents import ModelSettings
from agents import ProviderResponseError
from agents import RetryPolicy
from agents import Runner

from .conftest import route_by_name
from .rawserver import Raw
from .rawserver import RawServer


@pytest.mark.parametrize("payload", [b"null", b"42", b'"text"', b"[]"])
async def test_a_responses_stream_event_that_is_not_an_event(
    raw: RawServer, payload: bytes
) -> None:
    route = route_by_name("responses")
    events = [*route.text_events[:2], b"data: " + payload + b"\n\n", *route.text_events[2:]]
    raw.enqueue(Raw(events=events))
    settings = ModelSettings(retry=RetryPolicy(max_attempts=1))
    agent = Agent(name="a", model=route.model(raw), model_settings=settings)
    result = Runner.run_streamed(agent, "hi")
    with pytest.raises(ProviderResponseError, match="not a Responses API event") as raised:
        async for _ in result.stream_events():
            pass
    assert raw.url.split("//")[1].split("/")[0] in str(raised.value)
