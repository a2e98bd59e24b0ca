"""freeagents: the OpenAI Agents SDK's API (`agents`), on every model provider.

Import rule: the package root imports every public module to re-export it; nothing inside
the package below the CLI imports `agents` itself (always `from agents.<module> import ...`).
"""

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any
from typing import Literal as _Literal

from openai import AsyncOpenAI

from agents._run.turn import FunctionToolResult
from agents.agent import (
    Agent,
    AgentBase,
    AgentToolStreamEvent,
    StopAtTools,
    ToolsToFinalOutputFunction,
    ToolsToFinalOutputResult,
)
from agents.agent_output import AgentOutputSchema, AgentOutputSchemaBase
from agents.apply_diff import apply_diff
from agents.computer import AsyncComputer, Button, Computer, Environment
from agents.editor import ApplyPatchEditor, ApplyPatchOperation, ApplyPatchResult
from agents.exceptions import (
    AgentsException,
    AllModelsFailedError,
    FeatureNotImplementedError,
    InputGuardrailTripwireTriggered,
    MaxTurnsExceeded,
    MCPToolCancellationError,
    ModelBehaviorError,
    ModelProviderError,
    ModelRefusalError,
    ModelTimeoutError,
    OutputGuardrailTripwireTriggered,
    OutputTruncatedError,
    ProviderAuthenticationError,
    ProviderBadRequestError,
    ProviderConflictError,
    ProviderConnectionError,
    ProviderNotFoundError,
    ProviderPermissionError,
    ProviderRateLimitError,
    ProviderResponseError,
    ProviderServerError,
    ProviderStatusError,
    ProviderTimeoutError,
    ProviderUnprocessableError,
    RunTimeoutError,
    ToolInputGuardrailTripwireTriggered,
    ToolOutputGuardrailTripwireTriggered,
    ToolTimeoutError,
    UserError,
)
from agents.function_schema import FuncSchema, function_schema
from agents.guardrail import (
    GuardrailFunctionOutput,
    InputGuardrail,
    InputGuardrailResult,
    OutputGuardrail,
    OutputGuardrailResult,
    input_guardrail,
    output_guardrail,
)
from agents.handoffs import Handoff, HandoffInputData, HandoffInputFilter, handoff
from agents.hosted_tools import (
    CodeInterpreterTool,
    FileSearchTool,
    HostedMCPTool,
    ImageGenerationTool,
    ImageGenerationToolConfig,
    MCPToolApprovalFunction,
    MCPToolApprovalFunctionResult,
    MCPToolApprovalRequest,
    ToolSearchTool,
    WebSearchTool,
    WebSearchToolImageSettings,
)
from agents.items import (
    CompactionItem,
    HandoffCallItem,
    HandoffOutputItem,
    InputItem,
    ItemHelpers,
    MCPApprovalRequestItem,
    MCPApprovalResponseItem,
    MCPListToolsItem,
    MessageOutputItem,
    ModelResponse,
    ReasoningItem,
    RunItem,
    ToolApprovalItem,
    ToolCallItem,
    ToolCallOutputItem,
    ToolSearchCallItem,
    ToolSearchOutputItem,
    TResponseInputItem,
)
from agents.lifecycle import AgentHooks, RunHooks
from agents.logger import enable_verbose_stdout_logging
from agents.memory import (
    OpenAIResponsesCompactionArgs,
    OpenAIResponsesCompactionAwareSession,
    Session,
    SessionABC,
    SessionSettings,
    is_openai_responses_compaction_aware_session,
)
from agents.memory.openai_conversations_session import OpenAIConversationsSession
from agents.memory.openai_responses_compaction_session import OpenAIResponsesCompactionSession
from agents.model_input import CallModelData, CallModelInputFilter, ModelInputData
from agents.model_settings import ModelSettings
from agents.models import _openai_shared
from agents.models.chat.model import OpenAIChatCompletionsModel
from agents.models.interface import Model, ModelProvider, ModelTracing
from agents.models.multi_provider import MultiProvider, MultiProviderMap
from agents.models.openai_agent_registration import OpenAIAgentRegistrationConfig
from agents.models.openai_provider import OpenAIProvider
from agents.models.openai_provider import is_openai_base_url as _is_openai_base_url
from agents.models.reliability.fallback import FallbackModel, ModelAttempt
from agents.models.responses.model import OpenAIResponsesModel
from agents.prompts import DynamicPromptFunction, GenerateDynamicPromptData, Prompt
from agents.result import AgentToolInvocation, RunResult, RunResultStreaming
from agents.retry import RetryPolicy
from agents.run import Runner
from agents.run_config import (
    DEFAULT_MAX_TURNS,
    OutputGuardrailBlockedMessageArgs,
    OutputGuardrailBlockedMessageFormatter,
    ReasoningItemIdPolicy,
    RunConfig,
    ToolErrorFormatter,
    ToolErrorFormatterArgs,
    ToolExecutionConfig,
    ToolNameCollisionPolicy,
    ToolNotFoundBehavior,
)
from agents.run_context import AgentHookContext, RunContextWrapper, TContext
from agents.run_error_details import RunErrorDetails
from agents.run_error_handlers import (
    RunErrorData,
    RunErrorHandler,
    RunErrorHandlerInput,
    RunErrorHandlerResult,
    RunErrorHandlers,
)
from agents.run_state import RunState
from agents.stream_events import (
    AgentUpdatedStreamEvent,
    RawResponsesStreamEvent,
    RunItemStreamEvent,
    StreamEvent,
)
from agents.tool import LOCAL_TOOL_MODULES as _LOCAL_TOOL_MODULES
from agents.tool import (
    FunctionTool,
    FunctionToolCustomDataContext,
    FunctionToolCustomDataExtractor,
    Tool,
    ToolCaller,
    ToolOrigin,
    ToolOriginType,
    default_tool_error_function,
    function_tool,
    tool_namespace,
)
from agents.tool_context import ToolContext
from agents.tracing import (
    AgentSpanData,
    CustomSpanData,
    FunctionSpanData,
    GenerationSpanData,
    GuardrailSpanData,
    HandoffSpanData,
    MCPListToolsSpanData,
    ResponseSpanData,
    Span,
    SpanData,
    SpanError,
    SpeechGroupSpanData,
    SpeechSpanData,
    TaskSpanData,
    Trace,
    TracingProcessor,
    TranscriptionSpanData,
    TurnSpanData,
    add_trace_processor,
    agent_span,
    custom_span,
    flush_traces,
    function_span,
    gen_span_id,
    gen_trace_id,
    generation_span,
    get_current_span,
    get_current_trace,
    guardrail_span,
    handoff_span,
    mcp_tools_span,
    response_span,
    set_trace_processors,
    set_trace_provider,
    set_tracing_disabled,
    set_tracing_export_api_key,
    speech_group_span,
    speech_span,
    task_span,
    trace,
    transcription_span,
    turn_span,
)
from agents.tracing import config as _tracing_config
from agents.usage import Usage
from agents.version import __version__
from freeagents.install_check import warn_if_shared as _warn_if_shared

