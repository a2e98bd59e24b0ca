"""The context object that reaches tools, dynamic instructions, guardrails and hooks."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from typing import Generic
from typing import Literal

from typing_extensions import TypeVar

from agents.usage import Usage

if TYPE_CHECKING:
    from agents.items import FunctionToolLookupKey
    from agents.items import ToolApprovalItem

TContext = TypeVar("TContext", default=Any)

NESTED_TOOL_INPUT: ContextVar[Any] = ContextVar("agents_nested_tool_input", default=None)
"""The structured input of the agent tool whose nested run is starting (set by
agents._agent_tool around the nested `Runner` call, taken by the run loop as it starts)."""

ApprovalKey = tuple[str | None, str]
"""(agent name, tool name): a decision belongs to one agent's tool; None for any agent."""


@dataclass
class ApprovalRecord:
    """What a person decided for one tool: per call, or for every call (`True`).

    A decision on one call id wins over an "always" decision, so a person can let a tool
    run freely yet still stop one call of it.
    """

    approved: bool | list[str] = field(default_factory=list)
    rejected: bool | list[str] = field(default_factory=list)
    rejection_messages: dict[str, str] = field(default_factory=dict)
    """Per call id: the text the model reads instead of the tool's output."""

    sticky_rejection_message: str | None = None
    """The text for every call, when the tool was rejected for good."""

    def status(self, call_id: str) -> bool | None:
        if isinstance(self.approved, list) and call_id in self.approved:
            return True
        if isinstance(self.rejected, list) and call_id in self.rejected:
            return False
        if self.approved is True:
            return True
        if self.rejected is True:
            return False
        return None


