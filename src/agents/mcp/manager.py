"""MCPServerManager: connect several servers, keep the ones that came up, reconnect later.

An agent with one unreachable server among five should usually still run with the other
four; the manager records each failure (`errors`) and offers only the live servers
(`active_servers`), unless `strict` asks for the first failure to be raised.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from typing import Any

from agents.exceptions import UserError
from agents.mcp.server import MCPServer

logger = logging.getLogger("openai.agents")


def _check_timeout(value: float | None, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise UserError(f"{field} must be a positive number of seconds or None, got {value!r}")
    return float(value)


async def _within(func: Callable[[], Awaitable[Any]], seconds: float | None) -> None:
    """Run `func` in this task (servers are connected and closed by the same task) with a
    deadline; `asyncio.wait_for` would run it in a new task on Python 3.10."""
    if seconds is None:
        await func()
        return
    within = getattr(asyncio, "timeout", None)  # Python 3.11+
    if within is not None:
        async with within(seconds):
            await func()
        return
    task = asyncio.current_task()
    assert task is not None
    timed_out = False

    def expire() -> None:
        nonlocal timed_out
        timed_out = True
        task.cancel()

    handle = asyncio.get_running_loop().call_later(seconds, expire)
    try:
        await func()
    except asyncio.CancelledError:
        if timed_out:
            raise TimeoutError(f"timed out after {seconds:g} s") from None
        raise
    finally:
        handle.cancel()


class MCPServerManager(AbstractAsyncContextManager["MCPServerManager"]):
    """Connects and cleans up a group of MCP servers; `async with` does both."""

    def __init__(
        self,
        servers: Iterable[MCPServer],
        *,
        connect_timeout_seconds: float | None = 10.0,
        cleanup_timeout_seconds: float | None = 10.0,
        drop_failed_servers: bool = True,
        strict: bool = False,
        suppress_cancelled_error: bool = True,
        connect_in_parallel: bool = False,
    ) -> None:
        self._all: list[MCPServer] = list(servers)
        self._connect_timeout = _check_timeout(connect_timeout_seconds, "connect_timeout_seconds")
        self._cleanup_timeout = _check_timeout(cleanup_timeout_seconds, "cleanup_timeout_seconds")
        self.drop_failed_servers = drop_failed_servers
        self.strict = strict
        self.suppress_cancelled_error = suppress_cancelled_error
        self.connect_in_parallel = connect_in_parallel
        self._connected: list[MCPServer] = []
        self._failed: list[MCPServer] = []
        self._errors: dict[MCPServer, BaseException] = {}

    @property
    def active_servers(self) -> list[MCPServer]:
        """The servers to give an agent: the connected ones (all of them when
        `drop_failed_servers` is False)."""
        if not self.drop_failed_servers:
            return list(self._all)
        return [s for s in self._all if s in self._connected]

    @property
    def all_servers(self) -> list[MCPServer]:
        return list(self._all)

    @property
    def failed_servers(self) -> list[MCPServer]:
        return list(self._failed)

    @property
    def errors(self) -> dict[MCPServer, BaseException]:
        """What each failed server failed with."""
        return dict(self._errors)

    @property
    def connect_timeout_seconds(self) -> float | None:
        return self._connect_timeout

    @property
    def cleanup_timeout_seconds(self) -> float | None:
        return self._cleanup_timeout

    async def __aenter__(self) -> MCPServerManager:
        await self.connect_all()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.cleanup_all()

    async def connect_all(self) -> list[MCPServer]:
        """Connect every server not yet connected; returns `active_servers`."""
        self._failed, self._errors = [], {}
        await self._connect([s for s in self._all if s not in self._connected])
        return self.active_servers

    async def reconnect(self, *, failed_only: bool = True) -> list[MCPServer]:
        """Try the failed servers again (or close and reopen all of them)."""
        if failed_only:
            retry = list(self._failed)
            for server in retry:
                await self._cleanup_one(server)
        else:
            await self.cleanup_all()
            retry = list(self._all)
        for server in retry:
            self._forget_failure(server)
        await self._connect(retry)
        return self.active_servers

    async def cleanup_all(self) -> None:
        """Close every connected server, last connected first; failures are logged."""
        for server in reversed(list(self._connected)):
            await self._cleanup_one(server)

    async def _connect(self, servers: list[MCPServer]) -> None:
        if self.connect_in_parallel and len(servers) > 1:
            # Each server's connection lives in its own background task (see server.py),
            # so connecting from sibling tasks is safe.
            outcomes = await asyncio.gather(
                *(self._attempt(s, raise_errors=False) for s in servers), return_exceptions=True
            )
            for outcome in outcomes:
                if isinstance(outcome, BaseException):
                    raise outcome
            if self.strict and self._failed:
                raise self._errors[self._failed[0]]
            return
        for server in servers:
            await self._attempt(server, raise_errors=self.strict)

    async def _attempt(self, server: MCPServer, *, raise_errors: bool) -> None:
        try:
            await _within(server.connect, self._connect_timeout)
        except asyncio.CancelledError as exc:
            self._record(server, exc)
            if not self.suppress_cancelled_error:
                raise
        except Exception as exc:
            self._record(server, exc)
            if raise_errors:
                await self.cleanup_all()
                raise
        else:
            if server not in self._connected:
                self._connected.append(server)

    def _record(self, server: MCPServer, error: BaseException) -> None:
        logger.warning("Failed to connect MCP server %s: %r", server.name, error)
        if server not in self._failed:
            self._failed.append(server)
        self._errors[server] = error

    def _forget_failure(self, server: MCPServer) -> None:
        if server in self._failed:
            self._failed.remove(server)
        self._errors.pop(server, None)

    async def _cleanup_one(self, server: MCPServer) -> None:
        try:
            await _within(server.cleanup, self._cleanup_timeout)
        except Exception as exc:
            logger.warning("Failed to clean up MCP server %s: %r", server.name, exc)
        finally:
            if server in self._connected:
                self._connected.remove(server)


__all__ = ["MCPServerManager"]