__freeagents__ = True
"""Marks this `agents` package as freeagents' (the installation check reads it)."""

_warn_if_shared()

if _TYPE_CHECKING:
    from agents._local_tools.computer_use import (
        ComputerProvider,
        ComputerTool,
        dispose_resolved_computers,
        resolve_computer,
    )
    from agents._local_tools.custom_data import (
        ApplyPatchToolCustomDataContext,
        ApplyPatchToolCustomDataExtractor,
        ComputerToolCustomDataContext,
        ComputerToolCustomDataExtractor,
        CustomToolCustomDataContext,
        CustomToolCustomDataExtractor,
    )
    from agents._local_tools.editing import ApplyPatchTool, CustomTool
    from agents._local_tools.hosted_shell import (
        ShellToolContainerAutoEnvironment,
        ShellToolContainerNetworkPolicy,
        ShellToolContainerNetworkPolicyAllowlist,
        ShellToolContainerNetworkPolicyDisabled,
        ShellToolContainerNetworkPolicyDomainSecret,
        ShellToolContainerReferenceEnvironment,
        ShellToolContainerSkill,
        ShellToolHostedEnvironment,
        ShellToolInlineSkill,
        ShellToolInlineSkillSource,
        ShellToolSkillReference,
    )
    from agents._local_tools.shell import (
        LocalShellCommandRequest,
        LocalShellExecutor,
        LocalShellTool,
        ShellActionRequest,
        ShellCallData,
        ShellCallOutcome,
        ShellCommandOutput,
        ShellCommandRequest,
        ShellExecutor,
        ShellResult,
        ShellTool,
        ShellToolEnvironment,
        ShellToolLocalEnvironment,
        ShellToolLocalSkill,
    )
    from agents._tool_output_types import (
        ToolOutputFileContent,
        ToolOutputFileContentDict,
        ToolOutputImage,
        ToolOutputImageDict,
        ToolOutputText,
        ToolOutputTextDict,
    )
    from agents.handoffs.history import (
        default_handoff_history_mapper,
        get_conversation_history_wrappers,
        nest_handoff_history,
        reset_conversation_history_wrappers,
        set_conversation_history_wrappers,
    )
    from agents.memory.sqlite_session import SQLiteSession
    from agents.repl import run_demo_loop
    from agents.retry import (
        ModelRetryAdvice,
        ModelRetryAdviceRequest,
        ModelRetryBackoffSettings,
        ModelRetryNormalizedError,
        ModelRetrySettings,
        RetryDecision,
        RetryPolicyContext,
        retry_policies,
    )
    from agents.tool_guardrails import (
        ToolGuardrailFunctionOutput,
        ToolInputGuardrail,
        ToolInputGuardrailData,
        ToolInputGuardrailResult,
        ToolOutputGuardrail,
        ToolOutputGuardrailData,
        ToolOutputGuardrailResult,
        tool_input_guardrail,
        tool_output_guardrail,
    )


