"""The rules a turn ends by: how the model's output is sorted, and which next step it leads to.

No network and no model: a turn's output is built from `openai` Responses types directly.
"""

from __future__ import annotations

from typing import Any

import pytest
from openai.types.responses import ResponseFunctionToolCall
from openai.types.responses import ResponseOutputMessage
from openai.types.responses import ResponseOutputText
from openai.types.responses import ResponseReasoningItem
from openai.types.responses.response_output_item import McpApprovalRequest
from pydantic import BaseModel

from agents import Agent
from agents import FunctionToolResult
from agents import HandoffCallItem
from agents import HostedMCPTool
from agents import MessageOutputItem
from agents import ModelBehaviorError
from agents import ReasoningItem
from agents import RunContextWrapper
from agents import ToolCallItem
from agents import ToolsToFinalOutputResult
from agents import Usage
from agents import UserError
from agents import function_tool
from agents import handoff
from agents._run.steps import NextStepFinalOutput
from agents._run.steps import NextStepHandoff
from agents._run.steps import NextStepRepair
from agents._run.steps import NextStepRunAgain
from agents._run.steps import next_step
from agents._run.turn import ProcessedResponse
from agents._run.turn import final_output_from_message
from agents._run.turn import process_response
from agents._run.turn import tools_final_output
from agents.items import ModelResponse


@function_tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


class Answer(BaseModel):
    value: int


def message(text: str, id: str = "msg_1") -> ResponseOutputMessage:
    return ResponseOutputMessage(
        id=id,
        type="message",
        role="assistant",
        status="completed",
        content=[ResponseOutputText(type="output_text", text=text, annotations=[])],
    )


def call(name: str, arguments: str = "{}", call_id: str = "call_1") -> ResponseFunctionToolCall:
    return ResponseFunctionToolCall(
        type="function_call", name=name, arguments=arguments, call_id=call_id
    )


def response(*output: Any) -> ModelResponse:
    return ModelResponse(output=list(output), usage=Usage(), response_id=None)


helper = Agent(name="helper")
agent = Agent(name="main", tools=[add], handoffs=[helper])
handoffs = [handoff(helper)]


def sort(*output: Any, on: Agent[Any] = agent) -> ProcessedResponse:
    return process_response(on, response(*output), list(on.tools), handoffs)


def decide(
    processed: ProcessedResponse,
    decision: ToolsToFinalOutputResult | None = None,
    *,
    on: Agent[Any] = agent,
    can_repair: bool = True,
) -> Any:
    return next_step(on, processed, list(processed.new_items), decision, can_repair=can_repair)


# --- sorting the model's output -------------------------------------------------------------


def test_output_items_are_sorted_by_kind_in_order() -> None:
    reasoning = ResponseReasoningItem(id="rs_1", type="reasoning", summary=[])
    processed = sort(reasoning, message("hi"), call("add"), call("transfer_to_helper"))
    kinds = [type(item) for item in processed.new_items]
    assert kinds == [ReasoningItem, MessageOutputItem, ToolCallItem, HandoffCallItem]
    assert [run.call.name for run in processed.tool_runs] == ["add"]
    assert processed.tool_runs[0].tool is add
    assert [run.handoff.agent_name for run in processed.handoffs] == ["helper"]
    assert processed.has_actions


def test_a_call_to_a_missing_tool_is_kept_with_no_tool() -> None:
    processed = sort(call("nope"))
    assert len(processed.tool_runs) == 1 and processed.tool_runs[0].tool is None


def test_an_unsupported_output_item_is_a_model_behavior_error() -> None:
    class Strange(BaseModel):
        type: str = "computer_screenshot_of_the_moon"

    with pytest.raises(ModelBehaviorError, match="computer_screenshot_of_the_moon"):
        sort(Strange())


def _mcp_approval_turn() -> tuple[HostedMCPTool, Agent[Any], Any]:
    """A turn whose only output is an approval request of a hosted MCP tool that approves."""
    tool = HostedMCPTool(
        tool_config={"type": "mcp", "server_label": "docs"},
        on_approval_request=lambda request: {"approve": True},
    )
    on = Agent(name="mcp", tools=[tool])
    request = McpApprovalRequest(
        id="mcpr_1", type="mcp_approval_request", server_label="docs", name="x", arguments="{}"
    )
    return tool, on, process_response(on, response(request), [tool], [])


def test_mcp_approval_requests_are_matched_to_their_hosted_tool() -> None:
    tool, _, processed = _mcp_approval_turn()
    assert processed.mcp_approvals[0].tool is tool
    assert not processed.has_actions


# --- the next step --------------------------------------------------------------------------


def test_plain_text_message_is_the_final_output() -> None:
    step = decide(sort(message("done")))
    assert step == NextStepFinalOutput(output="done")


def test_the_last_message_of_the_turn_wins() -> None:
    step = decide(sort(message("first", "m1"), message("second", "m2")))
    assert step == NextStepFinalOutput(output="second")


