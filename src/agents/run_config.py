"""RunConfig: settings for a whole run, overriding the agents' own."""

from __future__ import annotations

import inspect
import os
from collections.abc import Awaitable
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Generic
from typing import Literal

from agents._setting_checks import check_seconds
from agents._unavailable import unavailable
from agents.exceptions import UserError
from agents.handoffs import HandoffHistoryMapper
from agents.handoffs import HandoffInputFilter
from agents.memory.session_settings import SessionSettings
from agents.memory.session_settings import coerce_session_settings
from agents.memory.util import SessionInputCallback
from agents.model_input import CallModelInputFilter
from agents.model_settings import ModelSettings
from agents.models.interface import Model
from agents.models.interface import ModelProvider
from agents.models.multi_provider import MultiProvider
from agents.run_context import RunContextWrapper
from agents.run_context import TContext
from agents.tracing.config import TracingConfig

DEFAULT_MAX_TURNS = 10


@dataclass
class ToolExecutionConfig:
    """How the run executes local function tool calls."""

    max_function_tool_concurrency: int | None = None
    """The most function tool calls of one turn that run at once; None: all of them."""

    pre_approval_tool_input_guardrails: bool = False
    """Run tool input guardrails before asking for an approval too (with tool approvals)."""

    def __post_init__(self) -> None:
        limit = self.max_function_tool_concurrency
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 1
        ):
            raise UserError(
                f"tool_execution.max_function_tool_concurrency must be an int >= 1, got {limit!r}"
            )
        if not isinstance(self.pre_approval_tool_input_guardrails, bool):
            raise UserError("tool_execution.pre_approval_tool_input_guardrails must be a bool")


ToolNotFoundBehavior = Literal["raise_error", "return_error_to_model"]
ToolNameCollisionPolicy = Literal["warn", "error"]
ReasoningItemIdPolicy = Literal["preserve", "omit"]


@dataclass
class ToolErrorFormatterArgs(Generic[TContext]):
    """What `RunConfig.tool_error_formatter` is told about a tool error the model will read:
    freeagents calls it for rejected approvals (`kind="approval_rejected"`) and calls of tools
    that do not exist (`kind="tool_not_found"`)."""

    kind: Literal["approval_rejected", "tool_not_found", "tool_exception"]
    tool_type: Literal["function", "computer", "shell", "apply_patch", "custom"]
    tool_name: str
    call_id: str
    default_message: str
    """The message the model would get without the formatter."""
    run_context: RunContextWrapper[TContext]
    error: Exception | None = None


ToolErrorFormatter = Callable[[ToolErrorFormatterArgs[Any]], "str | Awaitable[str | None] | None"]


@dataclass
class OutputGuardrailBlockedMessageArgs(Generic[TContext]):
    """What `RunConfig.output_guardrail_blocked_message` (as a function) is told. Never the
    rejected output nor the guardrail's `output_info`: the message must not leak them."""

    default_message: str
    """What freeagents writes without a formatter."""

    guardrail_name: str
    """The output guardrail that tripped."""

    agent: Any
    """The agent whose final output was rejected (an `Agent`)."""

    run_context: RunContextWrapper[TContext]


OutputGuardrailBlockedMessageFormatter = Callable[
    [OutputGuardrailBlockedMessageArgs[Any]], "str | None"
]
"""Writes the placeholder for a tool output an output guardrail rejected; synchronous (the
placeholder replaces the output before anything is kept or saved). None: the default."""


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _default_include_sensitive_data() -> bool:
    return _env_flag("OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA", True)


