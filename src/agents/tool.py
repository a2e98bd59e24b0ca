"""Function tools: a Python function the model may call, with a JSON schema for its arguments."""

from __future__ import annotations

import asyncio
import copy
import inspect
import json
import logging
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal
from typing import NamedTuple
from typing import TypeAlias
from typing import overload

from pydantic import BaseModel
from pydantic import ValidationError
from typing_extensions import TypedDict
from typing_extensions import Unpack

from agents._local_tool_table import load_tool_name
from agents._tool_callers import check_allowed_callers
from agents._tool_callers import output_schema_of
from agents._tool_origin import ToolCaller
from agents._tool_origin import ToolOrigin
from agents._tool_origin import ToolOriginType
from agents._tool_output_types import ToolOutputFileContent
from agents._tool_output_types import ToolOutputFileContentDict
from agents._tool_output_types import ToolOutputImage
from agents._tool_output_types import ToolOutputImageDict
from agents._tool_output_types import ToolOutputText
from agents._tool_output_types import ToolOutputTextDict
from agents.exceptions import ModelBehaviorError
from agents.exceptions import UserError
from agents.function_schema import FuncSchema
from agents.function_schema import function_schema
from agents.hosted_tools import CodeInterpreterTool
from agents.hosted_tools import FileSearchTool
from agents.hosted_tools import HostedMCPTool
from agents.hosted_tools import HostedTool
from agents.hosted_tools import ImageGenerationTool
from agents.hosted_tools import ImageGenerationToolConfig
from agents.hosted_tools import MCPToolApprovalFunction
from agents.hosted_tools import MCPToolApprovalFunctionResult
from agents.hosted_tools import MCPToolApprovalRequest
from agents.hosted_tools import ToolSearchTool
from agents.hosted_tools import WebSearchTool
from agents.hosted_tools import WebSearchToolImageSettings
from agents.items import ToolCallOutputItem
from agents.json_repair import repair_json_object
from agents.run_context import RunContextWrapper
from agents.strict_schema import ensure_strict_json_schema
from agents.tool_context import ToolContext
from agents.util._watched import watched

if TYPE_CHECKING:
    from agents.tool_guardrails import ToolInputGuardrail
    from agents.tool_guardrails import ToolOutputGuardrail


def __getattr__(name: str) -> Any:
    """Local tools load on first use: their modules build on this one."""
    return load_tool_name(name)


__all__ = [
    "CodeInterpreterTool",
    "FileSearchTool",
    "FunctionTool",
    "FunctionToolResult",
    "HostedMCPTool",
    "ImageGenerationTool",
    "ImageGenerationToolConfig",
    "MCPToolApprovalFunction",
    "MCPToolApprovalFunctionResult",
    "MCPToolApprovalRequest",
    "Tool",
    "ToolCaller",
    "ToolErrorFunction",
    "ToolOrigin",
    "ToolOriginType",
    "ToolOutputFileContent",
    "ToolOutputFileContentDict",
    "ToolOutputImage",
    "ToolOutputImageDict",
    "ToolOutputText",
    "ToolOutputTextDict",
    "ToolSearchTool",
    "ToolTimeoutBehavior",
    "WebSearchTool",
    "WebSearchToolImageSettings",
    "default_tool_error_function",
    "default_tool_timeout_error_message",
    "function_tool",
    "tool_namespace",
]

logger = logging.getLogger("openai.agents")

ToolFunction: TypeAlias = Callable[..., Any]
ToolErrorFunction: TypeAlias = Callable[[RunContextWrapper[Any], Exception], Any]
ToolTimeoutBehavior: TypeAlias = Literal["error_as_result", "raise_exception"]
ApprovalFunction: TypeAlias = Callable[[RunContextWrapper[Any], dict[str, Any], str], Any]
"""(context, the call's parsed arguments, call id) -> bool or an awaitable of bool."""

DEFAULT_APPROVAL_REJECTION_MESSAGE = "Tool execution was not approved."
"""What the model reads for a rejected call when nobody gave a message."""


@dataclass(frozen=True)
class FunctionToolCustomDataContext:
    """What a function tool's `custom_data_extractor` reads, once the tool ran."""

    tool_context: ToolContext[Any]
    """The call's context (tool name, call id, arguments, the run's context)."""

    tool: FunctionTool
    """The tool that ran."""

    output: Any
    """What the tool returned (after its output guardrails)."""

    raw_item: Mapping[str, Any]
    """The output item the model will read (a copy)."""


