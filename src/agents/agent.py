"""The Agent: instructions, a model, tools and an output type, as plain configuration."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Awaitable
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from typing import Generic
from typing import Literal
from typing import TypeAlias

from typing_extensions import NotRequired
from typing_extensions import TypedDict

from agents.agent_output import AgentOutputSchemaBase
from agents.agent_output import output_schema_for
from agents.exceptions import UserError
from agents.model_settings import ModelSettings
from agents.models.interface import Model
from agents.run_context import RunContextWrapper
from agents.run_context import TContext
from agents.tool import FunctionTool
from agents.tool import Tool
from agents.tool import ToolErrorFunction
from agents.tool import default_tool_error_function

if TYPE_CHECKING:
    from openai.types.responses import ResponseFunctionToolCall

    from agents.agent_tool_input import StructuredToolInputBuilder
    from agents.handoffs import Handoff
    from agents.items import ItemHelpers  # noqa: F401
    from agents.lifecycle import AgentHooks
    from agents.lifecycle import RunHooks
    from agents.memory.session import Session
    from agents.stream_events import StreamEvent


@dataclass
class ToolsToFinalOutputResult:
    is_final_output: bool
    """Whether the tool results are the run's final output."""

    final_output: Any = None
    """The final output, when is_final_output is True."""


class StopAtTools(TypedDict):
    stop_at_tool_names: list[str]
    """The run ends with the output of the first of these tools that is called."""


class MCPConfig(TypedDict):
    """How an agent turns its MCP servers' tools into function tools."""

    convert_schemas_to_strict: NotRequired[bool]
    """Make tool schemas strict where they can be (default False)."""

    failure_error_function: NotRequired[ToolErrorFunction | None]
    """What the model sees when an MCP tool fails; None raises instead (default: the
    message of default_tool_error_function)."""

    include_server_in_tool_names: NotRequired[bool]
    """Name tools `mcp_<server>__<tool>` so two servers may offer the same name."""


ToolsToFinalOutputFunction: TypeAlias = Callable[
    [RunContextWrapper[Any], list[Any]],
    "ToolsToFinalOutputResult | Awaitable[ToolsToFinalOutputResult]",
]

ToolUseBehavior: TypeAlias = (
    Literal["run_llm_again", "stop_on_first_tool"] | StopAtTools | ToolsToFinalOutputFunction
)


@dataclass
class AgentBase(Generic[TContext]):
    """What every kind of agent has: a name, a description for handoffs, and tools.

    The reference SDK's base class; `Agent` adds the model, instructions and the rest (and
    the tool listing, `get_all_tools`). Libraries annotate with it (Temporal's MCP wrappers
    take ``agent: AgentBase | None``).
    """

    name: str = "Agent"
    """The agent's name, used in handoff tool names and traces."""

    handoff_description: str | None = None
    """What this agent does, shown to other agents that can hand off to it."""

    tools: list[Tool] = field(default_factory=list)
    """Tools the model may call."""

    mcp_servers: list[Any] = field(default_factory=list)
    """MCP servers (agents.mcp) whose tools the agent may use; connect them before the run
    (`async with server:`) and clean them up after it."""

    mcp_config: MCPConfig = field(default_factory=lambda: MCPConfig())
    """MCP configuration."""


