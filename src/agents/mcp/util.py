"""MCP tools as ordinary function tools: filters, name prefixes, invocation and result shapes.

Nothing here imports the `mcp` package at module level (only for type checking), so the
filter helpers can be imported and configured without the `mcp` extra; the package is
needed once a server connects.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import logging
import re
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING
from typing import Any
from typing import Protocol
from typing import TypeAlias
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

from typing_extensions import NotRequired
from typing_extensions import TypedDict

from agents._tool_origin import ToolOrigin
from agents._tool_origin import ToolOriginType
from agents.exceptions import AgentsException
from agents.exceptions import ModelBehaviorError
from agents.exceptions import UserError
from agents.mcp.approval import needs_approval_for
from agents.run_context import RunContextWrapper
from agents.strict_schema import copy_json_schema
from agents.strict_schema import ensure_strict_json_schema
from agents.tool import FunctionTool
from agents.tool import Tool
from agents.tool import ToolErrorFunction
from agents.tool import default_tool_error_function
from agents.tool_context import ToolContext
from agents.util._await import maybe_await

if TYPE_CHECKING:
    from mcp.types import CallToolResult
    from mcp.types import Tool as MCPTool

    from agents.agent import AgentBase
    from agents.mcp.server import MCPServer

logger = logging.getLogger("openai.agents")

ToolOutputItem: TypeAlias = dict[str, Any]
"""One content item of an MCP tool's output: `{"type": "text", "text": ...}` or
`{"type": "image", "image_url": "data:..."}`."""

ToolOutput: TypeAlias = "str | ToolOutputItem | list[ToolOutputItem]"
"""What an MCP tool returns to the run: JSON text (structured content), or content items."""

_MAX_TOOL_NAME = 64
_VALID_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
_HASH_LENGTH = 8


class HttpClientFactory(Protocol):
    """Builds the `httpx2.AsyncClient` an HTTP transport uses (mcp 2.x speaks httpx2)."""

    def __call__(
        self,
        headers: dict[str, str] | None = None,
        timeout: Any = None,
        auth: Any = None,
    ) -> Any: ...


@dataclass
class ToolFilterContext:
    """What a callable tool filter can look at besides the tool itself."""

    run_context: RunContextWrapper[Any]
    """The run's context."""

    agent: AgentBase[Any]
    """The agent whose tools are being listed."""

    server_name: str
    """The name of the MCP server listing the tools."""


ToolFilterCallable: TypeAlias = Callable[[ToolFilterContext, "MCPTool"], "bool | Awaitable[bool]"]
"""Decides per tool (sync or async) whether the agent sees it."""


class ToolFilterStatic(TypedDict):
    """Allow and block lists of tool names; the block list wins."""

    allowed_tool_names: NotRequired[list[str]]
    """When set, only these tools are offered."""

    blocked_tool_names: NotRequired[list[str]]
    """These tools are never offered."""


ToolFilter: TypeAlias = "ToolFilterCallable | ToolFilterStatic | None"
"""A callable filter, a static filter, or None for every tool."""


@dataclass
class MCPToolMetaContext:
    """What a meta resolver sees when building a tool call's `_meta`."""

    run_context: RunContextWrapper[Any]
    server_name: str
    tool_name: str
    arguments: dict[str, Any] | None


@dataclass(frozen=True)
class MCPToolCustomDataContext:
    """What a custom-data extractor sees once a tool call has returned."""

    run_context: RunContextWrapper[Any]
    server_name: str
    tool_name: str
    """The tool's name on the server."""
    tool_display_name: str
    """The tool's name as the model sees it (prefixed when server names are included)."""
    arguments: Mapping[str, Any]
    result_meta: Mapping[str, Any] | None
    structured_content: Mapping[str, Any] | None
    is_error: bool | None
    tool_output: ToolOutput


MCPToolMetaResolver: TypeAlias = Callable[
    [MCPToolMetaContext], "dict[str, Any] | Awaitable[dict[str, Any] | None] | None"
]
"""Returns the `_meta` to send with a tool call (or None for none); may be async."""

MCPToolCustomDataExtractor: TypeAlias = Callable[
    [MCPToolCustomDataContext],
    "Mapping[str, Any] | Awaitable[Mapping[str, Any] | None] | None",
]
"""Returns SDK-side data to keep with a tool's output item (never sent to the model)."""


def create_static_tool_filter(
    allowed_tool_names: list[str] | None = None,
    blocked_tool_names: list[str] | None = None,
) -> ToolFilterStatic | None:
    """A static filter from the given lists, or None when neither is given."""
    if allowed_tool_names is None and blocked_tool_names is None:
        return None
    result: ToolFilterStatic = {}
    if allowed_tool_names is not None:
        result["allowed_tool_names"] = allowed_tool_names
    if blocked_tool_names is not None:
        result["blocked_tool_names"] = blocked_tool_names
    return result