FunctionToolCustomDataExtractor: TypeAlias = Callable[
    [FunctionToolCustomDataContext],
    "Mapping[str, Any] | Awaitable[Mapping[str, Any] | None] | None",
]
"""Returns data kept on the call's ToolCallOutputItem (`custom_data`), never sent to the
model: JSON data with string keys, or None (sync or async)."""


@dataclass
class FunctionTool:
    """A tool backed by a function. Build one with `@function_tool`, or directly."""

    name: str
    """The name the model calls the tool by."""

    description: str
    """What the tool does, for the model."""

    params_json_schema: dict[str, Any]
    """JSON schema of the arguments object."""

    on_invoke_tool: Callable[[ToolContext[Any], str], Awaitable[Any]]
    """Runs the tool: receives the context and the raw JSON arguments, returns the output."""

    strict_json_schema: bool = True
    """Whether the schema is strict (every field required, no extra properties)."""

    is_enabled: bool | Callable[[RunContextWrapper[Any], Any], Any] = True
    """Whether the model sees the tool; a callable decides per run (may be async)."""

    tool_input_guardrails: list[ToolInputGuardrail[Any]] | None = None
    """Checks on the arguments before the tool runs (agents.tool_guardrails)."""

    tool_output_guardrails: list[ToolOutputGuardrail[Any]] | None = None
    """Checks on the output after the tool ran."""

    needs_approval: bool | ApprovalFunction = False
    """Whether a call waits for a person's yes (`RunState.approve` / `reject`) before it
    runs: True, or a function (context, parsed arguments, call id) -> bool, sync or async,
    deciding per call. A run that meets such a call stops with `result.interruptions`."""

    timeout_seconds: float | None = None
    """The longest one call may run; None: no limit."""

    timeout_behavior: ToolTimeoutBehavior = "error_as_result"
    """On timeout: tell the model ("error_as_result") or fail the run with ToolTimeoutError
    ("raise_exception")."""

    timeout_error_function: ToolErrorFunction | None = None
    """The message the model gets on a timeout (error_as_result); None: a default one."""

    defer_loading: bool = False
    """On OpenAI's Responses API, hide the declaration until the model loads it with tool
    search (the agent needs a `ToolSearchTool()`). Other routes have no tool search: there the
    tool is declared from the start, as namespaced tools are."""

    custom_data_extractor: FunctionToolCustomDataExtractor | None = field(
        default=None, kw_only=True
    )
    """Data to keep on each call's output item (`ToolCallOutputItem.custom_data`), for the
    application, never for the model."""

    allowed_callers: list[ToolCaller] | None = field(default=None, kw_only=True)
    """Who may call the tool on OpenAI's Responses API (sent as the declaration's
    `allowed_callers`); None: the API's default. It must include "direct" (see
    agents._tool_callers)."""

    output_json_schema: dict[str, Any] | None = field(default=None, kw_only=True)
    """JSON schema of the tool's output, sent as the Responses declaration's `output_schema`
    (`function_tool(output_type=...)` builds it from a type)."""

    _tool_namespace: str | None = field(default=None, kw_only=True, repr=False)
    """Set by `tool_namespace()`: the group this tool belongs to for tool search."""

    _tool_namespace_description: str | None = field(default=None, kw_only=True, repr=False)

    _mcp_title: str | None = field(default=None, kw_only=True, repr=False, compare=False)
    """Set for an MCP server's tool that has a `title`: the call items' display name."""

    _agent_tool: Any = field(default=None, repr=False, compare=False)
    """Set by `Agent.as_tool`: the agent this tool runs, so a pause inside it can resume."""

    _on_approval: Any = field(default=None, kw_only=True, repr=False, compare=False)
    """Set by a local tool's function form: its `on_approval` callback, which decides a call
    its policy holds before the run stops (see agents._run.approvals)."""
    _tool_origin: ToolOrigin | None = field(default=None, kw_only=True, repr=False, compare=False)
    """Set for MCP and agent-as-tool tools; None: a plain function (get_function_tool_origin)."""

    def __post_init__(self) -> None:
        if not self.name:
            raise UserError("FunctionTool needs a non-empty name")
        timeout = self.timeout_seconds
        if timeout is not None and (
            isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0
        ):
            raise UserError(
                f"Tool {self.name!r}: timeout must be a number of seconds > 0, got {timeout!r}"
            )
        if self.timeout_behavior not in ("error_as_result", "raise_exception"):
            raise UserError(
                f"Tool {self.name!r}: timeout_behavior must be 'error_as_result' or "
                f"'raise_exception', got {self.timeout_behavior!r}"
            )
        self.allowed_callers = check_allowed_callers(self.allowed_callers, self.name)
        if self.output_json_schema is not None and not isinstance(self.output_json_schema, dict):
            raise UserError(
                f"Tool {self.name!r}: output_json_schema must be a JSON schema dict, got "
                f"{type(self.output_json_schema).__name__}"
            )
        if self.strict_json_schema:
            # As the reference does: a schema given by hand is made strict here, so a tool
            # marked strict never reaches a provider with a schema strict mode rejects.
            # The copy made here is the tool's own: watched, so a request can tell cheaply
            # that it is unchanged (agents.util._watched).
            self.params_json_schema = watched(ensure_strict_json_schema(self.params_json_schema))