@dataclass
class Agent(AgentBase[TContext]):
    """An LLM with instructions, tools and an optional output type.

    An Agent is configuration only: it holds no conversation state, so one instance can serve
    many concurrent runs.
    """

    instructions: (
        str | Callable[[RunContextWrapper[TContext], Agent[TContext]], str | Awaitable[str]] | None
    ) = None
    """The system prompt: a string, or a function (sync or async) of the context and agent."""

    prompt: Any | None = None
    """A stored prompt reference (Responses API only)."""

    handoffs: list[Agent[Any] | Handoff[TContext, Any]] = field(default_factory=list)
    """Agents this one may hand the conversation to."""

    model: str | Model | None = None
    """The model: a name (resolved by the run's model provider) or a Model instance."""

    model_settings: ModelSettings = field(default_factory=ModelSettings)
    """Settings for this agent's model calls (overridden by RunConfig.model_settings)."""

    input_guardrails: list[Any] = field(default_factory=list)
    """Checks that run on the input of the first turn."""

    output_guardrails: list[Any] = field(default_factory=list)
    """Checks that run on the final output."""

    output_type: type[Any] | AgentOutputSchemaBase | None = None
    """The type of the final output; None or str for plain text."""

    hooks: AgentHooks[TContext] | None = None
    """Callbacks for this agent's lifecycle events."""

    tool_use_behavior: ToolUseBehavior = "run_llm_again"
    """What happens after tools run: call the model again (default), stop on the first
    tool's output, stop at named tools (StopAtTools), or decide with a function."""

    reset_tool_choice: bool = True
    """Reset tool_choice to its default after a tool call, so a forced tool cannot loop."""

    _output_schema_cache: tuple[Any, AgentOutputSchemaBase | None] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise UserError(f"Agent name must be a string, got {type(self.name).__name__}")
        if not isinstance(self.model_settings, ModelSettings):
            raise UserError(
                f"Agent {self.name!r}: model_settings must be a ModelSettings, "
                f"got {type(self.model_settings).__name__}"
            )
        if self.model is not None and not isinstance(self.model, str | Model):
            raise UserError(
                f"Agent {self.name!r}: model must be a model name or a Model instance such as "
                f"OpenAIChatCompletionsModel, got {type(self.model).__name__}"
            )
        if not isinstance(self.tools, list):
            raise UserError(f"Agent {self.name!r}: tools must be a list")
        _check_parts(self)

    def __getstate__(self) -> dict[str, Any]:
        # The output-schema cache is rebuilt on demand; a model holding a client refuses to
        # be pickled with a UserError that names the factory pattern.
        return {**self.__dict__, "_output_schema_cache": None}

    def clone(self, **kwargs: Any) -> Agent[TContext]:
        """A copy with some fields changed (lists are shared unless replaced)."""
        return dataclasses.replace(self, **kwargs)

    def output_schema(self) -> AgentOutputSchemaBase | None:
        """The schema for output_type, built once per output type rather than every turn."""
        cached = self._output_schema_cache
        if cached is not None and cached[0] is self.output_type:
            return cached[1]
        schema = output_schema_for(self.output_type)
        self._output_schema_cache = (self.output_type, schema)
        return schema

    async def get_system_prompt(self, run_context: RunContextWrapper[TContext]) -> str | None:
        if self.instructions is None or isinstance(self.instructions, str):
            return self.instructions
        if callable(self.instructions):
            _check_instructions_signature(self.instructions)
            result = self.instructions(run_context, self)
            if inspect.isawaitable(result):
                result = await result
            return str(result)
        raise UserError(
            f"Agent {self.name!r}: instructions must be a string or a function, "
            f"got {type(self.instructions).__name__}"
        )

    async def get_mcp_tools(self, run_context: RunContextWrapper[TContext]) -> list[Tool]:
        """The tools of the agent's MCP servers, as function tools (listed on each call
        unless a server caches its list)."""
        if not self.mcp_servers:
            return []
        from agents.mcp.server import MCPServer
        from agents.mcp.util import MCPUtil

        for server in self.mcp_servers:
            if not isinstance(server, MCPServer):
                raise UserError(
                    f"Agent {self.name!r}: mcp_servers holds a {type(server).__name__}, not an "
                    "MCP server; pass MCPServerStdio, MCPServerSse or MCPServerStreamableHttp "
                    "instances (from agents.mcp)."
                )
        config = self.mcp_config
        return await MCPUtil.get_all_function_tools(
            self.mcp_servers,
            config.get("convert_schemas_to_strict", False),
            run_context,
            self,
            failure_error_function=config.get(
                "failure_error_function", default_tool_error_function
            ),
            include_server_in_tool_names=config.get("include_server_in_tool_names", False),
            reserved_tool_names={t.name for t in self.tools},
        )

    async def get_all_tools(self, run_context: RunContextWrapper[Any]) -> list[Tool]:
        """The MCP tools, then the tools enabled for this run (is_enabled may be a function
        of the context)."""
        enabled: list[Tool] = list(await self.get_mcp_tools(run_context))
        tools = self.tools
        if not [t for t in tools if type(t) is not FunctionTool or t.is_enabled is not True]:
            enabled += tools  # the usual case, every tool a plain FunctionTool that is on
            return enabled
        for tool in tools:
            flag = tool.is_enabled if isinstance(tool, FunctionTool) else True
            if callable(flag):
                flag = flag(run_context, self)
                if inspect.isawaitable(flag):
                    flag = await flag
            if flag:
                enabled.append(tool)
        return enabled

    def as_tool(
        self,
        tool_name: str | None,
        tool_description: str | None,
        custom_output_extractor: Callable[[Any], Awaitable[str]] | None = None,
        is_enabled: bool | Callable[[RunContextWrapper[Any], Any], Any] = True,
        on_stream: Callable[[AgentToolStreamEvent], Any] | None = None,
        run_config: Any = None,
        max_turns: int | None = None,
        hooks: RunHooks[TContext] | None = None,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        session: Session | None = None,
        failure_error_function: ToolErrorFunction | None = default_tool_error_function,
        needs_approval: bool | Callable[[RunContextWrapper[Any], dict[str, Any], str], Any] = False,
        parameters: type[Any] | None = None,
        input_builder: StructuredToolInputBuilder | None = None,
        include_input_schema: bool = False,
        on_stream_max_pending_events: int | None = 1024,
    ) -> FunctionTool:
        """This agent as a tool another agent can call: it runs on its own model, from the
        input the calling model writes, and its answer is the tool's output.

        `run_config` (a RunConfig or its dict; default: the calling run's), `max_turns`,
        `hooks`, `previous_response_id`, `conversation_id` and `session` go to the nested run.
        `on_stream` (sync or async) receives each of its events as an `AgentToolStreamEvent`,
        the nested run then streaming; more than `on_stream_max_pending_events` waiting events
        end it (None: no limit). `parameters` (a dataclass or pydantic model) gives the tool
        structured arguments; `input_builder` turns them into the nested input, else a
        message holds them (with the whole schema when `include_input_schema`). A failure is
        the model's to read through `failure_error_function`; None raises it instead.
        """
        from agents._agent_tool import AgentToolOptions
        from agents._agent_tool import build_agent_tool

        return build_agent_tool(
            self,
            tool_name or _tool_safe_name(self.name),
            tool_description or self.handoff_description or "",
            AgentToolOptions(
                custom_output_extractor=custom_output_extractor,
                on_stream=on_stream,
                run_config=run_config,
                max_turns=max_turns,
                hooks=hooks,
                previous_response_id=previous_response_id,
                conversation_id=conversation_id,
                session=session,
                parameters=parameters,
                input_builder=input_builder,
                include_input_schema=include_input_schema,
                on_stream_max_pending_events=on_stream_max_pending_events,
            ),
            is_enabled=is_enabled,
            needs_approval=needs_approval,
            failure_error_function=failure_error_function,
        )


