"""freeagents: the OpenAI Agents SDK's API (`agents`), on every model provider.

Import rule: the package root imports every public module to re-export it; nothing inside
the package below the CLI imports `agents` itself (always `from agents.<module> import ...`).
"""

from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from openai import AsyncOpenAI

from agents._config import set_default_openai_agent_registration
from agents._config import set_default_openai_api
from agents._config import set_default_openai_client
from agents._config import set_default_openai_harness
from agents._config import set_default_openai_key
from agents._lazy_exports import load_root_name as _load_root_name
from agents._local_tools.computer_use import ComputerProvider
from agents._local_tools.computer_use import ComputerTool
from agents._local_tools.computer_use import dispose_resolved_computers
from agents._local_tools.computer_use import resolve_computer
from agents._local_tools.custom_data import ApplyPatchToolCustomDataContext
from agents._local_tools.custom_data import ApplyPatchToolCustomDataExtractor
from agents._local_tools.custom_data import ComputerToolCustomDataContext
from agents._local_tools.custom_data import ComputerToolCustomDataExtractor
from agents._local_tools.custom_data import CustomToolCustomDataContext
from agents._local_tools.custom_data import CustomToolCustomDataExtractor
from agents._local_tools.hosted_shell import ShellToolContainerAutoEnvironment
from agents._local_tools.hosted_shell import ShellToolContainerNetworkPolicy
from agents._local_tools.hosted_shell import ShellToolContainerNetworkPolicyAllowlist
from agents._local_tools.hosted_shell import ShellToolContainerNetworkPolicyDisabled
from agents._local_tools.hosted_shell import ShellToolContainerNetworkPolicyDomainSecret
from agents._local_tools.hosted_shell import ShellToolContainerReferenceEnvironment
from agents._local_tools.hosted_shell import ShellToolContainerSkill
from agents._local_tools.hosted_shell import ShellToolHostedEnvironment
from agents._local_tools.hosted_shell import ShellToolInlineSkill
from agents._local_tools.hosted_shell import ShellToolInlineSkillSource
from agents._local_tools.hosted_shell import ShellToolSkillReference
from agents._local_tools.shell import LocalShellCommandRequest
from agents._local_tools.shell import LocalShellExecutor
from agents._local_tools.shell import LocalShellTool
from agents._local_tools.shell import ShellActionRequest
from agents._local_tools.shell import ShellCallData
from agents._local_tools.shell import ShellCallOutcome
from agents._local_tools.shell import ShellCommandOutput
from agents._local_tools.shell import ShellCommandRequest
from agents._local_tools.shell import ShellExecutor
from agents._local_tools.shell import ShellResult
from agents._local_tools.shell import ShellTool
from agents._local_tools.shell import ShellToolEnvironment
from agents._local_tools.shell import ShellToolLocalEnvironment
from agents._local_tools.shell import ShellToolLocalSkill
from agents._tool_output_types import ToolOutputFileContent
from agents._tool_output_types import ToolOutputFileContentDict
from agents._tool_output_types import ToolOutputImage
from agents._tool_output_types import ToolOutputImageDict
from agents._tool_output_types import ToolOutputText
from agents._tool_output_types import ToolOutputTextDict
from agents.agent import Agent
from agents.agent import AgentBase
from agents.agent import AgentToolStreamEvent
from agents.agent import StopAtTools
from agents.agent import ToolsToFinalOutputFunction
from agents.agent import ToolsToFinalOutputResult
from agents.agent_output import AgentOutputSchema
from agents.agent_output import AgentOutputSchemaBase
from agents.apply_diff import apply_diff
from agents.computer import AsyncComputer
from agents.computer import Button
from agents.computer import Computer
from agents.computer import Environment
from agents.editor import ApplyPatchEditor
from agents.editor import ApplyPatchOperation
from agents.editor import ApplyPatchResult
from agents.exceptions import AgentsException
from agents.exceptions import AllModelsFailedError
from agents.exceptions import FeatureNotImplementedError
from agents.exceptions import InputGuardrailTripwireTriggered
from agents.exceptions import MaxTurnsExceeded
from agents.exceptions import MCPToolCancellationError
from agents.exceptions import ModelBehaviorError
from agents.exceptions import ModelProviderError
from agents.exceptions import ModelRefusalError
from agents.exceptions import ModelTimeoutError
from agents.exceptions import OutputGuardrailTripwireTriggered
from agents.exceptions import OutputTruncatedError
from agents.exceptions import ProviderAuthenticationError
from agents.exceptions import ProviderBadRequestError
from agents.exceptions import ProviderConflictError
from agents.exceptions import ProviderConnectionError
from agents.exceptions import ProviderNotFoundError
from agents.exceptions import ProviderPermissionError
from agents.exceptions import ProviderRateLimitError
from agents.exceptions import ProviderResponseError
from agents.exceptions import ProviderServerError
from agents.exceptions import ProviderStatusError
from agents.exceptions import ProviderTimeoutError
from agents.exceptions import ProviderUnprocessableError
from agents.exceptions import RunTimeoutError
from agents.exceptions import ToolInputGuardrailTripwireTriggered
from agents.exceptions import ToolOutputGuardrailTripwireTriggered
from agents.exceptions import ToolTimeoutError
from agents.exceptions import UserError
from agents.function_schema import FuncSchema
from agents.function_schema import function_schema
from agents.guardrail import GuardrailFunctionOutput
from agents.guardrail import InputGuardrail
from agents.guardrail import InputGuardrailResult
from agents.guardrail import OutputGuardrail
from agents.guardrail import OutputGuardrailResult
from agents.guardrail import input_guardrail
from agents.guardrail import output_guardrail
from agents.handoffs import Handoff
from agents.handoffs import HandoffInputData
from agents.handoffs import HandoffInputFilter
from agents.handoffs import handoff
from agents.hosted_tools import CodeInterpreterTool
from agents.hosted_tools import FileSearchTool
from agents.hosted_tools import HostedMCPTool
from agents.hosted_tools import ImageGenerationTool
from agents.hosted_tools import ImageGenerationToolConfig
from agents.hosted_tools import MCPToolApprovalFunction
from agents.hosted_tools import MCPToolApprovalFunctionResult
from agents.hosted_tools import MCPToolApprovalRequest
from agents.hosted_tools import ToolSearchTool
from agents.hosted_tools import WebSearchTool
from agents.hosted_tools import WebSearchToolImageSettings
from agents.items import CompactionItem
from agents.items import HandoffCallItem
from agents.items import HandoffOutputItem
from agents.items import InputItem
from agents.items import ItemHelpers
from agents.items import MCPApprovalRequestItem
from agents.items import MCPApprovalResponseItem
from agents.items import MCPListToolsItem
from agents.items import MessageOutputItem
from agents.items import ModelResponse
from agents.items import ReasoningItem
from agents.items import RunItem
from agents.items import ToolApprovalItem
from agents.items import ToolCallItem
from agents.items import ToolCallOutputItem
from agents.items import ToolSearchCallItem
from agents.items import ToolSearchOutputItem
from agents.items import TResponseInputItem
from agents.lifecycle import AgentHooks
from agents.lifecycle import RunHooks
from agents.logger import enable_verbose_stdout_logging
from agents.memory import OpenAIResponsesCompactionArgs
from agents.memory import OpenAIResponsesCompactionAwareSession
from agents.memory import Session
from agents.memory import SessionABC
from agents.memory import SessionSettings
from agents.memory import is_openai_responses_compaction_aware_session
from agents.memory.openai_conversations_session import OpenAIConversationsSession
from agents.memory.openai_responses_compaction_session import OpenAIResponsesCompactionSession
from agents.model_input import CallModelData
from agents.model_input import CallModelInputFilter
from agents.model_input import ModelInputData
from agents.model_settings import ModelSettings
from agents.models.chat.model import OpenAIChatCompletionsModel
from agents.models.interface import Model
from agents.models.interface import ModelProvider
from agents.models.interface import ModelTracing
from agents.models.multi_provider import MultiProvider
from agents.models.multi_provider import MultiProviderMap
from agents.models.openai_agent_registration import OpenAIAgentRegistrationConfig
from agents.models.openai_provider import OpenAIProvider
from agents.models.reliability.fallback import FallbackModel
from agents.models.reliability.fallback import ModelAttempt
from agents.models.responses.model import OpenAIResponsesModel
from agents.prompts import DynamicPromptFunction
from agents.prompts import GenerateDynamicPromptData
from agents.prompts import Prompt
from agents.result import AgentToolInvocation
from agents.result import RunResult
from agents.result import RunResultStreaming
from agents.retry import ModelRetryAdvice
from agents.retry import ModelRetryAdviceRequest
from agents.retry import ModelRetryBackoffSettings
from agents.retry import ModelRetryNormalizedError
from agents.retry import ModelRetrySettings
from agents.retry import RetryDecision
from agents.retry import RetryPolicy
from agents.retry import RetryPolicyContext
from agents.retry import retry_policies
from agents.run import Runner
from agents.run_config import DEFAULT_MAX_TURNS
from agents.run_config import OutputGuardrailBlockedMessageArgs
from agents.run_config import OutputGuardrailBlockedMessageFormatter
from agents.run_config import ReasoningItemIdPolicy
from agents.run_config import RunConfig
from agents.run_config import ToolErrorFormatter
from agents.run_config import ToolErrorFormatterArgs
from agents.run_config import ToolExecutionConfig
from agents.run_config import ToolNameCollisionPolicy
from agents.run_config import ToolNotFoundBehavior
from agents.run_context import AgentHookContext
from agents.run_context import RunContextWrapper
from agents.run_context import TContext
from agents.run_error_details import RunErrorDetails
from agents.run_error_handlers import RunErrorData
from agents.run_error_handlers import RunErrorHandler
from agents.run_error_handlers import RunErrorHandlerInput
from agents.run_error_handlers import RunErrorHandlerResult
from agents.run_error_handlers import RunErrorHandlers
from agents.run_state import RunState
from agents.stream_events import AgentUpdatedStreamEvent
from agents.stream_events import RawResponsesStreamEvent
from agents.stream_events import RunItemStreamEvent
from agents.stream_events import StreamEvent
from agents.tool import FunctionTool
from agents.tool import FunctionToolCustomDataContext
from agents.tool import FunctionToolCustomDataExtractor
from agents.tool import FunctionToolResult
from agents.tool import Tool
from agents.tool import ToolCaller
from agents.tool import ToolOrigin
from agents.tool import ToolOriginType
from agents.tool import default_tool_error_function
from agents.tool import function_tool
from agents.tool import tool_namespace
from agents.tool_context import ToolContext
from agents.tracing import AgentSpanData
from agents.tracing import CustomSpanData
from agents.tracing import FunctionSpanData
from agents.tracing import GenerationSpanData
from agents.tracing import GuardrailSpanData
from agents.tracing import HandoffSpanData
from agents.tracing import MCPListToolsSpanData
from agents.tracing import ResponseSpanData
from agents.tracing import Span
from agents.tracing import SpanData
from agents.tracing import SpanError
from agents.tracing import SpeechGroupSpanData
from agents.tracing import SpeechSpanData
from agents.tracing import TaskSpanData
from agents.tracing import Trace
from agents.tracing import TracingProcessor
from agents.tracing import TranscriptionSpanData
from agents.tracing import TurnSpanData
from agents.tracing import add_trace_processor
from agents.tracing import agent_span
from agents.tracing import custom_span
from agents.tracing import flush_traces
from agents.tracing import function_span
from agents.tracing import gen_span_id
from agents.tracing import gen_trace_id
from agents.tracing import generation_span
from agents.tracing import get_current_span
from agents.tracing import get_current_trace
from agents.tracing import guardrail_span
from agents.tracing import handoff_span
from agents.tracing import mcp_tools_span
from agents.tracing import response_span
from agents.tracing import set_trace_processors
from agents.tracing import set_trace_provider
from agents.tracing import set_tracing_disabled
from agents.tracing import set_tracing_export_api_key
from agents.tracing import speech_group_span
from agents.tracing import speech_span
from agents.tracing import task_span
from agents.tracing import trace
from agents.tracing import transcription_span
from agents.tracing import turn_span
from agents.usage import Usage
from agents.version import __version__
from freeagents.install_check import warn_if_shared as _warn_if_shared

