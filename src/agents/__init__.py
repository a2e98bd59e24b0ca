"""freeagents: the OpenAI Agents SDK's API (`agents`), on every model provider.

Import rule: the package root imports every public module to re-export it; nothing inside
the package below the CLI imports `agents` itself (always `from agents.<module> import ...`).
"""

from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any
from typing import Literal as _Literal

from openai import AsyncOpenAI

from agents._run.turn import FunctionToolResult
from agents.agent import (
    Agent,
    AgentBase,
    StopAtTools,
    ToolsToFinalOutputFunction,
    ToolsToFinalOutputResult,
)
from agents.agent_output import AgentOutputSchema, AgentOutputSchemaBase
from agents.exceptions import (
    AgentsException,
    AllModelsFailedError,
    InputGuardrailTripwireTriggered,
    MaxTurnsExceeded,
    MCPToolCancellationError,
    ModelBehaviorError,
    ModelProviderError,
    OutputGuardrailTripwireTriggered,
    OutputTruncatedError,
    ProviderAuthenticationError,
    ProviderBadRequestError,
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
from agents.handoffs import Handoff, HandoffInputData, handoff
from agents.hosted_tools import (
    CodeInterpreterTool,
    FileSearchTool,
    HostedMCPTool,
    ImageGenerationTool,
    MCPToolApprovalFunction,
    MCPToolApprovalFunctionResult,
    MCPToolApprovalRequest,
    WebSearchTool,
)
from agents.items import (
    HandoffCallItem,
    HandoffOutputItem,
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
    TResponseInputItem,
)
from agents.lifecycle import AgentHooks, RunHooks
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
from agents.models.openai_provider import OpenAIProvider
from agents.models.openai_provider import is_openai_base_url as _is_openai_base_url
from agents.models.reliability.fallback import FallbackModel, ModelAttempt
from agents.models.responses.model import OpenAIResponsesModel
from agents.result import RunResult, RunResultStreaming
from agents.retry import RetryPolicy
from agents.run import Runner
from agents.run_config import (
    DEFAULT_MAX_TURNS,
    RunConfig,
    ToolErrorFormatter,
    ToolErrorFormatterArgs,
)
from agents.run_context import RunContextWrapper, TContext
from agents.run_error_details import RunErrorDetails
from agents.run_state import RunState
from agents.stream_events import (
    AgentUpdatedStreamEvent,
    RawResponsesStreamEvent,
    RunItemStreamEvent,
    StreamEvent,
)
from agents.tool import FunctionTool, Tool, default_tool_error_function, function_tool
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
from freeagents.install_check import warn_if_shared as _warn_if_shared

__freeagents__ = True
"""Marks this `agents` package as freeagents' (the installation check reads it)."""

_warn_if_shared()


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
    "AgentHooks",
    "AgentOutputSchema",
    "AgentOutputSchemaBase",
    "AgentSpanData",
    "AgentUpdatedStreamEvent",
    "AgentsException",
    "AllModelsFailedError",
    "AsyncOpenAI",
    "CallModelData",
    "CallModelInputFilter",
    "CodeInterpreterTool",
    "CustomSpanData",
    "FallbackModel",
    "FileSearchTool",
    "FuncSchema",
    "FunctionSpanData",
    "FunctionTool",
    "FunctionToolResult",
    "GenerationSpanData",
    "GuardrailFunctionOutput",
    "GuardrailSpanData",
    "Handoff",
    "HandoffCallItem",
    "HandoffInputData",
    "HandoffOutputItem",
    "HandoffSpanData",
    "HostedMCPTool",
    "ImageGenerationTool",
    "InputGuardrail",
    "InputGuardrailResult",
    "InputGuardrailTripwireTriggered",
    "ItemHelpers",
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
    "ModelResponse",
    "ModelSettings",
    "ModelTracing",
    "MultiProvider",
    "MultiProviderMap",
    "OpenAIChatCompletionsModel",
    "OpenAIConversationsSession",
    "OpenAIProvider",
    "OpenAIResponsesCompactionArgs",
    "OpenAIResponsesCompactionAwareSession",
    "OpenAIResponsesCompactionSession",
    "OpenAIResponsesModel",
    "OutputGuardrail",
    "OutputGuardrailResult",
    "OutputGuardrailTripwireTriggered",
    "OutputTruncatedError",
    "ProviderAuthenticationError",
    "ProviderBadRequestError",
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
    "ResponseSpanData",
    "RetryPolicy",
    "RunConfig",
    "RunContextWrapper",
    "RunErrorDetails",
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
    "ToolContext",
    "ToolErrorFormatter",
    "ToolErrorFormatterArgs",
    "ToolsToFinalOutputFunction",
    "ToolsToFinalOutputResult",
    "Trace",
    "TracingProcessor",
    "TranscriptionSpanData",
    "TurnSpanData",
    "Usage",
    "UserError",
    "WebSearchTool",
    "add_trace_processor",
    "agent_span",
    "custom_span",
    "default_tool_error_function",
    "flush_traces",
    "function_schema",
    "function_span",
    "function_tool",
    "gen_span_id",
    "gen_trace_id",
    "generation_span",
    "get_current_span",
    "get_current_trace",
    "guardrail_span",
    "handoff",
    "handoff_span",
    "input_guardrail",
    "is_openai_responses_compaction_aware_session",
    "mcp_tools_span",
    "output_guardrail",
    "response_span",
    "set_default_openai_api",
    "set_default_openai_client",
    "set_default_openai_key",
    "set_trace_processors",
    "set_trace_provider",
    "set_tracing_disabled",
    "set_tracing_export_api_key",
    "speech_group_span",
    "speech_span",
    "task_span",
    "trace",
    "transcription_span",
    "turn_span",
]


if _TYPE_CHECKING:
    from agents.memory.sqlite_session import SQLiteSession


def __getattr__(name: str) -> _Any:
    """Names whose modules load on first use (`import agents` stays lean)."""
    if name == "SQLiteSession":
        from agents.memory.sqlite_session import SQLiteSession

        globals()[name] = SQLiteSession
        return SQLiteSession
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
