"""MCP servers an agent uses: stdio subprocesses, SSE and streamable-HTTP endpoints.

Each server owns one `mcp.Client` that lives in a background task from `connect()` to
`cleanup()`. The `mcp` package runs its transports in anyio task groups, which must be
entered and left by the same task; holding them in a task of their own lets `connect()` and
`cleanup()` be called from different tasks (a streamed run, a manager) without tripping
anyio's cancel-scope checks, and lets a crashed transport end that task instead of the
caller's.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import inspect
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypeVar

from typing_extensions import NotRequired, TypedDict

from agents.exceptions import UserError
from agents.mcp._client import ClientRunner
from agents.mcp.util import (
    HttpClientFactory,
    MCPToolCustomDataExtractor,
    MCPToolMetaResolver,
    ToolFilter,
    ToolFilterContext,
)
from agents.run_context import RunContextWrapper
from agents.tool import ToolErrorFunction

if TYPE_CHECKING:
    from mcp.client.session import ClientSession, MessageHandlerFnT
    from mcp.types import (
        CallToolResult,
        GetPromptResult,
        ListPromptsResult,
        ListResourcesResult,
        ListResourceTemplatesResult,
        ListToolsResult,
        ReadResourceResult,
    )
    from mcp.types import Tool as MCPTool

    from agents.agent import Agent
else:
    MessageHandlerFnT = Any

logger = logging.getLogger("openai.agents")
T = TypeVar("T")


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
    [RunContextWrapper[Any], "Agent[Any]", "MCPTool"], "bool | Awaitable[bool]"
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
        _refuse_unsupported(require_approval, tool_input_guardrails, tool_output_guardrails)

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
        agent: Agent[Any] | None = None,
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

    def _failure_error_function_for(
        self, agent_default: ToolErrorFunction | None
    ) -> ToolErrorFunction | None:
        """The server's failure function when it set one (None included), else the agent's."""
        if isinstance(self.failure_error_function, _UnsetType):
            return agent_default
        return self.failure_error_function


def _refuse_unsupported(
    require_approval: Any, input_guardrails: Any, output_guardrails: Any
) -> None:
    """Settings that would change what a tool call may do are refused rather than ignored:
    running a tool that was meant to wait for approval is worse than not starting."""
    if require_approval not in (None, "never", False) and require_approval != {}:
        raise UserError(
            "require_approval on a local MCP server is not supported by freeagents yet; its "
            "tools would run without asking. Wrap the tools you want approved as function "
            "tools, or leave require_approval unset."
        )
    if input_guardrails or output_guardrails:
        raise UserError(
            "tool_input_guardrails / tool_output_guardrails on MCP servers are not supported "
            "by freeagents yet; leave them unset."
        )


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
        await runner.start()
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
        agent: Agent[Any] | None = None,
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
        agent: Agent[Any] | None,
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
                "create_static_tool_filter) or a function, got {type(tool_filter).__name__}"
            )
        if run_context is None or agent is None:
            raise UserError("run_context and agent are required for dynamic tool filtering")
        context = ToolFilterContext(run_context=run_context, agent=agent, server_name=self.name)
        kept: list[MCPTool] = []
        for tool in tools:
            try:
                verdict = tool_filter(context, tool)
                if inspect.isawaitable(verdict):
                    verdict = await verdict
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


class MCPServerStdioParams(TypedDict):
    """How to start a stdio server."""

    command: str
    """The executable, e.g. `python` or `npx`."""
    args: NotRequired[list[str]]
    env: NotRequired[dict[str, str]]
    """The server's environment (default: a few safe variables of ours, as `mcp` chooses)."""
    cwd: NotRequired[str | Path]
    encoding: NotRequired[str]
    """Text encoding of the pipes (default utf-8)."""
    encoding_error_handler: NotRequired[Literal["strict", "ignore", "replace"]]


