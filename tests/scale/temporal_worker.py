"""A Temporal worker for the kill-and-resume test, run as its own process so it can be killed.

    python -m tests.scale.temporal_worker ADDRESS TASK_QUEUE WORKFLOW_ID BASE_URL LOG_DIR MODE

MODE ``block`` starts the workflow and hangs in the tool's first attempt (the test kills the
process there); MODE ``resume`` only runs a worker and waits for the workflow's result, which
it writes to LOG_DIR/result.txt. Both reach the model through one loopback provider.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from pathlib import Path

from temporalio.client import Client
from temporalio.contrib.openai_agents import ModelActivityParameters, OpenAIAgentsPlugin
from temporalio.worker import Worker

from tests.scale import temporal_activities
from tests.scale.temporal_activities import PrefixProvider, lookup
from tests.scale.temporal_workflows import WeatherWorkflow


async def main() -> None:
    address, queue, workflow_id, base_url, log_dir, mode = sys.argv[1:7]
    logs = Path(log_dir)
    temporal_activities.log_path = logs / "tools.log"
    if mode == "block":
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
        if mode == "block":
            handle = await client.start_workflow(
                WeatherWorkflow.run, "weather in Paris?", id=workflow_id, task_queue=queue
            )
        else:
            handle = client.get_workflow_handle(workflow_id)
        answers = await handle.result()
    (logs / "result.txt").write_text("\n".join(answers))


if __name__ == "__main__":
    asyncio.run(main())
