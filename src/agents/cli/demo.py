"""`freeagents demo`: the guide's patterns end to end, on loopback providers, with no key.

Each step goes over real HTTP through the real `openai` client to a scripted server on
127.0.0.1 that answers in the shape of the provider it stands for, so what the demo shows is
what a run against that provider does.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import IO
from typing import Any

from openai import AsyncOpenAI
from pydantic import BaseModel

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import Runner
from agents import RunResult
from agents import Usage
from agents import function_tool
from agents.stream_events import RawResponsesStreamEvent
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall


class CityFacts(BaseModel):
    city: str
    country: str
    population_millions: float


@function_tool
def get_weather(city: str) -> str:
    """Today's weather for a city.

    Args:
        city: The city's name.
    """
    return f"Sunny and 22 C in {city}"


@dataclass
class Step:
    title: str
    provider: str
    model: str
    output: str
    usage: Usage


def _model(server: LoopbackProvider, prefix: str, name: str) -> OpenAIChatCompletionsModel:
    client = AsyncOpenAI(api_key=f"demo-{server.name}-key", base_url=server.url(prefix))
    return OpenAIChatCompletionsModel(model=name, openai_client=client)


def _step(title: str, server: LoopbackProvider, result: RunResult | Any) -> Step:
    model = server.chat_requests[-1]["model"]
    return Step(title, server.name, model, str(result.final_output), result.context_wrapper.usage)


async def _run_steps(gemini: LoopbackProvider, groq: LoopbackProvider, out: IO[str]) -> list[Step]:
    steps: list[Step] = []
    flash = _model(gemini, "/v1beta/openai/", "gemini-2.5-flash")
    fast = _model(groq, "/openai/v1", "llama-3.1-8b-instant")
    no_tracing = RunConfig(tracing_disabled=True)

    agent = Agent(name="assistant", instructions="You are a helpful assistant.")
    result = await Runner.run(
        agent, "What is the capital of France?", run_config=RunConfig(model=flash)
    )
    steps.append(_step("RunConfig model (Gemini)", gemini, result))

    groq.enqueue(
        Reply(tool_calls=[ToolCall("get_weather", {"city": "Paris"})]),
        Reply(text="It is sunny and 22 C in Paris today."),
    )
    weather = Agent(name="weather", instructions="Use tools.", tools=[get_weather], model=fast)
    result = await Runner.run(weather, "Weather in Paris?", run_config=no_tracing)
    steps.append(_step("Function tool (Groq)", groq, result))

    gemini.enqueue(Reply(text='{"city": "Paris", "country": "France", "population_millions": 2.1}'))
    facts = Agent(name="facts", output_type=CityFacts, model=flash)
    result = await Runner.run(facts, "Facts about Paris", run_config=no_tracing)
    steps.append(_step("Structured output (Gemini)", gemini, result))

    out.write("\nStreaming from Groq: ")
    streamed = Runner.run_streamed(Agent(name="streamer", model=fast), "Say hello slowly")
    async for event in streamed.stream_events():
        if (
            isinstance(event, RawResponsesStreamEvent)
            and event.data.type == "response.output_text.delta"
        ):
            out.write(event.data.delta)
            out.flush()
    out.write("\n")
    steps.append(_step("Streaming (Groq)", groq, streamed))

    smart = _model(gemini, "/v1beta/openai/", "gemini-2.5-pro")
    fast_agent = Agent(name="fast", instructions="Quick responses.", model=fast)
    smart_agent = Agent(name="smart", instructions="Detailed analysis.", model=smart)
    for query in ("Hi!", "Compare the economic policies of three European countries in depth."):
        target, server = (fast_agent, groq) if len(query) < 50 else (smart_agent, gemini)
        result = await Runner.run(target, query, run_config=no_tracing)
        steps.append(_step(f"Multi-model route: {target.name}", server, result))
    return steps


def _table(steps: list[Step]) -> str:
    header = ("step", "provider", "model", "requests", "input", "output", "total")
    rows = [
        (
            s.title,
            s.provider,
            s.model,
            str(s.usage.requests),
            str(s.usage.input_tokens),
            str(s.usage.output_tokens),
            str(s.usage.total_tokens),
        )
        for s in steps
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def run_demo(out: IO[str]) -> int:
    """Run every step, print what each reached, and a usage table; 0 when all succeeded."""
    out.write("freeagents demo: loopback providers on 127.0.0.1, no key, no network.\n")
    with LoopbackProvider("gemini") as gemini, LoopbackProvider("groq") as groq:
        steps = asyncio.run(_run_steps(gemini, groq, out))
    out.write("\n")
    for step in steps:
        out.write(f"{step.title}\n  -> {step.provider} / {step.model}: {step.output}\n")
    out.write("\nUsage\n" + _table(steps) + "\n")
    return 0