@dataclass
class FunctionToolResult:
    """One function tool call's result, as `tool_use_behavior` functions and hooks see it."""

    tool: FunctionTool
    """The tool that ran."""

    output: Any
    """What it returned."""

    run_item: ToolCallOutputItem
    """The output item sent back to the model."""

    interruptions: list[Any] = field(default_factory=list)
    """For an agent tool: the approvals its nested run paused on (ToolApprovalItem)."""

    agent_run_result: Any = None
    """For an agent tool: the nested run's result (RunResult or RunResultStreaming)."""


class LocalTool:
    """A tool of the reference SDK that runs on this machine (shell, apply_patch, computer,
    custom): OpenAI's Responses API gets it as its built-in tool type (`responses_tool()`),
    every other route as a function tool (`function_tool()`); either way it runs here."""

    name: str
    _needs_approval: Any = False
    """`needs_approval` in the function form's shape (each tool's `__post_init__` sets it)."""
    _built: FunctionTool | None = None

    def function_tool(self) -> FunctionTool:
        """This tool as the function tool the model calls; made once, then reused. The
        tool's `on_approval` and `custom_data_extractor`, where it has them, serve this form
        too, so approvals and custom data read the same on every route."""
        if self._built is None:
            extractor = getattr(self, "custom_data_extractor", None)
            self._built = FunctionTool(
                self.name,
                *self._function_form(),
                needs_approval=self._needs_approval,
                _on_approval=getattr(self, "on_approval", None),
                custom_data_extractor=None if extractor is None else self._adapted(extractor),
            )
        return self._built

    def _function_form(self) -> LocalToolFunctionForm:
        """What the model is told and what runs, as a function tool."""
        raise NotImplementedError

    def _custom_data(self, data: FunctionToolCustomDataContext, args: dict[str, Any]) -> Any:
        """The context this tool's extractor reads, made from a call of its function form
        (`args`: the call's parsed arguments); tools with an extractor define it."""
        raise NotImplementedError

    def _adapted(self, extractor: Callable[[Any], Any]) -> FunctionToolCustomDataExtractor:
        """The tool's extractor as its function form's."""

        def adapted(data: FunctionToolCustomDataContext) -> Any:
            try:
                args = json.loads(data.tool_context.tool_arguments or "{}")
            except ValueError:
                args = {}
            return extractor(self._custom_data(data, args if isinstance(args, dict) else {}))

        return adapted

    def responses_tool(self, model: str | None) -> dict[str, Any]:
        """This tool's declaration on the Responses API (`model`: the request's model)."""
        raise NotImplementedError


class LocalToolFunctionForm(NamedTuple):
    """A local tool as a function tool: its description, argument schema and invoke (the
    FunctionTool fields after the name, in their order)."""

    description: str
    params_json_schema: dict[str, Any]
    on_invoke_tool: Callable[[ToolContext[Any], str], Awaitable[Any]]


Tool: TypeAlias = FunctionTool | HostedTool | LocalTool
"""A function tool, a hosted tool that OpenAI's Responses API runs (see hosted_tools), or a
local tool (shell, apply_patch, computer, custom) run here on every provider."""


def get_function_tool_origin(function_tool: FunctionTool) -> ToolOrigin:
    """What the items of a call to this tool record as its origin."""
    if function_tool._tool_origin is not None:
        return function_tool._tool_origin
    return ToolOrigin(type=ToolOriginType.FUNCTION)