_LAZY: dict[str, str] = {
    **dict.fromkeys(
        (
            "default_handoff_history_mapper",
            "get_conversation_history_wrappers",
            "nest_handoff_history",
            "reset_conversation_history_wrappers",
            "set_conversation_history_wrappers",
        ),
        "agents.handoffs.history",
    ),
    "run_demo_loop": "agents.repl",
    "SQLiteSession": "agents.memory.sqlite_session",
    **dict.fromkeys(
        (
            "ModelRetryAdvice",
            "ModelRetryAdviceRequest",
            "ModelRetryBackoffSettings",
            "ModelRetryNormalizedError",
            "ModelRetrySettings",
            "RetryDecision",
            "RetryPolicyContext",
            "retry_policies",
        ),
        "agents.retry",
    ),
    **dict.fromkeys(
        (
            "ToolOutputFileContent",
            "ToolOutputFileContentDict",
            "ToolOutputImage",
            "ToolOutputImageDict",
            "ToolOutputText",
            "ToolOutputTextDict",
        ),
        "agents._tool_output_types",
    ),
    **dict.fromkeys(
        (
            "ToolGuardrailFunctionOutput",
            "ToolInputGuardrail",
            "ToolInputGuardrailData",
            "ToolInputGuardrailResult",
            "ToolOutputGuardrail",
            "ToolOutputGuardrailData",
            "ToolOutputGuardrailResult",
            "tool_input_guardrail",
            "tool_output_guardrail",
        ),
        "agents.tool_guardrails",
    ),
}
"""Names loaded on first use (pydantic models, the REPL), so `import agents` stays lean."""


_LAZY.update(
    (name, module)
    for name, module in _LOCAL_TOOL_MODULES.items()
    if name not in ("LocalFileEditor", "subprocess_shell_executor")
)