def test_a_handoff_comes_before_tools_and_messages() -> None:
    processed = sort(message("hi"), call("add", call_id="c1"), call("transfer_to_helper"))
    step = decide(processed, ToolsToFinalOutputResult(is_final_output=True, final_output=3))
    assert isinstance(step, NextStepHandoff)
    assert [run.handoff.agent_name for run in step.runs] == ["helper"]
    assert step.turn_items == processed.new_items


def test_tools_that_are_not_final_run_the_model_again_even_with_a_message() -> None:
    processed = sort(message("let me add"), call("add"))
    step = decide(processed, ToolsToFinalOutputResult(is_final_output=False))
    assert step == NextStepRunAgain()


def test_tools_that_are_final_end_the_run_with_their_output() -> None:
    step = decide(sort(call("add")), ToolsToFinalOutputResult(is_final_output=True, final_output=5))
    assert step == NextStepFinalOutput(output=5)


def test_a_turn_with_tools_needs_the_tool_verdict() -> None:
    with pytest.raises(ValueError, match="tool_use_behavior"):
        decide(sort(call("add")), None)


def test_mcp_approvals_run_the_model_again() -> None:
    _, on, processed = _mcp_approval_turn()
    assert decide(processed, on=on) == NextStepRunAgain()


def test_a_turn_with_nothing_to_go_on_has_no_step() -> None:
    reasoning = ResponseReasoningItem(id="rs_1", type="reasoning", summary=[])
    assert decide(sort(reasoning)) is None
    assert decide(sort()) is None


def test_a_structured_answer_is_validated() -> None:
    typed = Agent(name="typed", output_type=Answer)
    step = decide(sort(message('{"value": 4}'), on=typed), on=typed)
    assert step == NextStepFinalOutput(output=Answer(value=4))


def test_an_invalid_structured_answer_asks_for_a_repair_when_allowed() -> None:
    typed = Agent(name="typed", output_type=Answer)
    processed = sort(message('{"value": "four"}'), on=typed)
    step = decide(processed, on=typed)
    assert isinstance(step, NextStepRepair)
    assert step.error.raw_output == '{"value": "four"}'
    assert step.turn_items == processed.new_items


def test_an_invalid_structured_answer_raises_when_no_repair_is_left() -> None:
    typed = Agent(name="typed", output_type=Answer)
    with pytest.raises(ModelBehaviorError) as caught:
        decide(sort(message('{"value": "four"}'), on=typed), on=typed, can_repair=False)
    assert caught.value.raw_output == '{"value": "four"}'


def test_final_output_from_message_reports_a_missing_message() -> None:
    assert final_output_from_message(agent, [], None) == (False, None)


# --- tool_use_behavior ----------------------------------------------------------------------


def results(*names: str) -> list[FunctionToolResult]:
    from agents import FunctionTool
    from agents import ToolCallOutputItem

    out = []
    for index, name in enumerate(names):
        tool = FunctionTool(
            name=name,
            description="",
            params_json_schema={"type": "object", "properties": {}},
            on_invoke_tool=lambda ctx, args: None,  # type: ignore[arg-type,return-value]
        )
        item = ToolCallOutputItem(
            agent=agent,
            raw_item={"type": "function_call_output", "call_id": f"c{index}", "output": name},
            output=f"{name}-out",
        )
        out.append(FunctionToolResult(tool=tool, output=f"{name}-out", run_item=item))
    return out


async def verdict(behavior: Any, found: list[FunctionToolResult]) -> ToolsToFinalOutputResult:
    on = Agent(name="b", tool_use_behavior=behavior)
    return await tools_final_output(on, found, RunContextWrapper(context=None))


async def test_run_llm_again_is_never_final() -> None:
    assert not (await verdict("run_llm_again", results("a"))).is_final_output


async def test_stop_on_first_tool_takes_the_first_output() -> None:
    decided = await verdict("stop_on_first_tool", results("a", "b"))
    assert decided == ToolsToFinalOutputResult(is_final_output=True, final_output="a-out")


async def test_stop_at_tool_names_takes_the_first_named_tool() -> None:
    decided = await verdict({"stop_at_tool_names": ["b"]}, results("a", "b"))
    assert decided == ToolsToFinalOutputResult(is_final_output=True, final_output="b-out")
    assert not (await verdict({"stop_at_tool_names": ["z"]}, results("a"))).is_final_output


async def test_no_results_are_never_final() -> None:
    assert not (await verdict("stop_on_first_tool", [])).is_final_output


async def test_a_callable_behavior_decides_and_may_be_async() -> None:
    async def last(ctx: Any, found: list[FunctionToolResult]) -> ToolsToFinalOutputResult:
        return ToolsToFinalOutputResult(is_final_output=True, final_output=found[-1].output)

    assert (await verdict(last, results("a", "b"))).final_output == "b-out"


async def test_a_callable_behavior_returning_the_wrong_type_is_a_user_error() -> None:
    with pytest.raises(UserError, match="ToolsToFinalOutputResult"):
        await verdict(lambda ctx, found: True, results("a"))