class MCPServerStdio(_MCPServerWithClientSession):
    """A server started as a subprocess, spoken to over its stdin and stdout."""

    def __init__(
        self,
        params: MCPServerStdioParams,
        cache_tools_list: bool = False,
        name: str | None = None,
        client_session_timeout_seconds: float | None = 5,
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
        if not isinstance(params, dict) or not params.get("command"):
            raise UserError("MCPServerStdio needs params with a 'command', e.g. {'command': 'npx'}")
        self.params = params
        self._name = name or f"stdio: {params['command']}"
        super().__init__(
            cache_tools_list,
            client_session_timeout_seconds,
            tool_filter,
            use_structured_content,
            max_retry_attempts,
            retry_backoff_seconds_base,
            message_handler,
            require_approval,
            failure_error_function,
            tool_meta_resolver,
            custom_data_extractor,
            retry_backoff_seconds_max,
            tool_input_guardrails=tool_input_guardrails,
            tool_output_guardrails=tool_output_guardrails,
            max_list_pages=max_list_pages,
        )

    @property
    def name(self) -> str:
        return self._name

    def create_streams(self) -> contextlib.AbstractAsyncContextManager[Any]:
        from mcp.client.stdio import StdioServerParameters, stdio_client

        params = self.params
        cwd = params.get("cwd")
        server = StdioServerParameters(
            command=params["command"],
            args=list(params.get("args", [])),
            env=params.get("env"),
            cwd=str(cwd) if cwd is not None else None,
            encoding=params.get("encoding", "utf-8"),
            encoding_error_handler=params.get("encoding_error_handler", "strict"),
        )
        return stdio_client(server)


class MCPServerSseParams(TypedDict):
    """Where an SSE server is and how to reach it."""

    url: str
    headers: NotRequired[dict[str, str]]
    timeout: NotRequired[float]
    """Seconds for each HTTP request (default 5)."""
    sse_read_timeout: NotRequired[float]
    """Seconds the event stream may stay silent (default 300)."""
    auth: NotRequired[Any]
    """An `httpx2.Auth` for every request."""
    httpx_client_factory: NotRequired[HttpClientFactory]


class MCPServerSse(_MCPServerWithClientSession):
    """A server reached over HTTP with Server-Sent Events (the older MCP HTTP transport)."""

    def __init__(
        self,
        params: MCPServerSseParams,
        cache_tools_list: bool = False,
        name: str | None = None,
        client_session_timeout_seconds: float | None = 5,
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
        _check_url(params, "MCPServerSse")
        self.params = params
        self._name = name or f"sse: {params['url']}"
        super().__init__(
            cache_tools_list,
            client_session_timeout_seconds,
            tool_filter,
            use_structured_content,
            max_retry_attempts,
            retry_backoff_seconds_base,
            message_handler,
            require_approval,
            failure_error_function,
            tool_meta_resolver,
            custom_data_extractor,
            retry_backoff_seconds_max,
            tool_input_guardrails=tool_input_guardrails,
            tool_output_guardrails=tool_output_guardrails,
            max_list_pages=max_list_pages,
        )

    @property
    def name(self) -> str:
        return self._name

    def create_streams(self) -> contextlib.AbstractAsyncContextManager[Any]:
        from mcp.client.sse import sse_client

        params = self.params
        kwargs: dict[str, Any] = {
            "headers": params.get("headers"),
            "timeout": params.get("timeout", 5),
            "sse_read_timeout": params.get("sse_read_timeout", 300),
            "auth": params.get("auth"),
        }
        if params.get("httpx_client_factory") is not None:
            kwargs["httpx_client_factory"] = params["httpx_client_factory"]
        return sse_client(params["url"], **kwargs)


class MCPServerStreamableHttpParams(TypedDict):
    """Where a streamable-HTTP server is and how to reach it."""

    url: str
    headers: NotRequired[dict[str, str]]
    timeout: NotRequired[timedelta | float]
    """Seconds for each HTTP request (default 5)."""
    sse_read_timeout: NotRequired[timedelta | float]
    """Seconds a streamed answer may stay silent (default 300)."""
    terminate_on_close: NotRequired[bool]
    """Send DELETE to end the session on cleanup (default True)."""
    httpx_client_factory: NotRequired[HttpClientFactory]
    auth: NotRequired[Any]
    ignore_initialized_notification_failure: NotRequired[bool]


class MCPServerStreamableHttp(_MCPServerWithClientSession):
    """A server reached over MCP's streamable-HTTP transport."""

    def __init__(
        self,
        params: MCPServerStreamableHttpParams,
        cache_tools_list: bool = False,
        name: str | None = None,
        client_session_timeout_seconds: float | None = 5,
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
        _check_url(params, "MCPServerStreamableHttp")
        self.params = params
        self._name = name or f"streamable_http: {params['url']}"
        self._session_id: str | None = None
        super().__init__(
            cache_tools_list,
            client_session_timeout_seconds,
            tool_filter,
            use_structured_content,
            max_retry_attempts,
            retry_backoff_seconds_base,
            message_handler,
            require_approval,
            failure_error_function,
            tool_meta_resolver,
            custom_data_extractor,
            retry_backoff_seconds_max,
            tool_input_guardrails=tool_input_guardrails,
            tool_output_guardrails=tool_output_guardrails,
            max_list_pages=max_list_pages,
        )

    @property
    def name(self) -> str:
        return self._name

    @property
    def session_id(self) -> str | None:
        """The `mcp-session-id` the server assigned, once connected."""
        return self._session_id

    def create_streams(self) -> contextlib.AbstractAsyncContextManager[Any]:
        return self._streams()

    @contextlib.asynccontextmanager
    async def _streams(self) -> AsyncIterator[Any]:
        import httpx2
        from mcp.client.streamable_http import streamable_http_client

        params = self.params
        timeout = _seconds(params.get("timeout", 5))
        read = _seconds(params.get("sse_read_timeout", 300))
        factory = params.get("httpx_client_factory")
        httpx_timeout = httpx2.Timeout(timeout, read=read)
        headers, auth = params.get("headers"), params.get("auth")
        if factory is not None:
            http = factory(headers=headers, timeout=httpx_timeout, auth=auth)
        else:
            http = httpx2.AsyncClient(headers=headers, timeout=httpx_timeout, auth=auth)

        async def remember_session(response: Any) -> None:
            session_id = response.headers.get("mcp-session-id")
            if session_id:
                self._session_id = session_id

        http.event_hooks.setdefault("response", []).append(remember_session)
        async with (
            http,
            streamable_http_client(
                params["url"],
                http_client=http,
                terminate_on_close=params.get("terminate_on_close", True),
            ) as streams,
        ):
            yield streams


def _seconds(value: timedelta | float) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _check_url(params: Any, cls_name: str) -> None:
    if not isinstance(params, dict) or not isinstance(params.get("url"), str):
        raise UserError(
            f"{cls_name} needs params with a 'url', e.g. {{'url': 'http://127.0.0.1:8000/mcp'}}"
        )


__all__ = [
    "LocalMCPApprovalCallable",
    "MCPServer",
    "MCPServerSse",
    "MCPServerSseParams",
    "MCPServerStdio",
    "MCPServerStdioParams",
    "MCPServerStreamableHttp",
    "MCPServerStreamableHttpParams",
    "RequireApprovalObject",
    "RequireApprovalToolList",
]