def __getattr__(name: str) -> _Any:
    """Names of the reference API that freeagents does not implement yet raise an ImportError
    subclass that says so and what to use meanwhile (`from agents import X` shows it)."""
    if name == "sandbox":  # declared names only (agents/sandbox/_declared.py)
        return _importlib.import_module("agents.sandbox")
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(_importlib.import_module(module), name)
        globals()[name] = value
        return value
    from agents._unavailable import UNAVAILABLE_NAMES, unavailable

    feature = UNAVAILABLE_NAMES.get(name)
    if feature is not None:
        raise unavailable(feature, f"agents.{name}")
    raise AttributeError(f"module 'agents' has no attribute {name!r}")


def set_default_openai_key(key: str, use_for_tracing: bool = True) -> None:
    """The OpenAI key for models named by string when no client is given.

    With `use_for_tracing`, the key also uploads traces to OpenAI, but only traces whose model
    calls all went to OpenAI's own API (docs/tracing.md).
    """
    _openai_shared.set_default_openai_key(key)
    if use_for_tracing:
        _tracing_config.set_openai_platform_key(key)


def set_default_openai_client(client: AsyncOpenAI, use_for_tracing: bool = True) -> None:
    """The client for every model named by string (`Agent(model="gemini-2.5-flash")`).

    The client may point at any OpenAI-compatible provider; its key is used for that provider
    only. `use_for_tracing` lets the key upload traces only when the client is OpenAI's own
    (api.openai.com), and then only traces of runs entirely on OpenAI: a Gemini or Groq key
    is never sent to OpenAI.
    """
    _openai_shared.set_default_openai_client(client)
    key = getattr(client, "api_key", None)
    if use_for_tracing and isinstance(key, str) and _is_openai_base_url(str(client.base_url)):
        _tracing_config.set_openai_platform_key(key)


def set_default_openai_agent_registration(
    config: OpenAIAgentRegistrationConfig | dict[str, _Any] | None,
) -> None:
    """The agent harness id every run reports in its trace metadata (`agent_harness_id`)
    unless its model provider names one; None falls back to `OPENAI_AGENT_HARNESS_ID`."""
    from agents.models.openai_agent_registration import (
        set_default_openai_agent_registration_config,
    )

    set_default_openai_agent_registration_config(config)


def set_default_openai_harness(harness_id: str | None) -> None:
    """`set_default_openai_agent_registration` with just the harness id (None clears it)."""
    set_default_openai_agent_registration(
        None if harness_id is None else OpenAIAgentRegistrationConfig(harness_id=harness_id)
    )


def set_default_openai_api(api: _Literal["chat_completions", "responses"]) -> None:
    """Which OpenAI API models named by string use. Without a call, the SDK picks per endpoint."""
    if api not in ("chat_completions", "responses"):
        raise UserError(
            f"set_default_openai_api takes 'chat_completions' or 'responses', not {api!r}"
        )
    _openai_shared.set_default_openai_api(api)


