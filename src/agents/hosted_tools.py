"""Hosted tools: tools that run on OpenAI's side, declared here and executed by the Responses API.

They have no Python function to call: the model uses them server-side and the response carries
their calls and results (web_search_call, file_search_call, ...). Only OpenAI's Responses API
runs them, so a Chat Completions provider gets a clear error before any request, pointing to
the portable alternative: a `@function_tool` doing the same job in your own code.

The fields are the reference SDK's; the `openai` package's TypedDicts describe the configs.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from typing import ClassVar
from typing import Literal
from typing import TypeAlias

# The configs' types are imported at run time, not only for type checkers: pydantic resolves
# the dataclasses' annotations from them, which Temporal's plug-in needs to send a hosted tool
# to its model activity (an unresolved name made every model activity fail to decode).
from openai.types.responses.file_search_tool_param import Filters
from openai.types.responses.file_search_tool_param import RankingOptions
from openai.types.responses.response_input_item_param import McpApprovalResponse
from openai.types.responses.response_output_item import McpApprovalRequest
from openai.types.responses.tool_param import CodeInterpreter
from openai.types.responses.tool_param import ImageGeneration
from openai.types.responses.tool_param import ImageGenerationInputImageMask
from openai.types.responses.tool_param import Mcp
from openai.types.responses.web_search_tool_param import Filters as WebSearchFilters
from openai.types.responses.web_search_tool_param import UserLocation
from typing_extensions import NotRequired
from typing_extensions import Required
from typing_extensions import TypedDict

from agents.exceptions import UserError
from agents.run_context import RunContextWrapper

if TYPE_CHECKING:
    from agents.agent import Agent
    from agents.items import MCPApprovalResponseItem

__all__ = [
    "CodeInterpreterTool",
    "FileSearchTool",
    "HostedMCPTool",
    "HostedTool",
    "ImageGenerationTool",
    "ImageGenerationToolConfig",
    "MCPToolApprovalFunction",
    "MCPToolApprovalFunctionResult",
    "MCPToolApprovalRequest",
    "ToolSearchTool",
    "WebSearchTool",
    "WebSearchToolImageSettings",
    "answer_mcp_approval",
    "hosted_tools_error",
    "mcp_tool_for",
]


class _Named:
    """A hosted tool's `name`: one fixed name for each kind of hosted tool."""

    _name: ClassVar[str]

    @property
    def name(self) -> str:
        return self._name


@dataclass
class FileSearchTool(_Named):
    """Searches the user's OpenAI vector stores."""

    _name = "file_search"

    vector_store_ids: list[str]
    """The vector stores to search."""

    max_num_results: int | None = None
    """The most results to return."""

    include_search_results: bool = False
    """Whether the response includes the search results (`file_search_call.results`)."""

    ranking_options: RankingOptions | None = None
    """Ranking options for the search."""

    filters: Filters | None = None
    """A filter on file attributes."""


class WebSearchToolImageSettings(TypedDict, total=False):
    """Image results of a web search (`search_content_types` with "image")."""

    max_results: int
    """How many images to return."""

    caption: bool
    """Whether each image comes with a short caption, when there is one."""


@dataclass
class WebSearchTool(_Named):
    """Searches the web."""

    _name = "web_search"

    user_location: UserLocation | None = None
    """An approximate location, to make results relevant to it."""

    filters: WebSearchFilters | None = None
    """Filters, such as the allowed domains."""

    search_context_size: Literal["low", "medium", "high"] = "medium"
    """How much search context the model gets."""

    external_web_access: bool | None = None
    """Whether live pages may be fetched; False asks for cached or indexed results only."""

    search_content_types: list[Literal["text", "image"]] | None = None
    """What the search may return (None: the API's default, text); with "image", the
    response includes the results (`web_search_call.results`)."""

    image_settings: WebSearchToolImageSettings | None = None
    """How image results come, when `search_content_types` has "image"."""


@dataclass
class MCPToolApprovalRequest:
    """A hosted MCP server asks whether one of its tools may be called."""

    ctx_wrapper: RunContextWrapper[Any]
    """The run context."""

    data: McpApprovalRequest
    """The request as the model sent it: server label, tool name and arguments."""


class MCPToolApprovalFunctionResult(TypedDict):
    """The answer to an approval request."""

    approve: bool
    """Whether the call may go ahead."""

    reason: NotRequired[str]
    """Why not, when rejected (shown to the model)."""


MCPToolApprovalFunction: TypeAlias = Callable[
    [MCPToolApprovalRequest],
    "MCPToolApprovalFunctionResult | Awaitable[MCPToolApprovalFunctionResult]",
]
"""Approves or rejects a hosted MCP tool call (sync or async)."""


@dataclass
class HostedMCPTool(_Named):
    """A remote MCP server whose tools the model lists and calls server-side.

    Without `on_approval_request`, set `require_approval: "never"` in `tool_config`: a run
    that receives an approval request it cannot answer stops with a UserError saying so.
    """

    _name = "hosted_mcp"

    tool_config: Mcp
    """The server's config: `server_label`, `server_url`, `require_approval`, ..."""

    on_approval_request: MCPToolApprovalFunction | None = None
    """Answers the server's approval requests during the run."""


@dataclass
class CodeInterpreterTool(_Named):
    """Runs code in a sandboxed container."""

    _name = "code_interpreter"

    tool_config: CodeInterpreter
    """The config, including the container."""


