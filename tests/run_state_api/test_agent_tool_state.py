"""agents.agent_tool_state: an agent tool whose nested run pauses on an approval leaves that
nested result under the outer tool call; peek/consume/drop find it by the call object or an
equal copy, scopes keep entries apart, and a resumed nested run that finishes forgets it."""

from __future__ import annotations

import gc
from typing import Any

from openai.types.responses import ResponseFunctionToolCall

from agents import RunContextWrapper
from agents import ToolCallItem
from agents.agent_tool_state import agent_tool_resume_checkpoint_owns_approval
from agents.agent_tool_state import consume_agent_tool_run_result
from agents.agent_tool_state import drop_agent_tool_run_result
from agents.agent_tool_state import get_agent_tool_resume_state
from agents.agent_tool_state import get_agent_tool_state_scope
from agents.agent_tool_state import peek_agent_tool_run_result
from agents.agent_tool_state import record_agent_tool_resume_state
from agents.agent_tool_state import record_agent_tool_run_result
from agents.agent_tool_state import set_agent_tool_state_scope
from tests.approvals.helpers import run
from tests.approvals.test_agent_tools import agents


def outer_call(result: Any) -> ResponseFunctionToolCall:
    [call] = [
        i.raw_item
        for i in result.new_items
        if isinstance(i, ToolCallItem) and getattr(i.raw_item, "name", "") == "mailer_tool"
    ]
    assert isinstance(call, ResponseFunctionToolCall)
    return call


async def test_paused_nested_result_is_kept_under_the_outer_call() -> None:
    outer, inner, _, _ = agents()
    paused = await run(outer, "go", streamed=False)
    call = outer_call(paused)
    nested = peek_agent_tool_run_result(call)
    assert nested is not None and nested.last_agent is inner
    assert [i.call_id for i in nested.interruptions] == ["ic1"]
    copy = ResponseFunctionToolCall.model_validate(call.model_dump())  # as read from JSON
    assert peek_agent_tool_run_result(copy) is nested
    assert peek_agent_tool_run_result(call, scope_id="other run") is None

    state = paused.to_state()
    state.approve(state.get_interruptions()[0])
    done = await run(outer, state, streamed=False)
    assert done.final_output == "outer done"
    assert peek_agent_tool_run_result(call) is None  # the nested run finished: forgotten


def _call(call_id: str, arguments: str = "{}") -> ResponseFunctionToolCall:
    return ResponseFunctionToolCall(
        type="function_call", call_id=call_id, name="t", arguments=arguments
    )


async def test_store_operations_and_resume_checkpoints() -> None:
    first, twin = _call("c1"), _call("c1")
    record_agent_tool_run_result(first, "r1", scope_id="s")
    record_agent_tool_run_result(twin, "r2", scope_id="s")
    assert peek_agent_tool_run_result(first, scope_id="s") == "r1"
    assert peek_agent_tool_run_result(_call("c1"), scope_id="s") is None  # two match: none
    assert consume_agent_tool_run_result(twin, scope_id="s") == "r2"
    assert consume_agent_tool_run_result(_call("c1"), scope_id="s") == "r1"  # now unique
    assert peek_agent_tool_run_result(first, scope_id="s") is None

    kept = _call("c2")
    record_agent_tool_run_result(kept, "r3")
    drop_agent_tool_run_result(kept)
    assert peek_agent_tool_run_result(kept) is None
    record_agent_tool_run_result(kept, "r4")
    del kept
    gc.collect()
    assert peek_agent_tool_run_result(_call("c2")) is None  # gone with its call

    outer, _, _, _ = agents()
    paused = await run(outer, "go", streamed=False)
    state = paused.to_state()
    [approval] = state.get_interruptions()
    holder = _call("c3")
    record_agent_tool_resume_state(holder, state)
    checkpoint = peek_agent_tool_run_result(holder)
    assert get_agent_tool_resume_state(checkpoint) is state
    assert checkpoint.interruptions == [approval] and checkpoint.to_state() is state
    assert agent_tool_resume_checkpoint_owns_approval(checkpoint, approval)
    assert not agent_tool_resume_checkpoint_owns_approval("a result", approval)
    assert get_agent_tool_resume_state("a result") is None


def test_scope_is_carried_on_the_context() -> None:
    context = RunContextWrapper(context=None)
    assert get_agent_tool_state_scope(context) is None
    set_agent_tool_state_scope(context, "run-1")
    assert get_agent_tool_state_scope(context) == "run-1"
    set_agent_tool_state_scope(context, None)
    assert get_agent_tool_state_scope(context) is None
    set_agent_tool_state_scope(None, "ignored")  # nothing to carry it: no error
