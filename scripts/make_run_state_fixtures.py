"""Write RunState JSON fixtures with the reference SDK (openai-agents 0.24), for tests/approvals.

Run it with the reference's own interpreter, in a virtual environment where openai-agents is
installed (never this project's: both are imported as `agents`):

    /work/refvenv/bin/python scripts/make_run_state_fixtures.py tests/data/run_state

The runs use the reference's ScriptedModel, so no network is involved. The agents, tools and
call ids are those `tests/approvals/reference_graph.py` rebuilds on the freeagents side.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from openai.types.responses import ResponseReasoningItem
from openai.types.responses.response_reasoning_item import Summary

from agents import Agent  # the reference's, in its venv
from agents import Runner  # the reference's, in its venv
from agents import function_tool  # the reference's, in its venv
from agents import handoff  # the reference's, in its venv
from agents.testing import ModelStep
from agents.testing import ScriptedModel
from agents.testing import function_call
from agents.usage import Usage


def usage(tokens_in: int, tokens_out: int) -> Usage:
    return Usage(
        requests=1,
        input_tokens=tokens_in,
        output_tokens=tokens_out,
        total_tokens=tokens_in + tokens_out,
    )


@function_tool
def lookup(name: str) -> str:
    """Find a person's address."""
    return f"{name}@example.com"


@function_tool(needs_approval=True)
def send_mail(to: str, body: str) -> str:
    """Send a mail."""
    return f"sent to {to}"


@function_tool(needs_approval=True)
def pay(amount: int) -> str:
    """Pay an amount."""
    return f"paid {amount}"


def graph(triage_steps: list[ModelStep], mailer_steps: list[ModelStep]) -> tuple[Agent, Agent]:
    mailer = Agent(
        name="mailer",
        instructions="Send the mail.",
        model=ScriptedModel(mailer_steps),
        tools=[send_mail, pay],
    )
    triage = Agent(
        name="triage",
        instructions="Find the address, then hand off.",
        model=ScriptedModel(triage_steps),
        tools=[lookup],
        handoffs=[handoff(mailer)],
    )
    return triage, mailer


async def handoff_then_approval() -> dict[str, object]:
    """triage: lookup (no approval) -> handoff; mailer: send_mail (approval) -> pause."""
    reasoning = ResponseReasoningItem(
        id="rs_ref_1",
        type="reasoning",
        summary=[Summary(text="Look the address up first.", type="summary_text")],
        encrypted_content="ENCRYPTED-BY-OPENAI",
    )
    agent, _ = graph(
        [
            ModelStep(
                output=[reasoning, function_call("lookup", {"name": "ann"}, call_id="call_lookup")],
                usage=usage(11, 7),
                response_id="resp_1",
            ),
            ModelStep(
                output=[function_call("transfer_to_mailer", {}, call_id="call_handoff")],
                usage=usage(23, 5),
                response_id="resp_2",
            ),
        ],
        [
            ModelStep(
                output=[
                    function_call(
                        "send_mail",
                        {"to": "ann@example.com", "body": "hello"},
                        call_id="call_mail",
                    )
                ],
                usage=usage(31, 9),
                response_id="resp_3",
            )
        ],
    )
    result = await Runner.run(agent, "Mail Ann hello.", context={"user": "bob"})
    assert [i.name for i in result.interruptions] == ["send_mail"], result.interruptions
    return result.to_state().to_json()


async def several_decided() -> dict[str, object]:
    """mailer alone: send_mail + pay (both need approval) + nothing else; decisions taken."""
    _, mailer = graph(
        [],
        [
            ModelStep(
                output=[
                    function_call("send_mail", {"to": "a@x", "body": "b"}, call_id="call_a"),
                    function_call("pay", {"amount": 3}, call_id="call_b"),
                ],
                usage=usage(5, 5),
                response_id="resp_9",
            )
        ],
    )
    result = await Runner.run(mailer, "Mail and pay.")
    state = result.to_state()
    first, second = result.interruptions
    state.approve(first, always_approve=True)
    state.reject(second, rejection_message="Payments are frozen today.")
    return state.to_json()


async def agent_tool_approval() -> dict[str, object]:
    """outer calls mailer_tool (the inner agent as a tool), whose send_mail needs approval."""
    inner = Agent(
        name="inner",
        model=ScriptedModel(
            [
                ModelStep(
                    output=[function_call("send_mail", {"to": "a", "body": "b"}, call_id="ic1")]
                )
            ]
        ),
        tools=[send_mail],
    )
    outer = Agent(
        name="outer",
        model=ScriptedModel(
            [ModelStep(output=[function_call("mailer_tool", {"input": "mail a"}, call_id="oc1")])]
        ),
        tools=[inner.as_tool(tool_name="mailer_tool", tool_description="m")],
    )
    result = await Runner.run(outer, "go")
    assert [i.name for i in result.interruptions] == ["send_mail"], result.interruptions
    return result.to_state().to_json()


async def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    fixtures = {
        "reference_handoff_approval.json": await handoff_then_approval(),
        "reference_decided.json": await several_decided(),
        "reference_agent_tool.json": await agent_tool_approval(),
    }
    for name, data in fixtures.items():
        (out / name).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
        print("wrote", out / name)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/run_state")))