class MCPUtil:
    """Turns the tools of MCP servers into function tools and runs them."""

    @classmethod
    async def get_all_function_tools(
        cls,
        servers: list[MCPServer],
        convert_schemas_to_strict: bool,
        run_context: RunContextWrapper[Any],
        agent: AgentBase[Any],
        failure_error_function: ToolErrorFunction | None = default_tool_error_function,
        include_server_in_tool_names: bool = False,
        reserved_tool_names: set[str] | None = None,
    ) -> list[Tool]:
        """The tools of every server; two servers offering one name is a UserError."""
        from agents.mcp._base import MCPServer

        for server in servers:
            if not isinstance(server, MCPServer):
                raise UserError(
                    f"Agent {agent.name!r}: mcp_servers must hold MCP servers from agents.mcp "
                    f"(MCPServerStdio, MCPServerSse, MCPServerStreamableHttp, or an MCPServer "
                    f"subclass), got {type(server).__name__}"
                )
        tools: list[Tool] = []
        seen: set[str] = set()
        reserved = set(reserved_tool_names or ())
        for index, server in enumerate(servers):
            server_tools = await cls.get_function_tools(
                server,
                convert_schemas_to_strict,
                run_context,
                agent,
                failure_error_function=failure_error_function,
                include_server_in_tool_names=include_server_in_tool_names,
                reserved_tool_names=reserved | seen,
                server_index=index,
            )
            names = {tool.name for tool in server_tools}
            duplicates = sorted(names & seen)
            if duplicates:
                raise UserError(
                    "Duplicate tool names found across MCP servers: "
                    f"{', '.join(repr(n) for n in duplicates)}. Set "
                    "mcp_config={'include_server_in_tool_names': True} on the agent to prefix "
                    "each tool with its server's name, or filter one server's tools out."
                )
            seen |= names
            tools.extend(server_tools)
        return tools

    @classmethod
    async def get_function_tools(
        cls,
        server: MCPServer,
        convert_schemas_to_strict: bool,
        run_context: RunContextWrapper[Any],
        agent: AgentBase[Any],
        failure_error_function: ToolErrorFunction | None = default_tool_error_function,
        include_server_in_tool_names: bool = False,
        tool_name_override: Callable[[MCPTool], str] | None = None,
        reserved_tool_names: set[str] | None = None,
        server_index: int = 0,
    ) -> list[Tool]:
        """One server's tools (after its filter) as function tools."""
        with _list_tools_span(server.name) as span:
            mcp_tools = await server.list_tools(run_context, agent)
            if span is not None:
                span.span_data.result = [tool.name for tool in mcp_tools]
        used = set(reserved_tool_names or ())
        tools: list[Tool] = []
        for mcp_tool in mcp_tools:
            name: str | None = None
            if tool_name_override is not None:
                name = tool_name_override(mcp_tool)
            elif include_server_in_tool_names:
                name = _prefixed_name(server.name, mcp_tool.name, used)
                used.add(name)
            elif not _VALID_NAME.fullmatch(mcp_tool.name):
                # MCP allows names (dots, slashes, long ones) that providers reject with a
                # 400; the server still gets its own name, only the model sees this one.
                name = _unique(_safe_part(mcp_tool.name, "tool"), mcp_tool.name, used)
                used.add(name)
            tools.append(
                cls.to_function_tool(
                    mcp_tool,
                    server,
                    convert_schemas_to_strict,
                    agent,
                    failure_error_function=failure_error_function,
                    tool_name_override=name,
                )
            )
        return tools

    @classmethod
    def to_function_tool(
        cls,
        tool: MCPTool,
        server: MCPServer,
        convert_schemas_to_strict: bool,
        agent: AgentBase[Any] | None = None,
        failure_error_function: ToolErrorFunction | None = default_tool_error_function,
        tool_name_override: str | None = None,
    ) -> FunctionTool:
        """An MCP tool as a FunctionTool whose failures follow `failure_error_function`.

        The server's own `failure_error_function`, when it set one, wins over the agent's.
        """
        public_name = tool_name_override or tool.name
        static_meta = copy.deepcopy(tool.meta) if isinstance(tool.meta, dict) else None
        on_failure = _failure_function(server, failure_error_function)
        schema, strict = _tool_schema(tool, server.name, convert_schemas_to_strict)

        async def invoke(ctx: ToolContext[Any], raw_arguments: str) -> Any:
            try:
                return await cls.invoke_mcp_tool(
                    server,
                    tool,
                    ctx,
                    raw_arguments,
                    meta=static_meta,
                    tool_display_name=public_name,
                )
            except Exception as exc:
                if on_failure is None:
                    raise
                logger.debug("MCP tool %s failed: %s", public_name, exc)
                return await maybe_await(on_failure(ctx, exc))

        function_tool = FunctionTool(
            name=public_name,
            description=tool.description or tool.title or "",
            params_json_schema=schema,
            on_invoke_tool=invoke,
            strict_json_schema=strict,
            needs_approval=needs_approval_for(
                getattr(server, "_approval_policy", False), tool, agent
            ),
            _tool_origin=ToolOrigin(type=ToolOriginType.MCP, mcp_server_name=server.name),
            _mcp_title=getattr(tool, "title", None),
        )
        return function_tool

    @classmethod
    async def invoke_mcp_tool(
        cls,
        server: MCPServer,
        tool: MCPTool,
        context: RunContextWrapper[Any],
        input_json: str,
        *,
        meta: dict[str, Any] | None = None,
        tool_display_name: str | None = None,
    ) -> ToolOutput:
        """Call the tool with the model's JSON arguments and shape its result for the model.

        Transport failures and the server's own errors (`MCPError`, timeouts included)
        propagate, so the tool's failure function decides whether the model sees them;
        an `isError` result is an ordinary result whose text explains the failure.
        """
        from mcp.shared.exceptions import MCPError

        display = tool_display_name or tool.name
        try:
            arguments = json.loads(input_json) if input_json else {}
        except json.JSONDecodeError as exc:
            raise ModelBehaviorError(f"Invalid JSON input for tool {display}: {exc.msg}") from exc
        if not isinstance(arguments, dict):
            raise ModelBehaviorError(
                f"Invalid JSON input for tool {display}: expected a JSON object"
            )
        resolved = await cls._resolve_meta(server, context, tool.name, arguments)
        merged = None if resolved is None and meta is None else {**(resolved or {}), **(meta or {})}
        try:
            if merged is None:
                result = await server.call_tool(tool.name, arguments)
            else:
                result = await server.call_tool(tool.name, arguments, meta=merged)
        except (UserError, MCPError):
            raise
        except Exception as exc:
            raise AgentsException(
                f"Error invoking MCP tool {display} on server {server.name!r}: {exc}"
            ) from exc
        _tag_function_span(server.name)
        output = tool_output_of(result, getattr(server, "use_structured_content", False))
        custom = await cls._custom_data(
            server, context, tool.name, display, arguments, result, output
        )
        if custom is not None and isinstance(context, ToolContext):
            # Read by the run loop into ToolCallOutputItem.custom_data.
            object.__setattr__(context, "_custom_data", custom)
        return output

    @staticmethod
    async def _resolve_meta(
        server: MCPServer,
        context: RunContextWrapper[Any],
        tool_name: str,
        arguments: dict[str, Any],
    ) -> dict[str, Any] | None:
        resolver = getattr(server, "tool_meta_resolver", None)
        if resolver is None:
            return None
        found = await maybe_await(
            resolver(MCPToolMetaContext(context, server.name, tool_name, copy.deepcopy(arguments)))
        )
        if found is not None and not isinstance(found, dict):
            raise UserError(
                f"The tool_meta_resolver of MCP server {server.name!r} must return a dict or "
                f"None, got {type(found).__name__}"
            )
        return found

    @staticmethod
    async def _custom_data(
        server: MCPServer,
        context: RunContextWrapper[Any],
        tool_name: str,
        display: str,
        arguments: dict[str, Any],
        result: CallToolResult,
        output: ToolOutput,
    ) -> dict[str, Any] | None:
        extractor = getattr(server, "custom_data_extractor", None)
        if extractor is None:
            return None
        structured = result.structured_content
        found = await maybe_await(
            extractor(
                MCPToolCustomDataContext(
                    run_context=context,
                    server_name=server.name,
                    tool_name=tool_name,
                    tool_display_name=display,
                    arguments=MappingProxyType(copy.deepcopy(arguments)),
                    result_meta=MappingProxyType(dict(result.meta)) if result.meta else None,
                    structured_content=MappingProxyType(structured) if structured else None,
                    is_error=result.is_error,
                    tool_output=copy.deepcopy(output),
                )
            )
        )
        return dict(found) if found else None


