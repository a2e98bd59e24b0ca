"""Reading `require_approval` (no server needed)."""

from __future__ import annotations

from typing import Any

import pytest
from mcp.types import Tool as MCPTool

from agents import Agent, RunContextWrapper, UserError
from agents.mcp._approval import may_require, needs_approval_for, read_policy


def tool(name: str) -> MCPTool:
    return MCPTool(name=name, input_schema={"type": "object"})


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (None, False),
        ("never", False),
        (False, False),
        ("always", True),
        (True, True),
        (
            {"always": {"tool_names": ["rm"]}, "never": {"tool_names": ["ls"]}},
            {"ls": False, "rm": True},
        ),
        ({"rm": "always", "ls": False}, {"rm": True, "ls": False}),
        ({"never": {"tool_names": ["ls"]}}, {"ls": False}),
    ],
)
def test_forms(setting: Any, expected: Any) -> None:
    policy = read_policy(setting)
    assert policy == expected
    waits = expected is True or (isinstance(expected, dict) and any(expected.values()))
    assert may_require(policy) is waits


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("sometimes", "'always' or 'never'"),
        ({"always": {"tool_names": "rm"}}, "tool_names"),
        ({"always": {"tool_names": ["rm"]}, "never": {"tool_names": ["rm"]}}, "both"),
        ({"always": {"tool_names": ["rm"]}, "other": 1}, "unexpected keys"),
        ({"rm": "maybe"}, "'always' or 'never'"),
    ],
)
def test_bad_settings_are_user_errors(setting: Any, message: str) -> None:
    with pytest.raises(UserError, match=message):
        read_policy(setting)


async def test_per_tool_values_and_functions() -> None:
    assert needs_approval_for({"rm": True}, tool("rm"), None) is True
    assert needs_approval_for({"rm": True}, tool("ls"), None) is False
    seen: list[tuple[str, str]] = []

    async def only_rm(context: RunContextWrapper[Any], agent: Agent[Any], t: MCPTool) -> bool:
        seen.append((agent.name, t.name))
        return t.name == "rm"

    assert needs_approval_for(only_rm, tool("rm"), None) is True  # no agent: fail closed
    decide = needs_approval_for(only_rm, tool("rm"), Agent(name="a"))
    assert callable(decide)
    assert await decide(RunContextWrapper(context=None), {}, "call_1") is True
    assert seen == [("a", "rm")]
