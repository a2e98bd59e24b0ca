"""The MCPServer interface and the approval setting's types (no transport here).

What the run needs from a server (tools, calls, prompts, resources) is this abstract class;
`agents.mcp.server` re-exports it beside the concrete transports.
"""

from __future__ import annotations

import abc
from collections.abc import Awaitable
from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal
from typing import TypeAlias

from typing_extensions import NotRequired
from typing_extensions import TypedDict

from agents.exceptions import UserError
from agents.mcp.approval import approval_policy
from agents.mcp.util import MCPToolCustomDataExtractor
from agents.mcp.util import MCPToolMetaResolver
from agents.run_context import RunContextWrapper
from agents.tool import ToolErrorFunction

if TYPE_CHECKING:
    from mcp.client.session import MessageHandlerFnT
    from mcp.types import CallToolResult
    from mcp.types import GetPromptResult
    from mcp.types import ListPromptsResult
    from mcp.types import ListResourcesResult
    from mcp.types import ListResourceTemplatesResult
    from mcp.types import ReadResourceResult
    from mcp.types import Tool as MCPTool

    from agents.agent import AgentBase
else:
    MessageHandlerFnT = Any


class _UnsetType:
    def __repr__(self) -> str:
        return "<unset>"


_UNSET: Any = _UnsetType()


class RequireApprovalToolList(TypedDict):
    tool_names: list[str]


class RequireApprovalObject(TypedDict):
    always: NotRequired[RequireApprovalToolList]
    never: NotRequired[RequireApprovalToolList]


LocalMCPApprovalCallable: TypeAlias = Callable[
    [RunContextWrapper[Any], "AgentBase[Any]", "MCPTool"], "bool | Awaitable[bool]"
]
"""Decides per call whether a local MCP tool needs a human's approval."""

RequireApprovalSetting: TypeAlias = (
    "Literal['always', 'never'] | RequireApprovalObject | dict[str, Any] | bool | "
    "LocalMCPApprovalCallable | None"
)


class MCPServer(abc.ABC):
    """What the run needs from an MCP server: its tools, and a way to call them."""

    def __init__(
        self,
        use_structured_content: bool = False,
        require_approval: RequireApprovalSetting = None,
        failure_error_function: ToolErrorFunction | _UnsetType | None = _UNSET,
        tool_meta_resolver: MCPToolMetaResolver | None = None,
        custom_data_extractor: MCPToolCustomDataExtractor | None = None,
        *,
        tool_input_guardrails: list[Any] | None = None,
        tool_output_guardrails: list[Any] | None = None,
    ) -> None:
        self.use_structured_content = use_structured_content
        """Send a result's structured content (as JSON) instead of its content blocks."""
        self.require_approval = require_approval
        self.failure_error_function = failure_error_function
        self.tool_meta_resolver = tool_meta_resolver
        self.custom_data_extractor = custom_data_extractor
        self.tool_input_guardrails = tool_input_guardrails
        self.tool_output_guardrails = tool_output_guardrails
        self._approval_policy = approval_policy(require_approval)
        """require_approval checked: each tool's needs_approval (see agents.mcp.approval)."""
        _refuse_unsupported(tool_input_guardrails, tool_output_guardrails)

    @abc.abstractmethod
    async def connect(self) -> None:
        """Start the server (or open the connection) and initialise the session."""

    @property
    @abc.abstractmethod
    def name(self) -> str:
        """A readable name, used in logs, traces and prefixed tool names."""

    @abc.abstractmethod
    async def cleanup(self) -> None:
        """Close the session and stop the server."""

    @abc.abstractmethod
    async def list_tools(
        self,
        run_context: RunContextWrapper[Any] | None = None,
        agent: AgentBase[Any] | None = None,
    ) -> list[MCPTool]:
        """The server's tools after the server's filter."""

    @abc.abstractmethod
    async def call_tool(
        self,
        tool_name: str,
        arguments: dict[str, Any] | None,
        meta: dict[str, Any] | None = None,
    ) -> CallToolResult:
        """Run a tool on the server."""

    @property
    def cached_tools(self) -> list[MCPTool] | None:
        """The last tools listing kept by `cache_tools_list`, if any."""
        return None

    @abc.abstractmethod
    async def list_prompts(self) -> ListPromptsResult:
        """The prompts the server offers."""

    @abc.abstractmethod
    async def get_prompt(
        self, name: str, arguments: dict[str, Any] | None = None
    ) -> GetPromptResult:
        """One prompt, rendered with `arguments`."""

    async def list_resources(self, cursor: str | None = None) -> ListResourcesResult:
        raise NotImplementedError(f"{type(self).__name__} does not list resources")

    async def list_resource_templates(
        self, cursor: str | None = None
    ) -> ListResourceTemplatesResult:
        raise NotImplementedError(f"{type(self).__name__} does not list resource templates")

    async def read_resource(self, uri: str) -> ReadResourceResult:
        raise NotImplementedError(f"{type(self).__name__} does not read resources")


def _refuse_unsupported(input_guardrails: Any, output_guardrails: Any) -> None:
    """Settings that would change what a tool call may do are refused rather than ignored."""
    if input_guardrails or output_guardrails:
        raise UserError(
            "tool_input_guardrails / tool_output_guardrails on MCP servers are not supported "
            "by freeagents yet; leave them unset."
        )
