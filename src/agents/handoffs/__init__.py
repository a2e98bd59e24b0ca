"""Handoffs: a tool call that passes the conversation to another agent."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Awaitable
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from typing import Generic

from pydantic import TypeAdapter
from pydantic import ValidationError
from typing_extensions import TypeVar

from agents.exceptions import ModelBehaviorError
from agents.exceptions import UserError
from agents.items import RunItem
from agents.items import TResponseInputItem
from agents.run_context import RunContextWrapper
from agents.run_context import TContext
from agents.strict_schema import ensure_strict_json_schema
from agents.util._await import maybe_await

if TYPE_CHECKING:
    from agents.agent import Agent

TAgent = TypeVar("TAgent", bound="Agent[Any]", default="Agent[Any]")


@dataclass(frozen=True)
class HandoffInputData:
    input_history: str | tuple[TResponseInputItem, ...]
    """The conversation before this run started."""

    pre_handoff_items: tuple[RunItem, ...]
    """Items produced before the turn that handed off."""

    new_items: tuple[RunItem, ...]
    """Items of the turn that handed off (including the handoff call and its output)."""

    run_context: RunContextWrapper[Any] | None = None
    """The run's context when the handoff happened."""

    input_items: tuple[RunItem, ...] | None = None
    """When set, what the next agent sees of the run's items instead of pre_handoff_items and
    new_items (which the run still keeps, for the result and the session)."""

    def clone(self, **kwargs: Any) -> HandoffInputData:
        """A copy with some fields changed: `data.clone(new_items=())`."""
        return dataclasses.replace(self, **kwargs)


HandoffInputFilter = Callable[[HandoffInputData], HandoffInputData]
"""Rewrites what the next agent sees of the conversation."""

HandoffHistoryMapper = Callable[[list[TResponseInputItem]], list[TResponseInputItem]]
"""Turns the transcript before a handoff into the history the next agent receives."""


@dataclass
class Handoff(Generic[TContext, TAgent]):
    tool_name: str
    """Name of the tool the model calls to hand off."""

    tool_description: str
    """Description of that tool."""

    input_json_schema: dict[str, Any]
    """Schema of the tool's arguments (empty object when the handoff takes no input)."""

    on_invoke_handoff: Callable[[RunContextWrapper[Any], str], Awaitable[TAgent]]
    """Runs the handoff: receives the raw JSON arguments, returns the next agent."""

    agent_name: str
    """Name of the agent handed to."""

    input_filter: HandoffInputFilter | None = None
    """Rewrites the history the next agent sees."""

    nest_handoff_history: bool | None = None
    """For this handoff only, whether the next agent gets the transcript so far as one
    summary message (True) or as it is (False); None: `RunConfig.nest_handoff_history`
    decides. An input filter, when there is one, wins over either."""

    strict_json_schema: bool = True
    """Whether input_json_schema is strict."""

    is_enabled: bool | Callable[[RunContextWrapper[Any], Any], Any] = field(default=True)
    """Whether the model sees this handoff."""

    _agent_ref: Any = field(default=None, init=False, repr=False, compare=False)
    """The agent handed to, when known (`handoff()` sets it): a saved RunState names agents,
    and the agents a run can reach are found through it."""

    @classmethod
    def default_tool_name(cls, agent: Agent[Any]) -> str:
        cleaned = "".join(c if c.isalnum() else "_" for c in agent.name.strip().lower())
        return f"transfer_to_{cleaned}"

    @classmethod
    def default_tool_description(cls, agent: Agent[Any]) -> str:
        extra = f" {agent.handoff_description}" if agent.handoff_description else ""
        return f"Handoff to the {agent.name} agent to handle the request.{extra}"

    def get_transfer_message(self, agent: Agent[Any]) -> str:
        return json.dumps({"assistant": agent.name})


def handoff(
    agent: Agent[TContext],
    tool_name_override: str | None = None,
    tool_description_override: str | None = None,
    on_handoff: Callable[..., Any] | None = None,
    input_type: type[Any] | None = None,
    input_filter: HandoffInputFilter | None = None,
    nest_handoff_history: bool | None = None,
    is_enabled: bool | Callable[[RunContextWrapper[Any], Any], Any] = True,
) -> Handoff[TContext, Agent[TContext]]:
    """A handoff to `agent`; `on_handoff(ctx[, input])` runs when the model takes it."""
    if input_type is not None and on_handoff is None:
        raise UserError("handoff(input_type=...) needs an on_handoff function to receive the input")
    adapter: TypeAdapter[Any] | None = TypeAdapter(input_type) if input_type is not None else None
    schema: dict[str, Any] = (
        ensure_strict_json_schema(adapter.json_schema())
        if adapter is not None
        else {"type": "object", "properties": {}, "required": [], "additionalProperties": False}
    )

    async def invoke(ctx: RunContextWrapper[Any], raw: str) -> Agent[TContext]:
        if on_handoff is not None:
            if adapter is not None:
                try:
                    value = adapter.validate_json(raw or "{}")
                except ValidationError as exc:
                    raise ModelBehaviorError(
                        f"Invalid input for handoff to {agent.name!r}: {exc}"
                    ) from exc
                result = on_handoff(ctx, value)
            else:
                result = on_handoff(ctx)
            await maybe_await(result)
        return agent

    made: Handoff[TContext, Agent[TContext]] = Handoff(
        tool_name=tool_name_override or Handoff.default_tool_name(agent),
        tool_description=tool_description_override or Handoff.default_tool_description(agent),
        input_json_schema=schema,
        on_invoke_handoff=invoke,
        agent_name=agent.name,
        input_filter=input_filter,
        nest_handoff_history=nest_handoff_history,
        is_enabled=is_enabled,
    )
    made._agent_ref = agent
    return made
