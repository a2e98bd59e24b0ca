"""A fresh process that resumes a paused run: `python -m tests.approvals.resume_child STATE URL`.

It rebuilds the agents (Claude through LiteLLM at URL, thinking on), reads the state file,
approves every pending call, finishes the run and prints what the parent test checks.
"""

from __future__ import annotations

import asyncio
import json
import sys

from agents import ModelSettings
from agents import RunConfig
from agents import Runner
from agents import RunState
from agents.extensions.models.litellm_model import LitellmModel
from tests.approvals.graph import CALLS
from tests.approvals.graph import build

KEY = "sk-ant-approvals-0123456789"
CLAUDE = "anthropic/claude-3-7-sonnet-20250219"
THINKING = ModelSettings(extra_args={"thinking": {"type": "enabled", "budget_tokens": 1024}})


def claude_mailer(base_url: str) -> object:
    _, mailer = build(LitellmModel(model=CLAUDE, base_url=base_url, api_key=KEY))
    mailer.model_settings = THINKING
    return mailer


async def main(path: str, base_url: str) -> None:
    mailer = claude_mailer(base_url)
    with open(path) as f:
        state = await RunState.from_string(mailer, f.read())  # type: ignore[arg-type]
    for item in state.get_interruptions():
        state.approve(item)
    result = await Runner.run(mailer, state, run_config=RunConfig(tracing_disabled=True))  # type: ignore[arg-type]
    usage = result.context_wrapper.usage
    print(
        json.dumps(
            {
                "final_output": result.final_output,
                "calls": CALLS,
                "requests": usage.requests,
                "turn": result.to_state().current_turn,
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