def default_tool_error_function(ctx: RunContextWrapper[Any], error: Exception) -> str:
    """The message a model sees when a tool fails, so it can correct itself and try again."""
    return f"An error occurred while running the tool. Please try again. Error: {error}"


def default_tool_timeout_error_message(*, tool_name: str, timeout_seconds: float) -> str:
    """What the model sees when a tool timed out (timeout_behavior="error_as_result")."""
    return f"Tool '{tool_name}' timed out after {timeout_seconds:g} seconds."


def tool_namespace(
    *, name: str, description: str | None, tools: list[FunctionTool]
) -> list[FunctionTool]:
    """Copies of `tools` grouped under a namespace, for tool search on OpenAI's Responses API.

    Elsewhere the namespace is not sent: the tools are plain function tools.
    """
    if not isinstance(name, str) or not name.strip():
        raise UserError("tool_namespace() needs a non-empty namespace name")
    if not isinstance(description, str) or not description.strip():
        raise UserError("tool_namespace() needs a non-empty description")
    if any(not isinstance(tool, FunctionTool) for tool in tools):
        raise UserError("tool_namespace() takes FunctionTool instances only")
    grouped: list[FunctionTool] = []
    for tool in tools:
        copied = copy.copy(tool)
        copied._tool_namespace = name.strip()
        copied._tool_namespace_description = description.strip()
        grouped.append(copied)
    return grouped


def tool_output_to_text(output: Any) -> str:
    """How a tool's return value is shown to the model: JSON for structured values."""
    if isinstance(output, str):
        return output
    if isinstance(output, BaseModel):
        return output.model_dump_json()
    try:
        if isinstance(output, dict | list | tuple | int | float | bool) or output is None:
            try:
                return json.dumps(output, default=str)
            except (TypeError, ValueError):
                return str(output)
        return str(output)
    except Exception as exc:  # a value whose __str__ (or __repr__) itself fails
        raise UserError(
            f"A tool returned a {type(output).__name__} that cannot be turned into text for "
            f"the model (str() raised {type(exc).__name__}: {exc}); return a string, a "
            "pydantic model or JSON-ready data"
        ) from exc


def parse_tool_arguments(tool_name: str, raw: str) -> dict[str, Any]:
    """The arguments object a model sent; empty means no arguments.

    JSON that is broken in a way with one reading (a trailing comma, closing braces missing
    at the end, a code fence around it) is repaired; anything else is a ModelBehaviorError,
    which `function_tool` reports to the model as the tool's output.
    """
    if not raw or not raw.strip():
        return {}
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError as exc:
        repaired = repair_json_object(raw)
        if repaired is None:
            raise ModelBehaviorError(
                f"Invalid JSON arguments for tool {tool_name!r}: {exc.msg} (got {raw[:200]!r})"
            ) from exc
        logger.debug("Repaired malformed JSON arguments for tool %s", tool_name)
        return repaired
    if not isinstance(parsed, dict):
        raise ModelBehaviorError(
            f"Arguments for tool {tool_name!r} must be a JSON object, got {type(parsed).__name__}"
        )
    return parsed


_DEFAULT: Any = object()


class _FunctionToolOptions(TypedDict, total=False):
    """`function_tool`'s settings, for its two typed forms (bare decorator, or called with
    settings); the defaults are those of `function_tool` itself."""

    name_override: str | None
    description_override: str | None
    docstring_style: Literal["google", "numpy", "sphinx"] | None
    use_docstring_info: bool
    failure_error_function: ToolErrorFunction | None
    strict_mode: bool
    is_enabled: bool | Callable[[RunContextWrapper[Any], Any], Any]
    tool_input_guardrails: list[ToolInputGuardrail[Any]] | None
    tool_output_guardrails: list[ToolOutputGuardrail[Any]] | None
    timeout: float | None
    timeout_behavior: ToolTimeoutBehavior
    timeout_error_function: ToolErrorFunction | None
    needs_approval: bool | ApprovalFunction
    custom_data_extractor: FunctionToolCustomDataExtractor | None
    defer_loading: bool
    allowed_callers: list[ToolCaller] | None
    output_type: Any
    output_json_schema: dict[str, Any] | None