__freeagents__ = True
"""Marks this `agents` package as freeagents' (the installation check reads it)."""

_warn_if_shared()

if _TYPE_CHECKING:
    from agents._local_tools.editing import ApplyPatchTool
    from agents._local_tools.editing import CustomTool
    from agents.handoffs.history import default_handoff_history_mapper
    from agents.handoffs.history import get_conversation_history_wrappers
    from agents.handoffs.history import nest_handoff_history
    from agents.handoffs.history import reset_conversation_history_wrappers
    from agents.handoffs.history import set_conversation_history_wrappers
    from agents.memory.sqlite_session import SQLiteSession
    from agents.repl import run_demo_loop
    from agents.tool_guardrails import ToolGuardrailFunctionOutput
    from agents.tool_guardrails import ToolInputGuardrail
    from agents.tool_guardrails import ToolInputGuardrailData
    from agents.tool_guardrails import ToolInputGuardrailResult
    from agents.tool_guardrails import ToolOutputGuardrail
    from agents.tool_guardrails import ToolOutputGuardrailData
    from agents.tool_guardrails import ToolOutputGuardrailResult
    from agents.tool_guardrails import tool_input_guardrail
    from agents.tool_guardrails import tool_output_guardrail


def __getattr__(name: str) -> _Any:
    """Names loaded on first use (`agents._lazy_exports`), so `import agents` stays lean."""
    return _load_root_name(name)


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