class AgentToolStreamEvent(TypedDict):
    """One event of an agent run as a tool, for `Agent.as_tool(on_stream=...)`."""

    event: StreamEvent
    """The nested run's event."""

    agent: Agent[Any]
    """The nested agent producing it (after a handoff inside the nested run, the new one)."""

    tool_call: ResponseFunctionToolCall | None
    """The calling model's tool call, when the run made the call (None when invoked directly)."""


def _tool_safe_name(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "_-" else "_" for c in name.strip().lower())
    return cleaned or "agent"


_NOT_TYPES = (str, bytes, int, float, dict, list, tuple, set)


def _check_parts(agent: Agent[Any]) -> None:
    """Tools, handoffs, output type and instructions of the wrong kind fail at construction,
    naming the argument, rather than deep inside the first run."""
    from agents.handoffs import Handoff  # the handoffs module imports this one

    for tool in agent.tools:
        if isinstance(tool, str | bytes) or not isinstance(getattr(tool, "name", None), str):
            raise UserError(
                f"Agent {agent.name!r}: tools must hold tools (a @function_tool function, a "
                f"FunctionTool or a hosted tool), got {type(tool).__name__} {tool!r:.60}"
            )
    for target in agent.handoffs:
        if not isinstance(target, Agent | Handoff):
            raise UserError(
                f"Agent {agent.name!r}: handoffs must hold Agents or handoff(...) objects, "
                f"got {type(target).__name__} {target!r:.60}"
            )
    if isinstance(agent.output_type, _NOT_TYPES):
        raise UserError(
            f"Agent {agent.name!r}: output_type must be a type (a pydantic model, a dataclass, "
            f"list[str], ...) or an AgentOutputSchema, got the {type(agent.output_type).__name__}"
            f" {agent.output_type!r:.60}"
        )
    instructions = agent.instructions
    if (
        instructions is not None
        and not isinstance(instructions, str)
        and not callable(instructions)
    ):
        raise TypeError(  # TypeError, as the reference raises
            f"Agent instructions must be a string, callable, or None, "
            f"got {type(instructions).__name__}"
        )


def _check_instructions_signature(instructions: Any) -> None:
    """A dynamic instructions function is called with (context, agent): say so when it takes
    another number of arguments, before calling it with the wrong ones."""
    try:
        params = list(inspect.signature(instructions).parameters.values())
    except (TypeError, ValueError):
        return  # a builtin or C callable without a signature: call it and see
    if len(params) != 2:
        raise TypeError(
            "'instructions' callable must accept exactly 2 arguments (context, agent), "
            f"but got {len(params)}: {[p.name for p in params]}"
        )
