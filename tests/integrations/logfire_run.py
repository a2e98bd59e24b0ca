"""Run the instrumentation scenario under Logfire's openai-agents integration and print the
exported spans as JSON (one process per run: Logfire configures OpenTelemetry globally)."""

from __future__ import annotations

import asyncio
import json
import sys

import logfire
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from agents import Agent, Runner
from tests.integrations.test_instrumentations import ROUTES, add


async def main(route: str) -> None:
    make_model = ROUTES[route][0]
    with make_model() as model:
        calc = Agent(name="calc", instructions="Add numbers.", tools=[add], model=model)
        triage = Agent(name="triage", instructions="Route.", handoffs=[calc], model=model)
        result = await Runner.run(triage, "What is 1+2?")
    usages = [[r.usage.input_tokens, r.usage.output_tokens] for r in result.raw_responses]
    print(json.dumps({"final": result.final_output, "usages": usages}))


if __name__ == "__main__":
    exporter = InMemorySpanExporter()
    logfire.configure(
        send_to_logfire=False,
        console=False,
        additional_span_processors=[SimpleSpanProcessor(exporter)],
    )
    logfire.instrument_openai_agents()
    asyncio.run(main(sys.argv[1]))
    spans = [
        {"name": s.name, "attributes": {k: v for k, v in (s.attributes or {}).items()}}
        for s in exporter.get_finished_spans()
    ]
    print(json.dumps(spans, default=str))
