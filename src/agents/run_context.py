"""The context object that reaches tools, dynamic instructions, guardrails and hooks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic

from typing_extensions import TypeVar

from agents.usage import Usage

TContext = TypeVar("TContext", default=Any)


@dataclass
class RunContextWrapper(Generic[TContext]):
    """Wraps the user's context object (passed to `Runner.run(context=...)`).

    The wrapper is never sent to a model: it carries the user's own state, and the run's
    running `usage`, to the user's own code.
    """

    context: TContext
    """The object passed as `context` to `Runner.run`, or None."""

    usage: Usage = field(default_factory=Usage)
    """Usage of the run so far, summed over every model call."""

    turn_input: list[Any] = field(default_factory=list)
    """The run's input items, as the current agent's turn started with them."""


@dataclass
class AgentHookContext(RunContextWrapper[TContext]):
    """What agent start and end hooks receive (`on_agent_start`, `on_start`, `on_agent_end`,
    `on_end`): the run's context, usage and `turn_input`."""
