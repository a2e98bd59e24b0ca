"""The run's context in a saved state: mappings as they are, other objects through the
user's (de)serialiser or an override; a context that cannot be written is said so."""

from __future__ import annotations

from dataclasses import asdict
from dataclasses import dataclass
from typing import Any

import pytest

from agents import Agent
from agents import RunContextWrapper
from agents import Runner
from agents import RunState
from agents import ToolApprovalItem
from agents import UserError
from agents import function_tool
from agents.testing import ScriptedModel
from agents.testing.provider_server import Reply
from agents.testing.provider_server import ToolCall


@dataclass
class Account:
    owner: str
    limit: int


SEEN: list[Any] = []


@function_tool(needs_approval=True)
def spend(ctx: RunContextWrapper[Account], amount: int) -> str:
    """Spend from the account."""
    SEEN.append(ctx.context)
    return f"{ctx.context.owner} spent {amount}"


def agent() -> Agent[Account]:
    model = ScriptedModel([Reply(tool_calls=[ToolCall("spend", {"amount": 3})])])
    model.add(Reply(text="Spent."))
    return Agent(name="bank", model=model, tools=[spend])


async def test_custom_context_goes_through_the_users_functions() -> None:
    SEEN.clear()
    bank = agent()
    paused = await Runner.run(bank, "Spend 3.", context=Account("ann", 10))
    text = paused.to_state().to_string(context_serializer=asdict)
    state = await RunState.from_string(
        bank, text, context_deserializer=lambda data: Account(**data)
    )
    state.approve(state.get_interruptions()[0])
    done = await Runner.run(bank, state)
    assert done.final_output == "Spent." and [Account("ann", 10)] == SEEN


async def test_unwritable_context_is_named() -> None:
    bank = agent()
    paused = await Runner.run(bank, "Spend 3.", context=Account("ann", 10))
    with pytest.raises(UserError, match=r"Account.*context_serializer"):
        paused.to_state().to_json(strict_context=True)
    text = paused.to_state().to_string()  # left out, with a warning
    with pytest.raises(UserError, match="context_deserializer"):
        await RunState.from_string(bank, text, strict_context=True)
    state = await RunState.from_string(bank, text, context_override=Account("bob", 1))
    state.approve(state.get_interruptions()[0])
    SEEN.clear()
    await Runner.run(bank, state)
    assert [Account("bob", 1)] == SEEN


async def test_the_references_binding_arguments_name_the_invocations_agent() -> None:
    """`current_invocation` / `existing_pending` (the reference's arguments) pick the agent
    whose decisions count, as `agent_name` does; a function call's approval item carries the
    reference's lookup key."""
    bank = agent()
    paused = await Runner.run(bank, "Spend 3.", context=Account("ann", 10))
    item = paused.interruptions[0]
    assert item.tool_lookup_key == ("bare", "spend")
    call_id = item.raw_item.call_id
    context = paused.context_wrapper
    context.reject_tool(item, rejection_message="Not today.")
    # Another agent's tool of the same name, approved for every call.
    elsewhere = ToolApprovalItem(agent=Agent(name="other"), raw_item=item.raw_item)
    context.approve_tool(elsewhere, always_approve=True)
    assert context.get_approval_status("spend", call_id, agent_name="other") is True
    for binding in ({"current_invocation": item}, {"existing_pending": item}):
        assert context.get_approval_status("spend", call_id, **binding) is False
    # Without an agent, an agent's own decision is not found (as in the reference).
    assert context.get_approval_status("spend", call_id, tool_namespace=None) is None
    assert (
        context.get_rejection_message("spend", call_id, existing_pending=item, tool_lookup_key=None)
        == "Not today."
    )


def test_a_namespaced_calls_lookup_key_names_its_namespace() -> None:
    raw = {"type": "function_call", "name": "lookup", "namespace": "crm", "call_id": "c"}
    assert ToolApprovalItem(agent=Agent(name="a"), raw_item=raw).tool_lookup_key == (
        "namespaced",
        "crm",
        "lookup",
    )
    shell = {"type": "shell_call", "call_id": "s", "action": {"commands": ["ls"]}}
    assert ToolApprovalItem(agent=Agent(name="a"), raw_item=shell).tool_lookup_key is None
