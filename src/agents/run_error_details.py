"""What a failed run leaves behind, attached to the exception as `exc.run_data`.

A run that fails mid-way (a provider outage after the fallbacks, a timeout, a tripped
guardrail) has already done work: completed turns, tool results, tokens spent. The exception
carries that state, cut at the last completed turn, so the caller can resume instead of
starting over: `Runner.run(agent, exc.run_data.to_input_list())`.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    from agents.items import AgentRef
    from agents.items import ModelResponse
    from agents.items import RunItem
    from agents.items import TResponseInputItem
    from agents.run_context import RunContextWrapper


@dataclass
class RunErrorDetails:
    """The run as it stood when it failed (the reference SDK's `RunErrorDetails`)."""

    input: str | list[TResponseInputItem]
    """The input the run started with."""

    new_items: list[RunItem]
    """Items of the turns that completed; nothing of the turn that failed."""

    raw_responses: list[ModelResponse]
    """Every model response received, the failed turn's included (for diagnosis)."""

    last_agent: AgentRef
    """The agent whose turn failed (an `Agent`; typed by the core's `AgentRef`)."""

    context_wrapper: RunContextWrapper[Any]
    """The run's context; `context_wrapper.usage` counts every request made, failed turns'
    included."""

    input_guardrail_results: list[Any] = field(default_factory=list)
    output_guardrail_results: list[Any] = field(default_factory=list)
    tool_input_guardrail_results: list[Any] = field(default_factory=list)
    tool_output_guardrail_results: list[Any] = field(default_factory=list)

    def to_input_list(self) -> list[TResponseInputItem]:
        """The conversation up to the last completed turn: the input to resume with."""
        from agents.items import ItemHelpers
        from agents.items import items_to_input

        original = ItemHelpers.input_to_new_input_list(self.input)
        return original + items_to_input(self.new_items)

    def __str__(self) -> str:
        return (
            f"RunErrorDetails(last_agent={self.last_agent.name!r}, "
            f"{len(self.new_items)} completed items, {len(self.raw_responses)} responses)"
        )
