"""A durable agent worker for the DBOS tests, run as its own process so it can be killed.

    python -m tests.scale.dbos_worker DB_URL BASE_URL LOG_DIR WORKFLOW_ID MODEL_PLACE

The agent calls tool ``first`` then tool ``second`` (each a DBOS step) and then answers.
``second`` blocks the first time it runs (the test kills the process there) and finishes
when run again. Every tool start and finish is appended to LOG_DIR/tools.log; the final
output goes to LOG_DIR/result.txt. MODEL_PLACE is ``run_config`` (the model given as an
instance in RunConfig) or ``agent`` (the model set on the Agent).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from dbos import DBOS
from dbos import SetWorkflowID
from dbos_openai_agents import DBOSRunner
from openai import AsyncOpenAI

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import function_tool

KEY = "sk-dbos-loopback-0123456789"


def main() -> None:
    db_url, base_url, log_dir, workflow_id, place = sys.argv[1:6]
    logs = Path(log_dir)
    tool_log = logs / "tools.log"

    def log(line: str) -> None:
        with tool_log.open("a") as handle:
            handle.write(line + "\n")

    @DBOS.step()
    async def first_step() -> str:
        log("first started")
        log("first finished")
        return "first done"

    @DBOS.step()
    async def second_step() -> str:
        log("second started")
        marker = logs / "second.blocked"
        if not marker.exists():
            marker.write_text("waiting to be killed")
            await asyncio.sleep(3600)
        log("second finished")
        return "second done"

    @function_tool
    async def first() -> str:
        """The first tool."""
        return await first_step()

    @function_tool
    async def second() -> str:
        """The second tool."""
        return await second_step()

    model = OpenAIChatCompletionsModel(
        model="durable-model", openai_client=AsyncOpenAI(api_key=KEY, base_url=base_url)
    )
    agent = Agent(
        name="durable",
        instructions="Use the tools in order.",
        tools=[first, second],
        model=model if place == "agent" else None,
    )
    run_config = RunConfig(model=model) if place == "run_config" else RunConfig()

    @DBOS.workflow()
    async def durable_run(prompt: str) -> str:
        result = await DBOSRunner.run(agent, prompt, run_config=run_config)
        return str(result.final_output)

    DBOS(config={"name": "freeagents-scale", "system_database_url": db_url})
    DBOS.launch()  # recovers this workflow when a previous worker died in it

    async def go() -> str:
        with SetWorkflowID(workflow_id):
            handle = await DBOS.start_workflow_async(durable_run, "do the two things")
        return str(await handle.get_result())

    (logs / "result.txt").write_text(asyncio.run(go()))
    DBOS.destroy()


if __name__ == "__main__":
    main()
