"""Workflows for the Temporal tests: ordinary agent code inside a Temporal workflow.

Kept in their own module so Temporal's workflow sandbox can import them by name.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.openai_agents.workflow import activity_as_tool

with workflow.unsafe.imports_passed_through():
    from agents import Agent
    from agents import Runner
    from tests.scale.temporal_activities import lookup

# A dead worker is noticed after one missed heartbeat second; the retry starts at once.
LOOKUP = activity_as_tool(
    lookup,
    start_to_close_timeout=timedelta(seconds=30),
    heartbeat_timeout=timedelta(seconds=1),
    retry_policy=RetryPolicy(initial_interval=timedelta(milliseconds=100)),
)


@workflow.defn
class WeatherWorkflow:
    """An agent with a tool (an activity) on one provider, then an agent on another."""

    @workflow.run
    async def run(self, prompt: str) -> list[str]:
        weather = Agent(
            name="weather", instructions="Use lookup.", model="alpha/first-model", tools=[LOOKUP]
        )
        first = await Runner.run(weather, prompt)
        echo = Agent(name="echo", instructions="Repeat.", model="beta/second-model")
        second = await Runner.run(echo, str(first.final_output))
        return [str(first.final_output), str(second.final_output)]
