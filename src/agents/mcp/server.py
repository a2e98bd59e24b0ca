"""MCP servers an agent uses: stdio subprocesses, SSE and streamable-HTTP endpoints.

Each server owns one `mcp.Client` that lives in a background task from `connect()` to
`cleanup()`. The `mcp` package runs its transports in anyio task groups, which must be
entered and left by the same task; holding them in a task of their own lets `connect()` and
`cleanup()` be called from different tasks (a streamed run, a manager) without tripping
anyio's cancel-scope checks, and lets a crashed transport end that task instead of the
caller's.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any
from typing import ClassVar
from typing import Generic
from typing import Literal
from typing import TypeVar

from typing_extensions import NotRequired
from typing_extensions import TypedDict

from agents.exceptions import UserError
from agents.mcp._base import _UNSET
from agents.mcp._base import LocalMCPApprovalCallable as LocalMCPApprovalCallable
from agents.mcp._base import MCPServer as MCPServer
from agents.mcp._base import RequireApprovalObject as RequireApprovalObject
from agents.mcp._base import RequireApprovalSetting
from agents.mcp._base import RequireApprovalToolList as RequireApprovalToolList
from agents.mcp._base import _UnsetType
from agents.mcp._session import _MCPServerWithClientSession
from agents.mcp.util import HttpClientFactory
from agents.mcp.util import MCPToolCustomDataExtractor
from agents.mcp.util import MCPToolMetaResolver
from agents.mcp.util import ToolFilter
from agents.tool import ToolErrorFunction

if TYPE_CHECKING:
    from mcp.client.session import MessageHandlerFnT

else:
    MessageHandlerFnT = Any


ParamsT = TypeVar("ParamsT", bound=Mapping[str, object])


class _TransportServer(_MCPServerWithClientSession, Generic[ParamsT]):
    """The constructor the three transports share: they differ only in their params, the
    key that names the server by default, and how they open their streams."""

    _name_prefix: ClassVar[str]
    _address_key: ClassVar[str] = "url"

    def __init__(
        self,
        params: ParamsT,
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
        self._check_params(params)
        self.params: ParamsT = params
        self._name = name or f"{self._name_prefix}: {params[self._address_key]}"
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

    @classmethod
    def _check_params(cls, params: object) -> None:
        if not isinstance(params, dict) or not isinstance(params.get("url"), str):
            raise UserError(
                f"{cls.__name__} needs params with a 'url', "
                "e.g. {'url': 'http://127.0.0.1:8000/mcp'}"
            )


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


class MCPServerStdio(_TransportServer[MCPServerStdioParams]):
    """A server started as a subprocess, spoken to over its stdin and stdout."""

    _name_prefix = "stdio"
    _address_key = "command"

    @classmethod
    def _check_params(cls, params: object) -> None:
        if not isinstance(params, dict) or not params.get("command"):
            raise UserError("MCPServerStdio needs params with a 'command', e.g. {'command': 'npx'}")

    def create_streams(self) -> contextlib.AbstractAsyncContextManager[Any]:
        from mcp.client.stdio import StdioServerParameters
        from mcp.client.stdio import stdio_client

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


class MCPServerSse(_TransportServer[MCPServerSseParams]):
    """A server reached over HTTP with Server-Sent Events (the older MCP HTTP transport)."""

    _name_prefix = "sse"

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


class MCPServerStreamableHttp(_TransportServer[MCPServerStreamableHttpParams]):
    """A server reached over MCP's streamable-HTTP transport."""

    _name_prefix = "streamable_http"
    _session_id: str | None = None

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