class ImageGenerationToolConfig(TypedDict, total=False):
    """The image generation settings, as the Responses API takes them (sent unchanged: the
    API checks which model supports which values)."""

    type: Required[Literal["image_generation"]]
    action: Literal["generate", "edit", "auto"]
    background: Literal["transparent", "opaque", "auto"]
    input_fidelity: Literal["high", "low"] | None
    input_image_mask: ImageGenerationInputImageMask
    model: str
    moderation: Literal["auto", "low"]
    output_compression: int
    output_format: Literal["png", "webp", "jpeg"]
    partial_images: int
    quality: Literal["low", "medium", "high", "xhigh", "max", "auto"]
    size: str


@dataclass
class ImageGenerationTool(_Named):
    """Generates images."""

    _name = "image_generation"

    tool_config: ImageGenerationToolConfig | ImageGeneration
    """The config: `type="image_generation"`, then size, quality, format, model, ..."""

    def __post_init__(self) -> None:
        config: Any = self.tool_config
        kind = config.get("type") if isinstance(config, dict) else getattr(config, "type", None)
        if kind != "image_generation":
            raise UserError(
                "ImageGenerationTool needs tool_config={'type': 'image_generation', ...} "
                f"(an ImageGenerationToolConfig), got {config!r:.80}"
            )


@dataclass
class ToolSearchTool(_Named):
    """Lets the model find the tools it needs among many: function tools grouped with
    `tool_namespace(...)` (or hosted MCP servers with `defer_loading`) are offered to the
    model through a search, not all at once. OpenAI's Responses API runs the search
    (`execution="server"`, its default); a run does not execute client-side searches."""

    _name = "tool_search"

    description: str | None = None
    """What the model reads about the search (for `execution="client"`)."""

    execution: Literal["server", "client"] | None = None
    """Who runs the search; None: the API's default (the server)."""

    parameters: object | None = None
    """The search's parameter schema (for `execution="client"`)."""


HostedTool: TypeAlias = (
    FileSearchTool
    | WebSearchTool
    | HostedMCPTool
    | CodeInterpreterTool
    | ImageGenerationTool
    | ToolSearchTool
)

HOSTED_TOOL_TYPES = (
    FileSearchTool,
    WebSearchTool,
    HostedMCPTool,
    CodeInterpreterTool,
    ImageGenerationTool,
    ToolSearchTool,
)


def hosted_tools_error(tools: Sequence[object], *, where: str) -> UserError | None:
    """The error for hosted tools sent where nothing runs them (None when there are none).

    `where` names the route, e.g. "the Chat Completions API at <base URL> (model 'x')".
    """
    if not any(issubclass(kind, HOSTED_TOOL_TYPES) for kind in set(map(type, tools))):
        return None  # checked every request: per class of tool, not per tool
    hosted = [type(tool).__name__ for tool in tools if isinstance(tool, HOSTED_TOOL_TYPES)]
    names = ", ".join(dict.fromkeys(hosted))
    if hosted == ["ToolSearchTool"]:
        return UserError(
            f"ToolSearchTool is a hosted tool: only OpenAI's Responses API runs it, and this "
            f"agent's model uses {where}. Remove it: here the model sees every tool at once "
            "(tool_namespace() groups are sent as plain function tools); or run this agent "
            "on OpenAI's Responses API (OpenAIResponsesModel)."
        )
    return UserError(
        f"{names} {'is a hosted tool' if len(hosted) == 1 else 'are hosted tools'}: only "
        f"OpenAI's Responses API runs them, and this agent's model uses {where}. Remove "
        "the tool, or write a @function_tool that does the same job with your own code, "
        "e.g.\n\n"
        "    @function_tool\n"
        "    def search_web(query: str) -> str:\n"
        '        """Search the web."""\n'
        "        return search_api.search(query)\n\n"
        "or run this agent on OpenAI's Responses API (OpenAIResponsesModel)."
    )


HOSTED_CALL_TYPES = frozenset(
    {
        "web_search_call",
        "file_search_call",
        "code_interpreter_call",
        "image_generation_call",
        "mcp_call",
        "mcp_list_tools",
    }
)
"""Output items of hosted tools: already run server-side, kept in the conversation as they are."""


def mcp_tool_for(tools: Sequence[object], request: McpApprovalRequest) -> HostedMCPTool:
    """The HostedMCPTool that can answer `request`, or a UserError saying how to make one."""
    for tool in tools:
        if (
            isinstance(tool, HostedMCPTool)
            and tool.tool_config.get("server_label") == request.server_label
            and tool.on_approval_request is not None
        ):
            return tool
    raise UserError(
        f"The hosted MCP server {request.server_label!r} asks for approval to call its tool "
        f"{request.name!r}, and no HostedMCPTool for that server_label has an "
        "on_approval_request function. Pass on_approval_request=..., or set "
        '"require_approval": "never" in its tool_config.'
    )


async def answer_mcp_approval(
    agent: Agent[Any],
    tool: HostedMCPTool,
    request: McpApprovalRequest,
    context: RunContextWrapper[Any],
) -> MCPApprovalResponseItem:
    """Ask the tool's approval function; its answer goes back to the server as an input item."""
    from agents.items import MCPApprovalResponseItem

    assert tool.on_approval_request is not None  # mcp_tool_for guarantees it
    decided = tool.on_approval_request(MCPToolApprovalRequest(context, request))
    result: MCPToolApprovalFunctionResult = (
        await decided if inspect.isawaitable(decided) else decided
    )
    answer: McpApprovalResponse = {
        "type": "mcp_approval_response",
        "approval_request_id": request.id,
        "approve": bool(result["approve"]),
    }
    if not result["approve"] and result.get("reason"):
        answer["reason"] = result["reason"]
    return MCPApprovalResponseItem(agent=agent, raw_item=answer)
