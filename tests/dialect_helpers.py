"""Shared pieces of the dialect tests: a provider from the table pointed at a loopback server,
a recording tool, and one way to run streamed or not."""

from __future__ import annotations

from collections.abc import AsyncIterator
from collections.abc import Iterator
from contextlib import asynccontextmanager
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from typing import Any

import pytest

from agents import Agent
from agents import ModelSettings
from agents import RunConfig
from agents import function_tool
from agents.items import ReasoningItem
from agents.items import ToolCallItem
from agents.models.providers.catalogue import get_provider
from agents.result import RunResultBase
from agents.stream_events import RawResponsesStreamEvent
from agents.stream_events import RunItemStreamEvent
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import WireShape

from .helpers.runs import run_either_way

PROVIDER_KEY = "prov-key-0123456789abcdef"


@contextmanager
def table_provider_on_loopback(
    monkeypatch: pytest.MonkeyPatch, name: str, wire: WireShape | None = None
) -> Iterator[LoopbackProvider]:
    """The table's provider `name`, reached at a loopback server through <NAME>_BASE_URL."""
    spec = get_provider(name)
    assert spec is not None
    key = PROVIDER_KEY if spec.key_required else None
    with LoopbackProvider(name, api_key=key, wire=wire) as server:
        monkeypatch.setenv(spec.base_url_env, server.base_url)
        if spec.api_key_env and key:
            monkeypatch.setenv(spec.api_key_env, key)
        yield server


@dataclass
class Weather:
    """A tool that records the arguments it was called with."""

    calls: list[str] = field(default_factory=list)

    def tool(self) -> Any:
        @function_tool
        def get_weather(city: str) -> str:
            """Get the current weather in a city."""
            self.calls.append(city)
            return f"sunny in {city}"

        return get_weather


@dataclass
class Outcome:
    result: RunResultBase
    events: list[Any]

    @property
    def reasoning_items(self) -> list[ReasoningItem]:
        return [i for i in self.result.new_items if isinstance(i, ReasoningItem)]

    @property
    def tool_calls(self) -> list[ToolCallItem]:
        return [i for i in self.result.new_items if isinstance(i, ToolCallItem)]

    def item_event_names(self) -> list[str]:
        return [e.name for e in self.events if isinstance(e, RunItemStreamEvent)]

    def raw_types(self) -> list[str]:
        return [e.data.type for e in self.events if isinstance(e, RawResponsesStreamEvent)]


async def run(agent: Agent[Any], input: Any, streamed: bool) -> Outcome:
    config = RunConfig(tracing_disabled=True)
    return Outcome(*await run_either_way(agent, input, streamed=streamed, run_config=config))


def reasoning_text(outcome: Outcome) -> str:
    return "".join(s.text for item in outcome.reasoning_items for s in item.raw_item.summary)


@dataclass
class WeatherRun:
    """A run that had the weather tool, and the server it ran against (still up)."""

    server: LoopbackProvider
    agent: Agent[Any]
    outcome: Outcome
    weather: Weather


@asynccontextmanager
async def weather_run(
    model: str,
    *replies: Reply,
    streamed: bool = False,
    question: Any = "Weather in Paris?",
    wire: WireShape | None = None,
    settings: ModelSettings | None = None,
) -> AsyncIterator[WeatherRun]:
    """The table's provider named by `model`'s prefix answers `replies` to `question` for an
    agent with the weather tool; the server stays up in the block, for follow-up turns."""
    weather = Weather()
    with (
        pytest.MonkeyPatch.context() as monkeypatch,
        table_provider_on_loopback(monkeypatch, model.split("/")[0], wire) as server,
    ):
        server.enqueue(*replies)
        agent = Agent(name="weather", model=model, tools=[weather.tool()])
        if settings is not None:
            agent.model_settings = settings
        outcome = await run(agent, question, streamed)
        yield WeatherRun(server, agent, outcome, weather)
