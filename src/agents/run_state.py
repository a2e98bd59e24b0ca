"""RunState: a paused (or finished) run as data, to approve tool calls and resume anywhere.

`result.to_state()` gives it; `state.approve(item)` / `state.reject(item)` record a person's
decisions; `Runner.run(agent, state)` continues the same run (same turn count, usage and
trace; approved calls run once, rejected ones are answered to the model, no model call is
repeated). `to_json()` / `to_string()` write it as one versioned document in the schema of
openai-agents 0.24 (version 1.21) for the features both share; `from_json()` /
`from_string()` read it back, in this process or another. It holds data only: no clients,
locks or open streams.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any
from typing import Generic

from typing_extensions import TypeVar

from agents.exceptions import UserError
from agents.items import ItemHelpers
from agents.items import ModelResponse
from agents.items import RunItem
from agents.items import ToolApprovalItem
from agents.items import TResponseInputItem
from agents.run_context import RunContextWrapper

if TYPE_CHECKING:
    from agents._run.turn import ProcessedResponse
    from agents.agent import Agent
    from agents.guardrail import InputGuardrailResult
    from agents.guardrail import OutputGuardrailResult

__all__ = ["CURRENT_SCHEMA_VERSION", "RunState"]

TContext = TypeVar("TContext", default=Any)
TAgent = TypeVar("TAgent", bound="Agent[Any]", default="Agent[Any]")
ContextOverride = Mapping[str, Any] | RunContextWrapper[Any]
ContextSerializer = Callable[[Any], Mapping[str, Any]]
ContextDeserializer = Callable[[Mapping[str, Any]], Any]

CURRENT_SCHEMA_VERSION = "1.21"
"""The schema version written (openai-agents 0.24's); versions 1.0 to 1.21 are read."""


class RunState(Generic[TContext, TAgent]):
    """The whole of a run between two steps: input, items, agent, turn, usage, decisions."""

    def __init__(
        self,
        context: RunContextWrapper[TContext],
        original_input: str | list[Any],
        starting_agent: TAgent,
        max_turns: int | None = 10,
        *,
        conversation_id: str | None = None,
        previous_response_id: str | None = None,
        auto_previous_response_id: bool = False,
    ) -> None:
        self._context: RunContextWrapper[TContext] | None = context
        self._original_input: str | list[Any] = (
            original_input if isinstance(original_input, str) else list(original_input)
        )
        self._starting_agent: TAgent = starting_agent
        self._current_agent: TAgent = starting_agent
        self._max_turns = max_turns
        self._conversation_id = conversation_id
        self._previous_response_id = previous_response_id
        self._auto_previous_response_id = auto_previous_response_id
        self._current_turn = 0
        self._model_responses: list[ModelResponse] = []
        self._generated_items: list[RunItem] = []
        self._input_guardrail_results: list[InputGuardrailResult] = []
        self._output_guardrail_results: list[OutputGuardrailResult] = []
        self._tool_use_tracker_snapshot: dict[str, list[str]] = {}
        self._interruptions: list[ToolApprovalItem] = []
        """The calls waiting for a decision; empty when the run is not paused."""
        self._last_processed_response: ProcessedResponse | None = None
        """The paused turn, sorted: the calls it made and where they go on resume."""
        self._nested_states: dict[str, RunState[Any, Any]] = {}
        """Call id of an agent-as-tool call -> that agent's own paused run."""
        self._trace_state: dict[str, Any] | None = None
        """The run's trace (id, workflow name, group): a resumed run continues it."""
        self._final_output: Any = None
        self._finished = False
        """The run reached its final output (no turn is left to take input)."""
        self._pending_input: list[TResponseInputItem] = []
        """Input staged by add_input(), admitted before the resumed run's next model call."""

    # -- approvals -------------------------------------------------------------------------

    def get_interruptions(self) -> list[ToolApprovalItem]:
        """The tool calls waiting for approve() or reject() before the run can go on."""
        return list(self._interruptions)

    def approve(self, approval_item: ToolApprovalItem, always_approve: bool = False) -> None:
        """Let this call run when the run resumes; `always_approve` also lets every later
        call of the same tool by the same agent run without asking."""
        owner = self._owner(approval_item)
        if owner._context is None:
            raise UserError("Cannot approve a tool call: this RunState has no context")
        owner._context.approve_tool(approval_item, always_approve=always_approve)

    def reject(
        self,
        approval_item: ToolApprovalItem,
        always_reject: bool = False,
        *,
        rejection_message: str | None = None,
    ) -> None:
        """Refuse this call; the model reads `rejection_message` (else
        RunConfig.tool_error_formatter's text, else "Tool execution was not approved.")."""
        owner = self._owner(approval_item)
        if owner._context is None:
            raise UserError("Cannot reject a tool call: this RunState has no context")
        owner._context.reject_tool(
            approval_item, always_reject=always_reject, rejection_message=rejection_message
        )

    def _owner(self, item: ToolApprovalItem) -> RunState[Any, Any]:
        """The run the item's call belongs to: this one, or an agent tool's nested run."""
        if not isinstance(item, ToolApprovalItem):
            raise UserError(
                f"approve/reject take a ToolApprovalItem (from result.interruptions), got "
                f"{type(item).__name__}"
            )
        for nested in self._nested_states.values():
            if any(_same_call(item, mine) for mine in nested._all_interruptions()):
                return nested._owner(item)
        return self

    def _all_interruptions(self) -> list[ToolApprovalItem]:
        return list(self._interruptions)

    # -- JSON ------------------------------------------------------------------------------

    def to_json(
        self,
        *,
        context_serializer: ContextSerializer | None = None,
        strict_context: bool = False,
        include_tracing_api_key: bool = False,
    ) -> dict[str, Any]:
        """The state as a JSON-compatible dict (schema version CURRENT_SCHEMA_VERSION).

        A context that is a mapping (or None) is written as it is; any other context needs
        `context_serializer` (it is left out, with a warning, unless `strict_context`, where
        it is an error). No API key is ever written; `include_tracing_api_key` is accepted
        for the reference's signature and has nothing to add here.
        """
        from agents._run.state_json import encode_state

        return encode_state(
            self, context_serializer=context_serializer, strict_context=strict_context
        )

    def to_string(
        self,
        *,
        context_serializer: ContextSerializer | None = None,
        strict_context: bool = False,
        include_tracing_api_key: bool = False,
    ) -> str:
        """`to_json()` as a JSON string."""
        return json.dumps(
            self.to_json(context_serializer=context_serializer, strict_context=strict_context),
            indent=2,
        )

    @staticmethod
    async def from_json(
        initial_agent: Agent[Any],
        state_json: dict[str, Any],
        *,
        context_override: ContextOverride | None = None,
        context_deserializer: ContextDeserializer | None = None,
        strict_context: bool = False,
    ) -> RunState[Any, Agent[Any]]:
        """Rebuild a state written by `to_json()` (here or by openai-agents 0.24).

        `initial_agent` is the run's starting agent: agents named in the state are found
        through its handoffs and agent tools, tools through each agent's tools. A state that
        is malformed, names what the graph lacks, or has a newer schema version raises
        UserError before anything runs. Load only states from storage you trust: a state
        carries approvals.
        """
        from agents._run.state_json import decode_state

        return await decode_state(
            initial_agent,
            state_json,
            context_override=context_override,
            context_deserializer=context_deserializer,
            strict_context=strict_context,
        )

    @staticmethod
    async def from_string(
        initial_agent: Agent[Any],
        state_string: str,
        *,
        context_override: ContextOverride | None = None,
        context_deserializer: ContextDeserializer | None = None,
        strict_context: bool = False,
    ) -> RunState[Any, Agent[Any]]:
        """`from_json()` on a JSON string (a truncated or invalid one raises UserError)."""
        try:
            data = json.loads(state_string)
        except (TypeError, ValueError) as exc:
            raise UserError(
                f"RunState.from_string: the text is not valid JSON ({exc}); was it truncated?"
            ) from None
        if not isinstance(data, dict):
            raise UserError("RunState.from_string: the JSON must be an object")
        return await RunState.from_json(
            initial_agent,
            data,
            context_override=context_override,
            context_deserializer=context_deserializer,
            strict_context=strict_context,
        )

    # -- read-only views -------------------------------------------------------------------

    @property
    def current_turn(self) -> int:
        return self._current_turn

    @property
    def pending_input(self) -> list[TResponseInputItem]:
        """A copy of the input staged for the resumed run's next model call."""
        return copy.deepcopy(self._pending_input)

    # -- input added while paused ----------------------------------------------------------

    def add_input(self, input: str | list[TResponseInputItem]) -> None:
        """Stage `input` (a string is a user message) for the resumed run: the input
        guardrails check it, then it joins the conversation (an `InputItem` in new_items, and
        the session) just before the next model call. Calls add up, in order.

        Refused (UserError, the state unchanged) where no model call follows: a finished run,
        no turn left, or a paused turn whose tool results may end the run.
        """
        if self._finished and not self._interruptions:
            raise UserError("Cannot add input to a finished RunState: start a new run instead")
        if self._max_turns is not None and self._current_turn >= self._max_turns:
            raise UserError(
                "Cannot add input to a RunState with no model turns left; resume it with "
                "a larger max_turns in Runner.run"
            )
        if self._interruptions and self._tool_result_may_end_run():
            raise UserError(
                "Cannot add input to a paused RunState whose tool results may end the run "
                f"(agent {self._current_agent.name!r} has tool_use_behavior="
                f"{self._current_agent.tool_use_behavior!r}); add it to the next run instead"
            )
        self._pending_input.extend(copy.deepcopy(ItemHelpers.input_to_new_input_list(input)))

    def clear_pending_input(self) -> None:
        """Drop the input staged by add_input()."""
        self._pending_input = []

    def _tool_result_may_end_run(self) -> bool:
        behavior = self._current_agent.tool_use_behavior
        if behavior == "stop_on_first_tool" or callable(behavior):
            return True
        if not isinstance(behavior, dict):
            return False
        names = {i.tool_name for i in self._interruptions if i.tool_name is not None}
        processed = self._last_processed_response
        if processed is not None and not processed.handoffs:
            names.update(run.call.name for run in processed.tool_runs)
        return bool(names & set(behavior.get("stop_at_tool_names", [])))

    def __repr__(self) -> str:
        agent = getattr(self._current_agent, "name", None)
        return (
            f"RunState(agent={agent!r}, turn={self._current_turn}, "
            f"interruptions={len(self._interruptions)})"
        )


def _same_call(a: ToolApprovalItem, b: ToolApprovalItem) -> bool:
    return a is b or (
        a.call_id == b.call_id
        and a.tool_name == b.tool_name
        and getattr(a.agent, "name", None) == getattr(b.agent, "name", None)
    )
