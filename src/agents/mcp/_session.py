"""A server reached through an `mcp` client session: caching, filters, retries, requests.

The transports (stdio, SSE, streamable HTTP) in `agents.mcp.server` only say how to open
their streams; everything else a session-backed server does lives here.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import logging
import math
from collections.abc import Awaitable
from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeVar

from agents.exceptions import UserError
from agents.mcp._base import _UNSET
from agents.mcp._base import MCPServer
from agents.mcp._base import RequireApprovalSetting
from agents.mcp._base import _UnsetType
from agents.mcp._client import ClientRunner
from agents.mcp.util import MCPToolCustomDataExtractor
from agents.mcp.util import MCPToolMetaResolver
from agents.mcp.util import ToolFilter
from agents.mcp.util import ToolFilterContext
from agents.run_context import RunContextWrapper
from agents.tool import ToolErrorFunction
from agents.util._await import maybe_await

if TYPE_CHECKING:
    from mcp.client.session import ClientSession
    from mcp.client.session import MessageHandlerFnT
    from mcp.types import CallToolResult
    from mcp.types import GetPromptResult
    from mcp.types import ListPromptsResult
    from mcp.types import ListResourcesResult
    from mcp.types import ListResourceTemplatesResult
    from mcp.types import ListToolsResult
    from mcp.types import ReadResourceResult
    from mcp.types import Tool as MCPTool

    from agents.agent import AgentBase
else:
    MessageHandlerFnT = Any

logger = logging.getLogger("openai.agents")
T = TypeVar("T")


def _read_timeout(seconds: float | None) -> float | None:
    """The session's per-request timeout; 0 and None both mean no timeout."""
    if seconds is None or seconds == 0:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise UserError(
            f"client_session_timeout_seconds must be a number of seconds or None, got {seconds!r}"
        )
    if not math.isfinite(seconds) or seconds < 0:
        raise UserError(
            f"client_session_timeout_seconds must be a positive number, got {seconds!r}"
        )
    return float(seconds)


