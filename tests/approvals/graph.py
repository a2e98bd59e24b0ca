"""The agents of the approval tests, on the freeagents side.

The same names as `scripts/make_run_state_fixtures.py` builds with the reference, so states
written by either SDK name agents and tools the other can find. Each tool records its calls
in `CALLS`, so a test can assert a call ran exactly once.
"""

from __future__ import annotations

from typing import Any

from agents import Agent
from agents import function_tool
from agents import handoff
from agents.models.interface import Model
from agents.testing import Reply
from agents.testing import ToolCall

CALLS: list[tuple[str, dict[str, Any]]] = []
MAIL = {"to": "ann@example.com", "body": "hi"}


@function_tool
def lookup(name: str) -> str:
    """Find a person's address."""
    CALLS.append(("lookup", {"name": name}))
    return f"{name}@example.com"


@function_tool(needs_approval=True)
def send_mail(to: str, body: str) -> str:
    """Send a mail."""
    CALLS.append(("send_mail", {"to": to, "body": body}))
    return f"sent to {to}"


@function_tool(needs_approval=True)
def pay(amount: int) -> str:
    """Pay an amount."""
    CALLS.append(("pay", {"amount": amount}))
    return f"paid {amount}"


def build(model: str | Model, mailer_model: str | Model | None = None) -> tuple[Agent, Agent]:
    """(triage, mailer): triage looks addresses up and hands off to mailer."""
    mailer = Agent(
        name="mailer",
        instructions="Send the mail.",
        model=mailer_model if mailer_model is not None else model,
        tools=[send_mail, pay],
    )
    triage = Agent(
        name="triage",
        instructions="Find the address, then hand off.",
        model=model,
        tools=[lookup],
        handoffs=[handoff(mailer)],
    )
    return triage, mailer


def ann_then_bob() -> list[Reply]:
    """A Chat Completions script: mail Ann, then Bob (each call held for approval), then
    answer "Both sent."."""
    return [
        Reply(tool_calls=[ToolCall("send_mail", MAIL)]),
        Reply(tool_calls=[ToolCall("send_mail", {"to": "bob@example.com", "body": "yo"})]),
        Reply(text="Both sent."),
    ]
