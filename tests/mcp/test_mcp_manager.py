"""MCPServerManager against live servers and one that cannot start; and a lean import."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from agents import UserError
from agents.mcp import MCPServerManager
from agents.mcp import MCPServerStdio
from tests.mcp.conftest import SERVER_SCRIPT
from tests.mcp.conftest import HttpServer
from tests.mcp.conftest import make_server


def broken() -> MCPServerStdio:
    return MCPServerStdio(
        {"command": sys.executable, "args": ["-c", "raise SystemExit(1)"]}, name="broken"
    )


@pytest.mark.parametrize("parallel", [False, True])
async def test_drops_failed_servers_and_reconnects(
    http_server: HttpServer, sse_server: HttpServer, parallel: bool
) -> None:
    good = make_server("http", None, http_server, name="good")
    other = make_server("sse", sse_server, None, name="other")
    bad = broken()
    async with MCPServerManager([good, bad, other], connect_in_parallel=parallel) as manager:
        assert manager.active_servers == [good, other]
        assert manager.failed_servers == [bad]
        assert set(manager.errors) == {bad}
        assert manager.all_servers == [good, bad, other]
        assert [t.name for t in await good.list_tools()][:2] == ["add", "echo"]
        bad.params["args"] = [str(SERVER_SCRIPT), "stdio"]  # the server is fixed
        active = await manager.reconnect()
        assert active == [good, bad, other]
        assert manager.failed_servers == [] and manager.errors == {}
        assert (await bad.call_tool("add", {"a": 1, "b": 2})).content[0].text == "3"
    with pytest.raises(UserError, match="not connected"):
        await good.list_tools()


async def test_strict_raises_and_keep_failed(http_server: HttpServer) -> None:
    good = make_server("http", None, http_server, name="good")
    with pytest.raises(Exception):  # noqa: B017 - whatever the stdio transport reports
        await MCPServerManager([good, broken()], strict=True).connect_all()
    with pytest.raises(UserError, match="not connected"):
        await good.list_tools()  # strict cleaned up the one that had connected
    bad = broken()
    manager = MCPServerManager([good, bad], drop_failed_servers=False)
    try:
        assert await manager.connect_all() == [good, bad]
        assert manager.failed_servers == [bad]
    finally:
        await manager.cleanup_all()


def test_timeouts_are_checked() -> None:
    with pytest.raises(UserError, match="connect_timeout_seconds"):
        MCPServerManager([], connect_timeout_seconds=0)
    manager = MCPServerManager([], cleanup_timeout_seconds=None)
    assert manager.connect_timeout_seconds == 10.0
    assert manager.cleanup_timeout_seconds is None


def test_import_agents_does_not_import_mcp() -> None:
    code = (
        "import sys, agents, agents.mcp; "
        "from agents import Agent; Agent(name='a', mcp_servers=[]); "
        "assert not any(m == 'mcp' or m.startswith('mcp.') for m in sys.modules), 'mcp loaded'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


async def test_connect_timeout_is_bounded() -> None:
    silent = MCPServerStdio(
        {"command": sys.executable, "args": ["-c", "import time; time.sleep(30)"]},
        name="silent",
        client_session_timeout_seconds=30,
    )
    started = time.monotonic()
    async with MCPServerManager([silent], connect_timeout_seconds=0.5) as manager:
        assert manager.failed_servers == [silent]
        assert isinstance(manager.errors[silent], TimeoutError)
    assert time.monotonic() - started < 5
