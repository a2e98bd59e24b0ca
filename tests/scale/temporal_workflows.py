"""Workflows for the Temporal tests: ordinary agent code inside a Temporal workflow.

Kept in their own module so Temporal's workflow sandbox can import them by name.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from agents import Agent, Runner


@workflow.defn
class TwoProviderWorkflow:
    """One agent on each of two providers; each model call runs as an activity."""

    @workflow.run
    async def run(self, prompt: str) -> list[str]:
        answers = []
        for model in ("alpha/first-model", "beta/second-model"):
            agent = Agent(name="durable", instructions="Answer briefly.", model=model)
            result = await Runner.run(agent, prompt)
            answers.append(str(result.final_output))
        return answers
