"""Resume a RunState JSON written by freeagents with the reference SDK (openai-agents 0.24).

    /work/refvenv/bin/python scripts/resume_in_reference.py STATE.json

Builds the graph of `scripts/make_run_state_fixtures.py` (scripted mailer answering "Sent."),
loads the state, approves every interruption, finishes the run and prints a JSON report.
"""

from __future__ import annotations

import asyncio
import json
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])

from make_run_state_fixtures import graph

from agents import Runner
from agents import RunState
from agents.testing import ModelStep
from agents.testing import assistant_message


async def main(path: str) -> None:
    triage, mailer = graph([], [ModelStep(output=[assistant_message("Sent.")])])
    with open(path) as f:
        state = await RunState.from_string(triage, f.read())
    pending = state.get_interruptions()
    for item in pending:
        state.approve(item)
    result = await Runner.run(triage, state)
    calls = mailer.model.calls  # type: ignore[union-attr]
    print(
        json.dumps(
            {
                "pending": [item.name for item in pending],
                "final_output": result.final_output,
                "last_agent": result.last_agent.name,
                "requests": result.context_wrapper.usage.requests,
                "model_calls": len(calls),
                "sent_types": [i.get("type") for i in calls[0].input if isinstance(i, dict)],
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