@dataclass
class RunContextWrapper(Generic[TContext]):
    """Wraps the user's context object (passed to `Runner.run(context=...)`).

    The wrapper is never sent to a model: it carries the user's own state, the run's
    running `usage`, and the approval decisions taken on paused tool calls.
    """

    context: TContext
    """The object passed as `context` to `Runner.run`, or None."""

    usage: Usage = field(default_factory=Usage)
    """Usage of the run so far, summed over every model call."""

    turn_input: list[Any] = field(default_factory=list)
    """The run's input items, as the current agent's turn started with them."""

    _approvals: dict[ApprovalKey, ApprovalRecord] = field(
        default_factory=dict, init=False, repr=False
    )

    tool_input: Any | None = None
    """In the run of an agent used as a tool (`Agent.as_tool`) with `parameters` or an
    `input_builder`: the tool's arguments, as JSON data, as the calling model gave them.
    None in other runs."""

    def approve_tool(self, approval_item: Any, always_approve: bool = False) -> None:
        """Let the call of `approval_item` run; with `always_approve`, every call of its tool
        by the same agent, for the rest of the run."""
        self._decide(approval_item, "approved", always_approve, None)

    def reject_tool(
        self,
        approval_item: Any,
        always_reject: bool = False,
        rejection_message: str | None = None,
    ) -> None:
        """Refuse the call of `approval_item`; the model is told (with `rejection_message`
        when given). With `always_reject`, every call of its tool by the same agent."""
        self._decide(approval_item, "rejected", always_reject, rejection_message)

    def is_tool_approved(self, tool_name: str, call_id: str) -> bool | None:
        """True or False once decided for this call, None while nobody has decided."""
        records = (record for (_, name), record in self._approvals.items() if name == tool_name)
        return _decision(records, call_id)

    def get_approval_status(
        self,
        tool_name: str,
        call_id: str,
        *,
        agent_name: str | None = None,
        tool_namespace: str | None = None,
        existing_pending: ToolApprovalItem | None = None,
        tool_lookup_key: FunctionToolLookupKey | None = None,
        current_invocation: ToolApprovalItem | None = None,
    ) -> bool | None:
        """The decision for one call of `agent_name`'s tool (its own, else any agent's).

        The reference's binding arguments are taken: `current_invocation` or
        `existing_pending` (a `ToolApprovalItem`) names the agent whose decisions come first
        when `agent_name` is not given. `tool_namespace` and `tool_lookup_key` name the tool
        within its namespace; decisions here are kept by agent and tool name, which the run
        keeps unique per agent (RunConfig.tool_name_collision_policy), so they select
        nothing more.
        """
        del tool_namespace, tool_lookup_key
        agent = agent_name or _agent_of(current_invocation) or _agent_of(existing_pending)
        return _decision(self._records(tool_name, agent), call_id)

    def get_rejection_message(
        self,
        tool_name: str,
        call_id: str,
        *,
        agent_name: str | None = None,
        tool_namespace: str | None = None,
        existing_pending: ToolApprovalItem | None = None,
        tool_lookup_key: FunctionToolLookupKey | None = None,
    ) -> str | None:
        """The text a person gave when rejecting this call, if any (the binding arguments
        as in `get_approval_status`)."""
        del tool_namespace, tool_lookup_key
        agent_name = agent_name or _agent_of(existing_pending)
        for record in self._records(tool_name, agent_name):
            if call_id in record.rejection_messages:
                return record.rejection_messages[call_id]
            if record.rejected is True and record.sticky_rejection_message is not None:
                return record.sticky_rejection_message
        return None

    def _records(self, tool_name: str, agent_name: str | None) -> Iterator[ApprovalRecord]:
        """The decisions kept for `agent_name`'s tool: its own first, then any agent's."""
        for key in ((agent_name, tool_name), (None, tool_name)):
            record = self._approvals.get(key)
            if record is not None:
                yield record

    def _decide(
        self,
        approval_item: Any,
        decision: Literal["approved", "rejected"],
        always: bool,
        rejection_message: str | None,
    ) -> None:
        """Record a decision on the call (on its tool, with `always`), replacing the opposite
        one; the rejection message goes with it (an approval clears it)."""
        record = self._record(approval_item)
        call_id = _call_id(approval_item)
        opposite = "rejected" if decision == "approved" else "approved"
        if always:
            setattr(record, decision, True)
            setattr(record, opposite, [])
            record.sticky_rejection_message = rejection_message
        else:
            _add(record, decision, call_id)
            _drop(record, opposite, call_id)
        if rejection_message is not None:
            record.rejection_messages[call_id] = rejection_message
        else:
            record.rejection_messages.pop(call_id, None)

    def _record(self, approval_item: Any) -> ApprovalRecord:
        from agents.exceptions import UserError

        name = getattr(approval_item, "tool_name", None) or getattr(approval_item, "name", None)
        if not isinstance(name, str) or not name:
            raise UserError("approve/reject needs a ToolApprovalItem from result.interruptions")
        agent = getattr(approval_item, "agent", None)
        key: ApprovalKey = (getattr(agent, "name", None), name)
        return self._approvals.setdefault(key, ApprovalRecord())


@dataclass
class AgentHookContext(RunContextWrapper[TContext]):
    """What agent start and end hooks receive (`on_agent_start`, `on_start`, `on_agent_end`,
    `on_end`): the run's context, usage and `turn_input`."""


def _call_id(approval_item: Any) -> str:
    from agents.exceptions import UserError

    call_id = getattr(approval_item, "call_id", None)
    if not isinstance(call_id, str) or not call_id:
        raise UserError("approve/reject needs a ToolApprovalItem with the call's id")
    return call_id


def _agent_of(invocation: Any) -> str | None:
    """The name of the agent whose call a `ToolApprovalItem` stands for, if it has one."""
    name = getattr(getattr(invocation, "agent", None), "name", None)
    return name if isinstance(name, str) else None


def _decision(records: Iterable[ApprovalRecord], call_id: str) -> bool | None:
    """The first decision these records hold for the call; None when none has one."""
    for record in records:
        status = record.status(call_id)
        if status is not None:
            return status
    return None


def _add(record: ApprovalRecord, which: str, call_id: str) -> None:
    current = getattr(record, which)
    if current is True:
        return
    if call_id not in current:
        current.append(call_id)


def _drop(record: ApprovalRecord, which: str, call_id: str) -> None:
    current = getattr(record, which)
    if isinstance(current, list) and call_id in current:
        current.remove(call_id)
