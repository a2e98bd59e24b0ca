"""Run the instrumentation scenario under Logfire's openai-agents integration, once per
route named, and print each run's summary and exported spans as one JSON line (a process of
its own, since Logfire configures OpenTelemetry globally; configured once, for every route)."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import logfire
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from agents import Agent
from agents import Runner
from tests.integrations.test_instrumentations import ROUTES
from tests.integrations.test_instrumentations import add


async def main(route: str) -> dict[str, Any]:
    make_model = ROUTES[route][0]
    with make_model() as model:
        calc = Agent(name="calc", instructions="Add numbers.", tools=[add], model=model)
        triage = Agent(name="triage", instructions="Route.", handoffs=[calc], model=model)
        result = await Runner.run(triage, "What is 1+2?")
    usages = [[r.usage.input_tokens, r.usage.output_tokens] for r in result.raw_responses]
    return {"final": result.final_output, "usages": usages}


if __name__ == "__main__":
    exporter = InMemorySpanExporter()
    logfire.configure(
        send_to_logfire=False,
        console=False,
        additional_span_processors=[SimpleSpanProcessor(exporter)],
    )
    logfire.instrument_openai_agents()
    for route in sys.argv[1:]:
        summary = asyncio.run(main(route))
        spans = [
            {"name": s.name, "attributes": {k: v for k, v in (s.attributes or {}).items()}}
            for s in exporter.get_finished_spans()
        ]
        exporter.clear()  # the next route's spans alone
        print(json.dumps({"route": route, "summary": summary, "spans": spans}, default=str))
