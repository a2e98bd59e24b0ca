"""A Temporal worker for the kill-and-resume test, run as its own process so it can be killed.

    python -m tests.scale.temporal_worker ADDRESS TASK_QUEUE WORKFLOW_ID BASE_URL LOG_DIR

It starts the workflow and hangs in the tool's first attempt, after writing
LOG_DIR/lookup.blocked; the test kills the process there. Models are reached through one
loopback provider at BASE_URL.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from pathlib import Path

from temporalio.client import Client
from temporalio.openai_agents import ModelActivityParameters
from temporalio.openai_agents import OpenAIAgentsPlugin
from temporalio.worker import Worker

from tests.scale import temporal_activities
from tests.scale.temporal_activities import PrefixProvider
from tests.scale.temporal_activities import lookup
from tests.scale.temporal_workflows import WeatherWorkflow


async def main() -> None:
    address, queue, workflow_id, base_url, log_dir = sys.argv[1:6]
    logs = Path(log_dir)
    temporal_activities.log_path = logs / "tools.log"
    temporal_activities.block_dir = logs
    plugin = OpenAIAgentsPlugin(
        model_params=ModelActivityParameters(start_to_close_timeout=timedelta(seconds=30)),
        model_provider=PrefixProvider({"alpha": base_url, "beta": base_url}),
    )
    client = await Client.connect(address, plugins=[plugin])
    worker = Worker(
        client,
        task_queue=queue,
        workflows=[WeatherWorkflow],
        activities=[lookup],
        max_cached_workflows=0,  # no sticky queue: the next worker gets the workflow at once
    )
    async with worker:
        await client.start_workflow(
            WeatherWorkflow.run, "weather in Paris?", id=workflow_id, task_queue=queue
        )
        await asyncio.Event().wait()  # until killed


if __name__ == "__main__":
    asyncio.run(main())
