"""The context a function tool receives: the run context plus which call it serves."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from dataclasses import fields
from typing import Any

from openai.types.responses import ResponseFunctionToolCall

from agents.run_context import RunContextWrapper
from agents.run_context import TContext


def _missing() -> str:
    raise ValueError("ToolContext needs tool_name and tool_call_id")


@dataclass
class ToolContext(RunContextWrapper[TContext]):
    tool_name: str = field(default_factory=_missing)
    """The name of the tool being invoked."""

    tool_call_id: str = field(default_factory=_missing)
    """The id the model gave this tool call."""

    tool_arguments: str = ""
    """The raw JSON arguments the model sent."""

    tool_call: ResponseFunctionToolCall | None = None
    """The model's call itself, when the run made this context."""

    agent: Any = None
    """The agent whose turn made the call (an `Agent`), when the run made this context."""

    run_config: Any = None
    """The run's `RunConfig`, when the run made this context (an agent run as a tool
    inherits it unless it was given its own)."""

    @classmethod
    def from_agent_context(
        cls,
        context: RunContextWrapper[Any],
        tool_call_id: str,
        tool_name: str,
        tool_arguments: str = "",
    ) -> ToolContext[Any]:
        base = {f.name: getattr(context, f.name) for f in fields(RunContextWrapper) if f.init}
        return cls(
            tool_name=tool_name, tool_call_id=tool_call_id, tool_arguments=tool_arguments, **base
        )
