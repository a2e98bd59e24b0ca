"""Item 13: a schema from an untrusted source (an MCP server's tool list, a hand-written tool)
cannot hang or crash the process through strict conversion.

A `$ref` expansion bomb and very deep nesting end in a UserError naming the problem within a
second or so of CPU, never a RecursionError or minutes of work; the MCP route sends
every advertised schema through that bounded path.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from agents import Agent
from agents import FunctionTool
from agents import RunContextWrapper
from agents import UserError
from agents.strict_schema import MAX_SCHEMA_DEPTH
from agents.strict_schema import ensure_strict_json_schema

from .hostile_mcp_server import FINE
from .hostile_mcp_server import OPEN_MAP
from .hostile_mcp_server import SCHEMAS
from .hostile_mcp_server import nested
from .hostile_mcp_server import ref_bomb

CPU_LIMIT = 5.0
"""CPU seconds a refusal may take. A refusal takes about 0.3 s, and about 1.5 s under CI's
coverage tracing. The unbounded conversion ran for minutes on the bomb (its work doubles with
each rung) and overflowed the stack on the deep schema, so this limit still tells them apart."""


@contextmanager
def quick() -> Iterator[None]:
    start = time.process_time()
    yield
    assert time.process_time() - start < CPU_LIMIT


def chained_refs(length: int) -> dict[str, Any]:
    defs: dict[str, Any] = {f"L{i}": {"$ref": f"#/$defs/L{i + 1}"} for i in range(length)}
    defs[f"L{length}"] = {"type": "string"}
    return {
        "$defs": defs,
        "type": "object",
        "properties": {"value": {"$ref": "#/$defs/L0", "description": "value"}},
    }


def deep_list() -> dict[str, Any]:
    value: list[Any] = [1]
    for _ in range(10_000):
        value = [value]
    return {"type": "object", "properties": {"x": {"enum": value}}}


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda: nested(10_000), "too deeply nested"),
        (lambda: nested(MAX_SCHEMA_DEPTH), "too deeply nested"),
        (deep_list, "too deeply nested"),
        (lambda: chained_refs(1_000), "too deeply nested"),
        (lambda: ref_bomb(30), "too large"),
        (lambda: ref_bomb(60), "too (large|deeply nested)"),
    ],
    ids=["10000-levels", "just-past-the-bound", "deep-enum", "ref-chain", "bomb-30", "bomb-60"],
)
def test_hostile_schemas_are_refused_quickly(
    make: Callable[[], dict[str, Any]], problem: str
) -> None:
    schema = make()
    with quick(), pytest.raises(UserError, match=problem):
        ensure_strict_json_schema(schema)


def test_reasonable_nesting_still_converts() -> None:
    result = ensure_strict_json_schema(nested(20))
    node = result
    for _ in range(20):
        assert node["additionalProperties"] is False and node["required"] == ["x"]
        node = node["properties"]["x"]
    assert node == {"type": "string"}


def test_hand_written_function_tool_with_hostile_schema_fails_at_construction() -> None:
    async def invoke(ctx: Any, raw: str) -> str:
        return raw

    for schema, problem in ((nested(10_000), "too deeply nested"), (ref_bomb(), "too large")):
        with quick(), pytest.raises(UserError, match=problem):
            FunctionTool(name="t", description="", params_json_schema=schema, on_invoke_tool=invoke)
    # Non-strict, the schema is the user's own business, as in the reference.
    tool = FunctionTool(
        name="t",
        description="",
        params_json_schema=ref_bomb(),
        on_invoke_tool=invoke,
        strict_json_schema=False,
    )
    assert tool.params_json_schema == ref_bomb()


def test_hand_written_function_tool_schema_is_made_strict() -> None:
    async def invoke(ctx: Any, raw: str) -> str:
        return raw

    tool = FunctionTool(name="t", description="", params_json_schema=FINE, on_invoke_tool=invoke)
    assert tool.params_json_schema == {**FINE, "additionalProperties": False}
    with pytest.raises(UserError, match="additionalProperties"):
        FunctionTool(name="t", description="", params_json_schema=OPEN_MAP, on_invoke_tool=invoke)


@dataclass
class Hostile:
    server: Any
    tools: dict[str, Any]
    listing_error: BaseException | None
    listing_cpu: float


@pytest.fixture(scope="module")
def hostile() -> Hostile:
    """The hostile server's advertised tools, listed once over stdio by the real client, and
    what an agent's own tool listing (what a run does each turn) made of them."""
    pytest.importorskip("mcp")
    from agents.mcp import MCPServerStdio

    script = Path(__file__).with_name("hostile_mcp_server.py")
    server = MCPServerStdio({"command": sys.executable, "args": [str(script)]}, name="hostile")
    config: Any = {"convert_schemas_to_strict": True}
    agent = Agent(name="a", mcp_servers=[server], mcp_config=config)

    async def visit() -> Hostile:
        async with server:
            tools = {tool.name: tool for tool in await server.list_tools()}
            start = time.process_time()
            try:
                await agent.get_all_tools(RunContextWrapper(context=None))
            except BaseException as exc:
                return Hostile(server, tools, exc, time.process_time() - start)
            return Hostile(server, tools, None, time.process_time() - start)

    return asyncio.run(visit())


def test_agent_listing_a_hostile_server_fails_fast_with_a_user_error(hostile: Hostile) -> None:
    assert isinstance(hostile.listing_error, UserError)
    assert "'deep'" in str(hostile.listing_error)
    assert "too deeply nested" in str(hostile.listing_error)
    assert hostile.listing_cpu < CPU_LIMIT


@pytest.mark.parametrize("strict", [True, False])
def test_mcp_tool_nested_too_deep_is_a_user_error_naming_server_and_tool(
    hostile: Hostile, strict: bool
) -> None:
    from agents.mcp import MCPUtil

    server, tools = hostile.server, hostile.tools
    with quick(), pytest.raises(UserError, match=r"'hostile'.*'deep'.*too deeply nested"):
        MCPUtil.to_function_tool(tools["deep"], server, strict)


def test_mcp_tool_schemas_go_through_the_bounded_path(
    hostile: Hostile,
) -> None:
    """A bomb and an open map stay non-strict (sent as advertised); a fine one turns strict."""
    from agents.mcp import MCPUtil

    server, tools = hostile.server, hostile.tools
    with quick():
        bomb = MCPUtil.to_function_tool(tools["bomb"], server, True)
        open_map = MCPUtil.to_function_tool(tools["open_map"], server, True)
        fine = MCPUtil.to_function_tool(tools["fine"], server, True)
    assert (bomb.strict_json_schema, bomb.params_json_schema) == (False, SCHEMAS["bomb"])
    assert (open_map.strict_json_schema, open_map.params_json_schema) == (False, OPEN_MAP)
    assert fine.strict_json_schema is True
    assert fine.params_json_schema == {**FINE, "additionalProperties": False}