class _MCPServerWithClientSession(MCPServer, abc.ABC):
    """A server reached through an `mcp` client session over some transport."""

    def __init__(
        self,
        cache_tools_list: bool,
        client_session_timeout_seconds: float | None,
        tool_filter: ToolFilter = None,
        use_structured_content: bool = False,
        max_retry_attempts: int = 0,
        retry_backoff_seconds_base: float = 1.0,
        message_handler: MessageHandlerFnT | None = None,
        require_approval: RequireApprovalSetting = None,
        failure_error_function: ToolErrorFunction | _UnsetType | None = _UNSET,
        tool_meta_resolver: MCPToolMetaResolver | None = None,
        custom_data_extractor: MCPToolCustomDataExtractor | None = None,
        retry_backoff_seconds_max: float | None = None,
        *,
        tool_input_guardrails: list[Any] | None = None,
        tool_output_guardrails: list[Any] | None = None,
        max_list_pages: int | None = None,
    ) -> None:
        super().__init__(
            use_structured_content=use_structured_content,
            require_approval=require_approval,
            failure_error_function=failure_error_function,
            tool_meta_resolver=tool_meta_resolver,
            custom_data_extractor=custom_data_extractor,
            tool_input_guardrails=tool_input_guardrails,
            tool_output_guardrails=tool_output_guardrails,
        )
        if max_list_pages is not None and (
            isinstance(max_list_pages, bool)
            or not isinstance(max_list_pages, int)
            or max_list_pages < 1
        ):
            raise UserError(
                f"max_list_pages must be a positive integer or None, got {max_list_pages!r}"
            )
        self.cache_tools_list = cache_tools_list
        """Keep the first tools listing until `invalidate_tools_cache()` is called."""
        self.client_session_timeout_seconds = client_session_timeout_seconds
        self._read_timeout = _read_timeout(client_session_timeout_seconds)
        self.tool_filter = tool_filter
        self.max_retry_attempts = max_retry_attempts
        """Retries after a failed list or call (-1: without end)."""
        self.retry_backoff_seconds_base = retry_backoff_seconds_base
        self.retry_backoff_seconds_max = retry_backoff_seconds_max
        self.message_handler = message_handler
        self.max_list_pages = max_list_pages
        self.session: ClientSession | None = None
        """The live `mcp` session, between connect() and cleanup()."""
        self.server_initialize_result: Any = None
        self._runner: ClientRunner | None = None
        self._tools_list: list[MCPTool] | None = None
        self._cache_dirty = True

    @abc.abstractmethod
    def create_streams(self) -> contextlib.AbstractAsyncContextManager[Any]:
        """The `mcp` transport (an async context manager yielding the read/write streams)."""

    async def __aenter__(self) -> _MCPServerWithClientSession:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.cleanup()

    async def connect(self) -> None:
        if self._runner is not None and self._runner.alive:
            return
        runner = ClientRunner(
            self.create_streams,
            read_timeout_seconds=self._read_timeout,
            message_handler=self.message_handler,
            server_name=self.name,
        )
        try:
            await runner.start()
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            raise UserError(
                f"Could not connect to MCP server {self.name!r} ({reason}). Check that it is "
                "running and reachable, and its command or URL."
            ) from exc
        self._runner = runner
        self.session = runner.client.session
        self.server_initialize_result = runner.client.server_info

    async def cleanup(self) -> None:
        runner, self._runner = self._runner, None
        self.session = None
        if runner is not None:
            await runner.stop()

    def invalidate_tools_cache(self) -> None:
        """Fetch the tools again on the next listing."""
        self._cache_dirty = True

    @property
    def cached_tools(self) -> list[MCPTool] | None:
        return self._tools_list

    def _live_runner(self) -> ClientRunner:
        runner = self._runner
        if runner is None:
            raise UserError(
                f"MCP server {self.name!r} is not connected. Make sure you call `connect()` "
                "first (or use `async with server:`)."
            )
        return runner

    async def _request(self, send: Callable[[Any], Awaitable[T]]) -> T:
        """One request on the live client, failing fast if the connection ends meanwhile."""
        runner = self._live_runner()
        return await runner.request(lambda: send(runner.checked_client()))

    def _retry_backoff(self, retries_done: int) -> float:
        delay = self.retry_backoff_seconds_base * (2.0**retries_done)
        if self.retry_backoff_seconds_max is not None:
            delay = min(delay, self.retry_backoff_seconds_max)
        return delay

    async def _with_retries(self, func: Callable[[], Awaitable[T]]) -> T:
        failures = 0
        while True:
            try:
                return await func()
            except Exception:
                failures += 1
                if self.max_retry_attempts != -1 and failures > self.max_retry_attempts:
                    raise
                await asyncio.sleep(self._retry_backoff(failures - 1))

    async def list_tools(
        self,
        run_context: RunContextWrapper[Any] | None = None,
        agent: AgentBase[Any] | None = None,
    ) -> list[MCPTool]:
        self._live_runner()
        if not (self.cache_tools_list and not self._cache_dirty and self._tools_list is not None):
            tools = await self._with_retries(self._all_tool_pages)
            self._tools_list = tools
            self._cache_dirty = False
        tools = list(self._tools_list or [])
        if self.tool_filter is not None:
            tools = await self._filtered(tools, run_context, agent)
        return [tool.model_copy(deep=True) for tool in tools]

    async def _all_tool_pages(self) -> list[MCPTool]:
        tools: list[MCPTool] = []
        cursor: str | None = None
        seen: set[str | None] = set()
        while True:
            if self.max_list_pages is not None and len(seen) >= self.max_list_pages:
                raise UserError(
                    f"MCP server {self.name!r} has more tool pages than max_list_pages "
                    f"({self.max_list_pages}); raise max_list_pages."
                )
            seen.add(cursor)
            page = await self._list_tools_page(cursor)
            tools.extend(page.tools)
            cursor = page.next_cursor
            if cursor is None:
                return tools
            if cursor in seen:
                raise UserError(f"MCP server {self.name!r} repeated a cursor listing tools")

    async def _list_tools_page(self, cursor: str | None) -> ListToolsResult:
        page: ListToolsResult = await self._request(lambda c: c.list_tools(cursor=cursor))
        return page

    async def _filtered(
        self,
        tools: list[MCPTool],
        run_context: RunContextWrapper[Any] | None,
        agent: AgentBase[Any] | None,
    ) -> list[MCPTool]:
        tool_filter = self.tool_filter
        if isinstance(tool_filter, dict):
            allowed = tool_filter.get("allowed_tool_names")
            blocked = set(tool_filter.get("blocked_tool_names") or ())
            return [
                t for t in tools if (allowed is None or t.name in allowed) and t.name not in blocked
            ]
        if not callable(tool_filter):
            raise UserError(
                f"tool_filter of MCP server {self.name!r} must be a dict (see "
                f"create_static_tool_filter) or a function, got {type(tool_filter).__name__}"
            )
        if run_context is None or agent is None:
            raise UserError("run_context and agent are required for dynamic tool filtering")
        context = ToolFilterContext(run_context=run_context, agent=agent, server_name=self.name)
        kept: list[MCPTool] = []
        for tool in tools:
            try:
                verdict = await maybe_await(tool_filter(context, tool))
            except Exception:
                logger.exception("Tool filter of MCP server %s failed on %s", self.name, tool.name)
                continue
            if verdict:
                kept.append(tool)
        return kept

    async def call_tool(
        self,
        tool_name: str,
        arguments: dict[str, Any] | None,
        meta: dict[str, Any] | None = None,
    ) -> CallToolResult:
        self._live_runner()
        self._check_required(tool_name, arguments)
        result: CallToolResult = await self._with_retries(
            lambda: self._request(lambda c: c.call_tool(tool_name, arguments, meta=meta))
        )
        return result

    def _check_required(self, tool_name: str, arguments: dict[str, Any] | None) -> None:
        """Missing required arguments fail here, naming them, when the tools are known."""
        if self._tools_list is None:
            return
        tool = next((t for t in self._tools_list if t.name == tool_name), None)
        required = (tool.input_schema or {}).get("required") if tool is not None else None
        if not isinstance(required, list):
            return
        missing = sorted(n for n in required if isinstance(n, str) and n not in (arguments or {}))
        if missing:
            raise UserError(
                f"Failed to call tool {tool_name!r} on MCP server {self.name!r}: missing "
                f"required parameters: {', '.join(missing)}"
            )

    async def list_prompts(self) -> ListPromptsResult:
        result: ListPromptsResult = await self._request(lambda c: c.list_prompts())
        return result

    async def get_prompt(
        self, name: str, arguments: dict[str, Any] | None = None
    ) -> GetPromptResult:
        result: GetPromptResult = await self._request(lambda c: c.get_prompt(name, arguments))
        return result

    async def list_resources(self, cursor: str | None = None) -> ListResourcesResult:
        result: ListResourcesResult = await self._request(lambda c: c.list_resources(cursor=cursor))
        return result

    async def list_resource_templates(
        self, cursor: str | None = None
    ) -> ListResourceTemplatesResult:
        result: ListResourceTemplatesResult = await self._request(
            lambda c: c.list_resource_templates(cursor=cursor)
        )
        return result

    async def read_resource(self, uri: str) -> ReadResourceResult:
        result: ReadResourceResult = await self._request(lambda c: c.read_resource(uri))
        return result
