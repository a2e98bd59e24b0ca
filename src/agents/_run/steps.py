"""What a turn leads to: the typed next steps the loop dispatches on, and the rule choosing one.

The rule is pure (no I/O, no hooks, no model): it reads the sorted output of a turn and, when
the turn ran tools, the verdict of the agent's `tool_use_behavior`, so it can be tested on its
own (tests/run_rules/). Everything with side effects stays in `agents._run.loop`.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeAlias

from agents._run.turn import HandoffRun
from agents._run.turn import ProcessedResponse
from agents._run.turn import final_output_from_message
from agents.agent import ToolsToFinalOutputResult
from agents.exceptions import ModelBehaviorError
from agents.items import RunItem

if TYPE_CHECKING:
    from agents.agent import Agent

__all__ = [
    "NextStep",
    "NextStepFinalOutput",
    "NextStepHandoff",
    "NextStepRepair",
    "NextStepRunAgain",
    "next_step",
]


@dataclass(frozen=True)
class NextStepRunAgain:
    """Call the same agent's model again (tool outputs or approvals to read)."""


@dataclass(frozen=True)
class NextStepHandoff:
    """Hand the conversation to another agent; the first handoff call wins, the rest get
    a note saying they were ignored."""

    runs: list[HandoffRun]
    turn_items: list[RunItem]
    """The turn's items; the handoff records them (through its input filter, if any)."""


@dataclass(frozen=True)
class NextStepFinalOutput:
    """The run is over with this output (output guardrails still to run)."""

    output: Any

    from_tool: bool = field(default=False, compare=False)
    """The output is a tool's (tool_use_behavior); a guardrail rejecting it withholds it."""

    tool_call_ids: tuple[str, ...] = field(default=(), compare=False)
    """The turn's tool calls, whose outputs are withheld then."""


@dataclass(frozen=True)
class NextStepRepair:
    """A structured answer failed validation: one more turn shows the model the error."""

    error: ModelBehaviorError
    turn_items: list[RunItem]
    """The failed turn's items, which leave the run's items and go to the model only."""


NextStep: TypeAlias = NextStepRunAgain | NextStepHandoff | NextStepFinalOutput | NextStepRepair


def next_step(
    agent: Agent[Any],
    processed: ProcessedResponse,
    turn_items: list[RunItem],
    tool_decision: ToolsToFinalOutputResult | None,
    *,
    can_repair: bool,
) -> NextStep | None:
    """The turn's verdict, in order: a handoff, then the tools' verdict, then hosted MCP
    approvals (the server goes on once answered), then the last message as final output.

    `tool_decision` is the agent's tool_use_behavior applied to this turn's tool results
    (required when the turn ran tools). `can_repair` says a repair turn is still allowed;
    without it a failed validation raises. None: the turn gave nothing to go on (no message,
    no action), which the loop reports as an empty answer.
    """
    if processed.handoffs:
        return NextStepHandoff(runs=list(processed.handoffs), turn_items=turn_items)
    if processed.tool_runs:
        if tool_decision is None:
            raise ValueError("a turn that ran tools needs the tool_use_behavior verdict")
        if tool_decision.is_final_output:
            return NextStepFinalOutput(
                output=tool_decision.final_output,
                from_tool=True,
                tool_call_ids=tuple(run.call.call_id for run in processed.tool_runs),
            )
        return NextStepRunAgain()
    if processed.mcp_approvals or processed.local_runs:
        return NextStepRunAgain()  # the model reads the answers of its hosted or local calls
    try:
        found, output = final_output_from_message(agent, turn_items, agent.output_schema())
    except ModelBehaviorError as error:
        if can_repair and error.raw_output is not None:
            return NextStepRepair(error=error, turn_items=turn_items)
        raise
    return NextStepFinalOutput(output=output) if found else None
