"""One `mcp.Client` kept alive in a background task, and requests raced against its death.

A request to a server whose transport has ended (a stdio process that exited, an HTTP
server gone away) must fail promptly rather than wait out its read timeout, so every
request is awaited alongside the task that holds the connection: whichever ends first
decides.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from collections.abc import Callable
from typing import Any
from typing import TypeVar

from agents.exceptions import MCPToolCancellationError
from agents.exceptions import UserError

logger = logging.getLogger("openai.agents")
T = TypeVar("T")

_STOP_TIMEOUT_SECONDS = 5.0
_CONNECTION_CLOSED = -32000  # JSON-RPC code mcp uses when the transport has closed


def _leaf(error: BaseException) -> BaseException:
    """The first real error inside (possibly nested) exception groups from anyio."""
    inner = getattr(error, "exceptions", None)
    while isinstance(inner, tuple) and inner and isinstance(inner[0], BaseException):
        error = inner[0]
        inner = getattr(error, "exceptions", None)
    return error


def require_mcp() -> None:
    """A clear error, naming the fix, when the optional `mcp` package is missing."""
    try:
        import mcp  # noqa: F401
    except ImportError as exc:
        raise UserError(
            "MCP servers need the `mcp` package: pip install 'freeagents[mcp]'"
        ) from exc


class ClientRunner:
    """Owns the connection: opened, used and closed from one background task."""

    def __init__(
        self,
        make_transport: Callable[[], contextlib.AbstractAsyncContextManager[Any]],
        *,
        read_timeout_seconds: float | None,
        message_handler: Any,
        server_name: str,
    ) -> None:
        self._make_transport = make_transport
        self._read_timeout = read_timeout_seconds
        self._message_handler = message_handler
        self._server_name = server_name
        self._task: asyncio.Task[None] | None = None
        self._closing = asyncio.Event()
        self._client: Any = None
        self.error: BaseException | None = None
        """Why the connection ended, when it ended on its own."""

    @property
    def alive(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def client(self) -> Any:
        return self._client

    async def start(self) -> None:
        """Connect and initialise; raises what the connection failed with."""
        require_mcp()
        ready: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._task = asyncio.create_task(self._hold(ready), name=f"mcp: {self._server_name}")
        try:
            self._client = await asyncio.shield(ready)
        except BaseException:
            await self.stop()
            if ready.done() and not ready.cancelled():
                ready.exception()  # retrieved: no "exception never retrieved" at collection
            raise

    async def _hold(self, ready: asyncio.Future[Any]) -> None:
        from mcp import Client

        try:
            async with Client(
                self._make_transport(),
                read_timeout_seconds=self._read_timeout,
                message_handler=self._message_handler,
                cache=None,
            ) as client:
                ready.set_result(client)
                await self._closing.wait()
        except BaseException as exc:
            error = _leaf(exc)
            if not ready.done():
                if isinstance(error, Exception):
                    ready.set_exception(error)
                else:
                    ready.cancel()
            elif not self._closing.is_set():
                self.error = error
                logger.warning("MCP server %s: connection ended: %s", self._server_name, error)
            if isinstance(exc, asyncio.CancelledError):
                raise

    def checked_client(self) -> Any:
        """The client, or a UserError saying the connection is gone."""
        if not self.alive:
            raise self._lost()
        return self._client

    def _lost(self) -> UserError:
        reason = f": {self.error}" if self.error is not None else ""
        return UserError(
            f"MCP server {self._server_name!r}: connection lost{reason}. The server may have "
            "exited or stopped answering; reconnect it (cleanup() then connect())."
        )

    async def request(self, make: Callable[[], Awaitable[T]]) -> T:
        """Await a request, failing at once if the connection ends first."""
        task = self._task
        if task is None or task.done():
            raise self._lost()
        call = asyncio.ensure_future(make())
        try:
            await asyncio.wait({call, task}, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:
            call.cancel()
            with contextlib.suppress(BaseException):
                await call
            raise
        if call.done():
            if call.cancelled():
                raise MCPToolCancellationError(
                    f"MCP server {self._server_name!r}: the request was cancelled."
                )
            error = call.exception()
            if error is not None and getattr(error, "code", None) == _CONNECTION_CLOSED:
                self.error = error
                raise self._lost() from error
            return call.result()
        call.cancel()
        with contextlib.suppress(BaseException):
            await call
        raise self._lost()

    async def stop(self) -> None:
        """Close the session and transport; a stuck transport is cancelled after a while."""
        self._closing.set()
        task = self._task
        if task is None or task.done():
            return
        if self._client is None:
            # Still connecting (a timeout or a cancelled connect): nothing to close politely.
            task.cancel()
        try:
            await asyncio.wait_for(asyncio.shield(task), _STOP_TIMEOUT_SECONDS)
        except asyncio.TimeoutError:
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
        except BaseException as exc:
            logger.debug("MCP server %s closed with %s", self._server_name, exc)