def _failure_function(
    server: MCPServer, agent_default: ToolErrorFunction | None
) -> ToolErrorFunction | None:
    """The server's failure function when it set one (None included), else the agent's.

    Read with getattr: a user's own MCPServer subclass may not call MCPServer.__init__.
    """
    from agents.mcp._base import _UnsetType

    own = getattr(server, "failure_error_function", None)
    if own is None and not hasattr(server, "failure_error_function"):
        return agent_default
    return agent_default if isinstance(own, _UnsetType) else own


def tool_output_of(result: CallToolResult, use_structured_content: bool) -> ToolOutput:
    """A CallToolResult as the run's tool output.

    Structured content, when asked for and present on a successful result, is sent alone as
    JSON; otherwise each content block becomes a text or image item (other blocks, such as
    embedded resources and audio, as their JSON), and a single item is not wrapped in a list.
    """
    structured = result.structured_content
    if use_structured_content and structured and not result.is_error:
        return json.dumps(structured)
    items: list[ToolOutputItem] = []
    for block in result.content:
        if block.type == "text":
            items.append({"type": "text", "text": block.text})
        elif block.type == "image":
            items.append(
                {"type": "image", "image_url": f"data:{block.mime_type};base64,{block.data}"}
            )
        else:
            as_json = block.model_dump_json(by_alias=True, exclude_none=True)
            items.append({"type": "text", "text": as_json})
    if len(items) == 1:
        return items[0]
    return items