__all__ = [
    "DEFAULT_MAX_TURNS",
    "Agent",
    "AgentBase",
    "AgentHookContext",
    "AgentHooks",
    "AgentOutputSchema",
    "AgentOutputSchemaBase",
    "AgentSpanData",
    "AgentToolInvocation",
    "AgentToolStreamEvent",
    "AgentUpdatedStreamEvent",
    "AgentsException",
    "AllModelsFailedError",
    "ApplyPatchEditor",
    "ApplyPatchOperation",
    "ApplyPatchResult",
    "ApplyPatchTool",
    "ApplyPatchToolCustomDataContext",
    "ApplyPatchToolCustomDataExtractor",
    "AsyncComputer",
    "AsyncOpenAI",
    "Button",
    "CallModelData",
    "CallModelInputFilter",
    "CodeInterpreterTool",
    "CompactionItem",
    "Computer",
    "ComputerProvider",
    "ComputerTool",
    "ComputerToolCustomDataContext",
    "ComputerToolCustomDataExtractor",
    "CustomSpanData",
    "CustomTool",
    "CustomToolCustomDataContext",
    "CustomToolCustomDataExtractor",
    "DynamicPromptFunction",
    "Environment",
    "FallbackModel",
    "FeatureNotImplementedError",
    "FileSearchTool",
    "FuncSchema",
    "FunctionSpanData",
    "FunctionTool",
    "FunctionToolCustomDataContext",
    "FunctionToolCustomDataExtractor",
    "FunctionToolResult",
    "GenerateDynamicPromptData",
    "GenerationSpanData",
    "GuardrailFunctionOutput",
    "GuardrailSpanData",
    "Handoff",
    "HandoffCallItem",
    "HandoffInputData",
    "HandoffInputFilter",
    "HandoffOutputItem",
    "HandoffSpanData",
    "HostedMCPTool",
    "ImageGenerationTool",
    "ImageGenerationToolConfig",
    "InputGuardrail",
    "InputGuardrailResult",
    "InputGuardrailTripwireTriggered",
    "InputItem",
    "ItemHelpers",
    "LocalShellCommandRequest",
    "LocalShellExecutor",
    "LocalShellTool",
    "MCPApprovalRequestItem",
    "MCPApprovalResponseItem",
    "MCPListToolsItem",
    "MCPListToolsSpanData",
    "MCPToolApprovalFunction",
    "MCPToolApprovalFunctionResult",
    "MCPToolApprovalRequest",
    "MCPToolCancellationError",
    "MaxTurnsExceeded",
    "MessageOutputItem",
    "Model",
    "ModelAttempt",
    "ModelBehaviorError",
    "ModelInputData",
    "ModelProvider",
    "ModelProviderError",
    "ModelRefusalError",
    "ModelResponse",
    "ModelRetryAdvice",
    "ModelRetryAdviceRequest",
    "ModelRetryBackoffSettings",
    "ModelRetryNormalizedError",
    "ModelRetrySettings",
    "ModelSettings",
    "ModelTimeoutError",
    "ModelTracing",
    "MultiProvider",
    "MultiProviderMap",
    "OpenAIAgentRegistrationConfig",
    "OpenAIChatCompletionsModel",
    "OpenAIConversationsSession",
    "OpenAIProvider",
    "OpenAIResponsesCompactionArgs",
    "OpenAIResponsesCompactionAwareSession",
    "OpenAIResponsesCompactionSession",
    "OpenAIResponsesModel",
    "OutputGuardrail",
    "OutputGuardrailBlockedMessageArgs",
    "OutputGuardrailBlockedMessageFormatter",
    "OutputGuardrailResult",
    "OutputGuardrailTripwireTriggered",
    "OutputTruncatedError",
    "Prompt",
    "ProviderAuthenticationError",
    "ProviderBadRequestError",
    "ProviderConflictError",
    "ProviderConnectionError",
    "ProviderNotFoundError",
    "ProviderPermissionError",
    "ProviderRateLimitError",
    "ProviderResponseError",
    "ProviderServerError",
    "ProviderStatusError",
    "ProviderTimeoutError",
    "ProviderUnprocessableError",
    "RawResponsesStreamEvent",
    "ReasoningItem",
    "ReasoningItemIdPolicy",
    "ResponseSpanData",
    "RetryDecision",
    "RetryPolicy",
    "RetryPolicyContext",
    "RunConfig",
    "RunContextWrapper",
    "RunErrorData",
    "RunErrorDetails",
    "RunErrorHandler",
    "RunErrorHandlerInput",
    "RunErrorHandlerResult",
    "RunErrorHandlers",
    "RunHooks",
    "RunItem",
    "RunItemStreamEvent",
    "RunResult",
    "RunResultStreaming",
    "RunState",
    "RunTimeoutError",
    "Runner",
    "SQLiteSession",
    "Session",
    "SessionABC",
    "SessionSettings",
    "ShellActionRequest",
    "ShellCallData",
    "ShellCallOutcome",
    "ShellCommandOutput",
    "ShellCommandRequest",
    "ShellExecutor",
    "ShellResult",
    "ShellTool",
    "ShellToolContainerAutoEnvironment",
    "ShellToolContainerNetworkPolicy",
    "ShellToolContainerNetworkPolicyAllowlist",
    "ShellToolContainerNetworkPolicyDisabled",
    "ShellToolContainerNetworkPolicyDomainSecret",
    "ShellToolContainerReferenceEnvironment",
    "ShellToolContainerSkill",
    "ShellToolEnvironment",
    "ShellToolHostedEnvironment",
    "ShellToolInlineSkill",
    "ShellToolInlineSkillSource",
    "ShellToolLocalEnvironment",
    "ShellToolLocalSkill",
    "ShellToolSkillReference",
    "Span",
    "SpanData",
    "SpanError",
    "SpeechGroupSpanData",
    "SpeechSpanData",
    "StopAtTools",
    "StreamEvent",
    "TContext",
    "TResponseInputItem",
    "TaskSpanData",
    "Tool",
    "ToolApprovalItem",
    "ToolCallItem",
    "ToolCallOutputItem",
    "ToolCaller",
    "ToolContext",
    "ToolErrorFormatter",
    "ToolErrorFormatterArgs",
    "ToolExecutionConfig",
    "ToolGuardrailFunctionOutput",
    "ToolInputGuardrail",
    "ToolInputGuardrailData",
    "ToolInputGuardrailResult",
    "ToolInputGuardrailTripwireTriggered",
    "ToolNameCollisionPolicy",
    "ToolNotFoundBehavior",
    "ToolOrigin",
    "ToolOriginType",
    "ToolOutputFileContent",
    "ToolOutputFileContentDict",
    "ToolOutputGuardrail",
    "ToolOutputGuardrailData",
    "ToolOutputGuardrailResult",
    "ToolOutputGuardrailTripwireTriggered",
    "ToolOutputImage",
    "ToolOutputImageDict",
    "ToolOutputText",
    "ToolOutputTextDict",
    "ToolSearchCallItem",
    "ToolSearchOutputItem",
    "ToolSearchTool",
    "ToolTimeoutError",
    "ToolsToFinalOutputFunction",
    "ToolsToFinalOutputResult",
    "Trace",
    "TracingProcessor",
    "TranscriptionSpanData",
    "TurnSpanData",
    "Usage",
    "UserError",
    "WebSearchTool",
    "WebSearchToolImageSettings",
    "__version__",
    "add_trace_processor",
    "agent_span",
    "apply_diff",
    "custom_span",
    "default_handoff_history_mapper",
    "default_tool_error_function",
    "dispose_resolved_computers",
    "enable_verbose_stdout_logging",
    "flush_traces",
    "function_schema",
    "function_span",
    "function_tool",
    "gen_span_id",
    "gen_trace_id",
    "generation_span",
    "get_conversation_history_wrappers",
    "get_current_span",
    "get_current_trace",
    "guardrail_span",
    "handoff",
    "handoff_span",
    "input_guardrail",
    "is_openai_responses_compaction_aware_session",
    "mcp_tools_span",
    "nest_handoff_history",
    "output_guardrail",
    "reset_conversation_history_wrappers",
    "resolve_computer",
    "response_span",
    "retry_policies",
    "run_demo_loop",
    "sandbox",
    "set_conversation_history_wrappers",
    "set_default_openai_agent_registration",
    "set_default_openai_api",
    "set_default_openai_client",
    "set_default_openai_harness",
    "set_default_openai_key",
    "set_trace_processors",
    "set_trace_provider",
    "set_tracing_disabled",
    "set_tracing_export_api_key",
    "speech_group_span",
    "speech_span",
    "task_span",
    "tool_input_guardrail",
    "tool_namespace",
    "tool_output_guardrail",
    "trace",
    "transcription_span",
    "turn_span",
]