@dataclass
class RunConfig:
    """Settings for one run (`Runner.run(..., run_config=RunConfig(...))`)."""

    model: str | Model | None = None
    """The model for every agent of the run, overriding each agent's own."""

    model_provider: ModelProvider = field(default_factory=MultiProvider)
    """Resolves model names (the agents' or `model`) to models."""

    model_settings: ModelSettings | None = None
    """Settings that override each agent's model_settings where they are set."""

    handoff_input_filter: HandoffInputFilter | None = None
    """Rewrites the history passed on a handoff, where the handoff has no filter of its own."""

    input_guardrails: list[Any] | None = None
    """Input guardrails for the run, in addition to the first agent's."""

    output_guardrails: list[Any] | None = None
    """Output guardrails for the run, in addition to the last agent's."""

    tracing_disabled: bool = False
    """Turn tracing off for this run. Tracing is local unless an exporter was configured."""

    tracing: TracingConfig | None = None
    """This run's tracing settings: an `api_key` for uploading its traces to OpenAI, and
    `include_task_and_turn_spans` (default True)."""

    trace_include_sensitive_data: bool = field(default_factory=_default_include_sensitive_data)
    """Whether traces may record model inputs/outputs and tool arguments/results."""

    workflow_name: str = "Agent workflow"
    """Name of the run's trace."""

    trace_id: str | None = None
    """Id of the run's trace; generated when None."""

    group_id: str | None = None
    """Groups traces of one conversation."""

    trace_metadata: dict[str, Any] | None = None
    """Metadata attached to the trace."""

    call_model_input_filter: CallModelInputFilter | None = None
    """A function (sync or async) that sees and may change the input and instructions just
    before each model call; the run's own conversation is left as it was."""

    fallback_models: list[str | Model] | None = None
    """Models tried in order, for every agent of the run, when its own model fails (after its
    retries) or answers emptily; names go through `model_provider`. See FallbackModel."""

    session_input_callback: SessionInputCallback | None = None
    """With a session: `(history, new_items) -> items` decides what the model sees; None
    appends the new input to the history."""

    session_settings: SessionSettings | None = None
    """With a session: settings (such as `limit`) that override the session's own."""

    run_timeout: float | None = None
    """Seconds the whole run may take; past that it is cancelled (its open model request
    closed) and RunTimeoutError is raised, carrying `run_data`. None: no limit."""

    nest_handoff_history: bool = False
    """On a handoff without its own input_filter, give the next agent the conversation so far
    as one summary message (agents.handoffs.history.nest_handoff_history)."""

    handoff_history_mapper: HandoffHistoryMapper | None = None
    """With nest_handoff_history: turns the transcript into the next agent's history."""

    tool_error_formatter: ToolErrorFormatter | None = None
    """Writes the message the model sees for a tool error the SDK reports (a rejected approval
    when the person gave no words, a call to a tool that does not exist); returning None keeps
    the default message ("Tool execution was not approved." for a rejection)."""

    tool_execution: ToolExecutionConfig | None = None
    """Limits on local tool execution (how many function tools of a turn run at once)."""

    tool_name_collision_policy: ToolNameCollisionPolicy = "warn"
    """Two tools (or a tool and a handoff) of one agent with the same name: log a warning
    ("warn"; the model cannot tell them apart) or fail the run with a UserError ("error")."""

    reasoning_item_id_policy: ReasoningItemIdPolicy | None = None
    """"omit": reasoning items go back to the model without their ids (for providers or
    stores that reject ids they did not issue); None or "preserve": as they came."""

    tool_not_found_behavior: ToolNotFoundBehavior = "return_error_to_model"
    """A call to a tool that does not exist: tell the model, naming the tools it has, so it can
    correct itself ("return_error_to_model"), or fail the run with ModelBehaviorError
    ("raise_error"). freeagents defaults to telling the model; the reference SDK raises."""

    sandbox: Any = None
    """The reference's sandbox settings (a SandboxRunConfig). freeagents does not implement
    sandbox agents yet: only None is accepted (Temporal's plug-in reads this field)."""

    output_guardrail_blocked_message: str | OutputGuardrailBlockedMessageFormatter | None = None
    """When a tool's output became the final output (`tool_use_behavior`) and an output
    guardrail rejected it, the run keeps that the tool ran (a session saves the call) but
    not what it returned: its output is replaced by this text, or by what this synchronous
    function returns for an `OutputGuardrailBlockedMessageArgs` (None, a non-string or an
    error: the default, "Output withheld by an output guardrail.")."""

    def __post_init__(self) -> None:
        _check_blocked_message(self.output_guardrail_blocked_message)
        if self.sandbox is not None:
            raise unavailable("sandbox", "RunConfig(sandbox=...)")
        if self.session_settings is not None:
            self.session_settings = coerce_session_settings(self.session_settings)

        if self.model is not None and not isinstance(self.model, str | Model):
            raise UserError(
                "RunConfig.model must be a model name or a Model instance such as "
                f"OpenAIChatCompletionsModel, got {type(self.model).__name__}"
            )
        if isinstance(self.tool_execution, dict):
            self.tool_execution = ToolExecutionConfig(**self.tool_execution)
        if self.tool_name_collision_policy not in ("warn", "error"):
            raise UserError(
                "RunConfig.tool_name_collision_policy must be 'warn' or 'error', "
                f"got {self.tool_name_collision_policy!r}"
            )
        if self.reasoning_item_id_policy not in (None, "preserve", "omit"):
            raise UserError(
                "RunConfig.reasoning_item_id_policy must be 'preserve', 'omit' or None, "
                f"got {self.reasoning_item_id_policy!r}"
            )
        if self.tool_not_found_behavior not in ("raise_error", "return_error_to_model"):
            raise UserError(
                "RunConfig.tool_not_found_behavior must be 'raise_error' or "
                f"'return_error_to_model', got {self.tool_not_found_behavior!r}"
            )
        if self.model_settings is not None and not isinstance(self.model_settings, ModelSettings):
            raise UserError("RunConfig.model_settings must be a ModelSettings")
        check_seconds("RunConfig", "run_timeout", self.run_timeout)
        if self.fallback_models is not None and (
            not isinstance(self.fallback_models, list | tuple)
            or not all(isinstance(m, str | Model) for m in self.fallback_models)
        ):
            raise UserError(
                "RunConfig.fallback_models must be a list of model names or Model instances"
            )


def _check_blocked_message(value: Any) -> None:
    if isinstance(value, str):
        if not value:
            raise UserError("RunConfig.output_guardrail_blocked_message must not be empty")
    elif value is not None and not callable(value):
        raise UserError(
            "RunConfig.output_guardrail_blocked_message must be a string, a function or None, "
            f"got {type(value).__name__}"
        )
    elif inspect.iscoroutinefunction(value):
        raise UserError(
            "RunConfig.output_guardrail_blocked_message must be a synchronous function (it "
            "runs before the rejected output is replaced, where nothing may wait)"
        )