def _invoker(
    schema: FuncSchema, the_func: ToolFunction, on_failure: ToolErrorFunction | None
) -> Callable[[ToolContext[Any], str], Awaitable[Any]]:
    """The tool's `on_invoke_tool`: parse and validate the model's arguments, call the
    function, and report a failure to the model through `on_failure` (None: raise)."""
    is_async = inspect.iscoroutinefunction(the_func)

    async def invoke(ctx: ToolContext[Any], raw_arguments: str) -> Any:
        try:
            data = parse_tool_arguments(schema.name, raw_arguments)
            try:
                parsed = schema.params_pydantic_model(**data)
            except ValidationError as exc:
                raise ModelBehaviorError(
                    f"Invalid arguments for tool {schema.name!r}: {exc}"
                ) from exc
            args, kwargs = schema.to_call_args(parsed)
            if schema.takes_context:
                args = [ctx, *args]
            if is_async:
                return await the_func(*args, **kwargs)
            # A blocking function must not stall the event loop (other runs, timeouts):
            # it runs in a worker thread, with the caller's context variables.
            return await asyncio.to_thread(the_func, *args, **kwargs)
        except Exception as exc:
            if on_failure is None:
                raise
            logger.debug("Tool %s failed: %s", schema.name, exc)
            result = on_failure(ctx, exc)
            return await result if inspect.isawaitable(result) else result

    return invoke


@overload
def function_tool(func: ToolFunction, **options: Unpack[_FunctionToolOptions]) -> FunctionTool: ...


@overload
def function_tool(
    **options: Unpack[_FunctionToolOptions],
) -> Callable[[ToolFunction], FunctionTool]: ...


def function_tool(
    func: ToolFunction | None = None,
    *,
    name_override: str | None = None,
    description_override: str | None = None,
    docstring_style: Literal["google", "numpy", "sphinx"] | None = None,
    use_docstring_info: bool = True,
    failure_error_function: ToolErrorFunction | None = _DEFAULT,
    strict_mode: bool = True,
    is_enabled: bool | Callable[[RunContextWrapper[Any], Any], Any] = True,
    tool_input_guardrails: list[ToolInputGuardrail[Any]] | None = None,
    tool_output_guardrails: list[ToolOutputGuardrail[Any]] | None = None,
    timeout: float | None = None,
    timeout_behavior: ToolTimeoutBehavior = "error_as_result",
    timeout_error_function: ToolErrorFunction | None = None,
    needs_approval: bool | ApprovalFunction = False,
    custom_data_extractor: FunctionToolCustomDataExtractor | None = None,
    defer_loading: bool = False,
    allowed_callers: list[ToolCaller] | None = None,
    output_type: Any = None,
    output_json_schema: dict[str, Any] | None = None,
) -> FunctionTool | Callable[[ToolFunction], FunctionTool]:
    """Make a function (sync or async) into a tool; usable bare or with arguments.

    By default a failure (bad arguments or an exception in the function) is reported to the
    model as the tool's output, so it can retry; pass `failure_error_function=None` to have
    the run raise instead.
    """
    on_failure = (
        default_tool_error_function
        if failure_error_function is _DEFAULT
        else failure_error_function
    )
    if output_type is not None:
        if output_json_schema is not None:
            raise UserError("function_tool takes output_type or output_json_schema, not both")
        output_json_schema = output_schema_of(output_type)

    def build(the_func: ToolFunction) -> FunctionTool:
        schema = function_schema(
            the_func,
            docstring_style=docstring_style,
            name_override=name_override,
            description_override=description_override,
            use_docstring_info=use_docstring_info,
            strict_json_schema=strict_mode,
        )
        return FunctionTool(
            name=schema.name,
            description=schema.description or "",
            # Made here, so the tool's own (strict ones get a watched copy in __post_init__).
            params_json_schema=(
                schema.params_json_schema if strict_mode else watched(schema.params_json_schema)
            ),
            on_invoke_tool=_invoker(schema, the_func, on_failure),
            strict_json_schema=strict_mode,
            is_enabled=is_enabled,
            needs_approval=needs_approval,
            tool_input_guardrails=tool_input_guardrails,
            tool_output_guardrails=tool_output_guardrails,
            timeout_seconds=timeout,
            timeout_behavior=timeout_behavior,
            timeout_error_function=timeout_error_function,
            custom_data_extractor=custom_data_extractor,
            defer_loading=defer_loading,
            allowed_callers=allowed_callers,
            output_json_schema=output_json_schema,
        )

    if func is not None and callable(func):
        return build(func)
    return build
