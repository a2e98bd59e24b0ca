"""An approval inside an agent used as a tool: the outer run stops with the inner call, the
decision reaches the inner run, and resuming continues the inner run (no model call of either
agent repeated), also through JSON and from a state written by openai-agents 0.24."""

from __future__ import annotations

import json
from pathlib import Path

from agents import Agent
from agents import RunState
from agents.testing import ScriptedModel
from agents.testing.provider_server import Reply
from agents.testing.provider_server import ToolCall
from tests.approvals.graph import CALLS
from tests.approvals.graph import send_mail
from tests.approvals.helpers import run
from tests.approvals.helpers import through_json

DATA = Path(__file__).parent.parent / "data" / "run_state"


def agents(resumed: bool = False) -> tuple[Agent, Agent, ScriptedModel, ScriptedModel]:
    """outer calls mailer_tool (inner), whose model calls send_mail (needs approval).
    `resumed`: the models start after the pause (the first calls were made elsewhere)."""
    inner_model = ScriptedModel(
        []
        if resumed
        else [Reply(tool_calls=[ToolCall("send_mail", {"to": "a", "body": "b"}, id="ic1")])]
    )
    inner_model.add(Reply(text="inner done"))
    inner = Agent(name="inner", model=inner_model, tools=[send_mail])
    outer_model = ScriptedModel(
        []
        if resumed
        else [Reply(tool_calls=[ToolCall("mailer_tool", {"input": "mail a"}, id="oc1")])]
    )
    outer_model.add(Reply(text="outer done"))
    outer = Agent(name="outer", model=outer_model, tools=[inner.as_tool("mailer_tool", "m")])
    return outer, inner, outer_model, inner_model


async def test_inner_approval_pauses_and_resumes_the_outer_run(streamed: bool) -> None:
    outer, inner, outer_model, inner_model = agents()
    paused = await run(outer, "go", streamed=streamed)
    [item] = paused.interruptions
    assert (item.agent, item.name, item.call_id) == (inner, "send_mail", "ic1")
    state = await through_json(outer, paused.to_state())
    assert state.to_json()["last_processed_response"]["functions"][0]["agent_run_state"]
    state.approve(state.get_interruptions()[0])
    done = await run(outer, state, streamed=streamed)
    assert done.final_output == "outer done"
    assert CALLS == [("send_mail", {"to": "a", "body": "b"})]
    assert len(outer_model.calls) == 2 and len(inner_model.calls) == 2
    outputs = [i.raw_item for i in done.new_items if i.type == "tool_call_output_item"]
    assert outputs[-1]["call_id"] == "oc1" and outputs[-1]["output"] == "inner done"


async def test_inner_rejection_is_told_to_the_inner_model() -> None:
    outer, _, _, inner_model = agents()
    paused = await run(outer, "go", streamed=False)
    state = paused.to_state()
    state.reject(paused.interruptions[0], rejection_message="not now")
    done = await run(outer, state, streamed=False)
    assert done.final_output == "outer done" and CALLS == []
    last_input = inner_model.calls[-1].input
    assert isinstance(last_input, list)
    assert last_input[-1] == {"call_id": "ic1", "output": "not now", "type": "function_call_output"}


async def test_reference_nested_state_resumes_here() -> None:
    outer, _, outer_model, inner_model = agents(resumed=True)
    text = (DATA / "reference_agent_tool.json").read_text()
    state = await RunState.from_string(outer, text)
    [item] = state.get_interruptions()
    assert (item.agent.name, item.call_id) == ("inner", "ic1")
    state.approve(item)
    done = await run(outer, state, streamed=False)
    assert done.final_output == "outer done"
    assert CALLS == [("send_mail", {"to": "a", "body": "b"})]
    assert len(outer_model.calls) == 1 and len(inner_model.calls) == 1
    assert json.loads(state.to_string())["$schemaVersion"] == "1.21"
