"""Lifecycle hooks: subclass and override the events you care about (all are no-ops here)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any
from typing import Generic

from agents.run_context import AgentHookContext
from agents.run_context import RunContextWrapper
from agents.run_context import TContext

if TYPE_CHECKING:
    from agents.agent import Agent
    from agents.items import ModelResponse
    from agents.items import TResponseInputItem
    from agents.tool import Tool


class _ModelAndToolHooks(Generic[TContext]):
    """The model-call and tool-call events, which run hooks and agent hooks both receive:
    run hooks for every agent of the run, agent hooks for their own agent only."""

    async def on_llm_start(
        self,
        context: RunContextWrapper[TContext],
        agent: Agent[TContext],
        system_prompt: str | None,
        input_items: list[TResponseInputItem],
    ) -> None:
        """Before a model call."""

    async def on_llm_end(
        self, context: RunContextWrapper[TContext], agent: Agent[TContext], response: ModelResponse
    ) -> None:
        """After a model call."""

    async def on_tool_start(
        self, context: RunContextWrapper[TContext], agent: Agent[TContext], tool: Tool
    ) -> None:
        """Before a tool runs."""

    async def on_tool_end(
        self, context: RunContextWrapper[TContext], agent: Agent[TContext], tool: Tool, result: str
    ) -> None:
        """After a tool ran, with the text the model will see."""


class RunHooks(_ModelAndToolHooks[TContext]):
    """Hooks for every agent of a run (pass as `Runner.run(hooks=...)`)."""

    async def on_agent_start(
        self, context: AgentHookContext[TContext], agent: Agent[TContext]
    ) -> None:
        """When an agent becomes the current agent."""

    async def on_agent_end(
        self, context: AgentHookContext[TContext], agent: Agent[TContext], output: Any
    ) -> None:
        """When an agent produces the final output."""

    async def on_handoff(
        self,
        context: RunContextWrapper[TContext],
        from_agent: Agent[TContext],
        to_agent: Agent[TContext],
    ) -> None:
        """When the conversation passes from one agent to another."""


class AgentHooks(_ModelAndToolHooks[TContext]):
    """Hooks for one agent (set as `Agent(hooks=...)`)."""

    async def on_start(self, context: AgentHookContext[TContext], agent: Agent[TContext]) -> None:
        """When this agent becomes the current agent."""

    async def on_end(
        self, context: AgentHookContext[TContext], agent: Agent[TContext], output: Any
    ) -> None:
        """When this agent produces the final output."""

    async def on_handoff(
        self,
        context: RunContextWrapper[TContext],
        agent: Agent[TContext],
        source: Agent[TContext],
    ) -> None:
        """When the conversation is handed to this agent."""


_NO_OPS = {
    name: value
    for cls in (_ModelAndToolHooks, RunHooks)
    for name, value in vars(cls).items()
    if name.startswith("on_")
}
"""The no-op event methods of the base run hooks, by name."""


def overrides(hooks: object, event: str) -> bool:
    """Whether `hooks` may do something on `event`: False only when its `event` is the base
    class's no-op (so the run can skip building what the hook would be given)."""
    if event in getattr(hooks, "__dict__", ()):
        return True  # set on the instance
    return getattr(type(hooks), event, None) is not _NO_OPS.get(event)