@contextlib.contextmanager
def _list_tools_span(server_name: str) -> Iterator[Any]:
    """An `mcp_tools` span around a tools listing (its result is set once the list is in)."""
    from agents.tracing import mcp_tools_span

    with mcp_tools_span(server=_server_trace_name(server_name)) as span:
        yield span


def _tag_function_span(server_name: str) -> None:
    """Name the server on the tool call's function span (`mcp_data`), as the reference does,
    so a trace tells MCP tool calls from local ones."""
    from agents.tracing import FunctionSpanData
    from agents.tracing import get_current_span

    span = get_current_span()
    if span is not None and isinstance(span.span_data, FunctionSpanData):
        span.span_data.mcp_data = {"server": _server_trace_name(server_name)}


_URL_NAME_PREFIXES = ("sse: ", "streamable_http: ", "streamable-http: ")


def _server_trace_name(name: str) -> str:
    """A server's name fit for traces and logs: a name made from the server's URL (the
    default for SSE and streamable HTTP servers) loses any user:password, query string
    and fragment, where tokens are often passed."""
    prefix = next((p for p in _URL_NAME_PREFIXES if name.startswith(p)), "")
    url = name[len(prefix) :]
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return f"{prefix}<invalid-url>" if prefix else name
    if parts.scheme not in ("http", "https"):
        return name
    if not host:
        return f"{prefix}<invalid-url>"
    netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port is not None else "")
    return prefix + urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _tool_schema(
    tool: MCPTool, server_name: str, convert_to_strict: bool
) -> tuple[dict[str, Any], bool]:
    """The tool's input schema with `properties` (OpenAI requires it), strict when asked and
    convertible; a schema strict mode cannot express is sent as it is.

    The schema comes from the server, so it is untrusted: one nested too deep to handle
    safely is refused with a UserError, and the strict conversion is bounded (a `$ref`
    expansion bomb fails fast and the tool stays non-strict).
    """
    raw = dict(tool.input_schema or {})
    try:
        schema = copy_json_schema(raw)
    except UserError as exc:
        raise UserError(f"MCP server {server_name!r}, tool {tool.name!r}: {exc}") from None
    declared_nothing = not schema
    schema.setdefault("type", "object")
    schema.setdefault("properties", {})
    if not convert_to_strict:
        return schema, False
    try:
        # An object the server declared open ({"type": "object"}) accepts any keys; closing
        # it would change what the tool accepts, so such a schema stays non-strict.
        strict = ensure_strict_json_schema(schema, _reject_open_objects=not declared_nothing)
    except Exception as exc:
        logger.info("MCP tool %s keeps its non-strict schema: %s", tool.name, exc)
        return schema, False
    return strict, True


def _safe_part(value: str, fallback: str) -> str:
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "_-") else "_" for c in value)
    return safe.strip("_-") or fallback


def _prefixed_name(server_name: str, tool_name: str, used: set[str]) -> str:
    """`mcp_<server>__<tool>`, cut to 64 characters with a hash suffix when long or taken."""
    base = f"mcp_{_safe_part(server_name, 'server')}__{_safe_part(tool_name, 'tool')}"
    return _unique(base, f"{server_name}\0{tool_name}", used)


def _unique(base: str, seed_text: str, used: set[str]) -> str:
    """`base`, or when too long or taken, its start with a stable hash suffix."""
    name, attempt = base, 0
    while len(name) > _MAX_TOOL_NAME or name in used:
        seed = f"{seed_text}\0{attempt}"
        suffix = "_" + hashlib.sha1(seed.encode()).hexdigest()[:_HASH_LENGTH]
        name = (base[: _MAX_TOOL_NAME - len(suffix)].rstrip("_-") or "mcp") + suffix
        attempt += 1
    return name
