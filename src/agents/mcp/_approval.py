"""A local MCP server's `require_approval` setting, read once into a policy per tool.

Accepted forms, as the reference SDK takes them: None / "never" / False (no tool waits),
"always" / True (every tool waits), `{"always": {"tool_names": [...]}, "never": {...}}`,
`{tool_name: "always" | "never" | bool}`, or a function (context, agent, MCP tool) -> bool.
Tools a mapping does not name do not wait. A malformed setting is a UserError when the
server is built, not a surprise at the first call.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

from agents.exceptions import UserError
from agents.run_context import RunContextWrapper

if TYPE_CHECKING:
    from mcp.types import Tool as MCPTool

    from agents.agent import Agent

Policy: TypeAlias = "bool | dict[str, bool] | Callable[..., Any]"


def _flag(value: object, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if value == "always":
        return True
    if value == "never":
        return False
    raise UserError(f"require_approval{where} must be 'always' or 'never', got {value!r}")


def _names(entry: object, key: str) -> list[str]:
    names = entry.get("tool_names", []) if isinstance(entry, dict) else None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise UserError(
            f"require_approval[{key!r}] must be {{'tool_names': [names...]}}, got {entry!r}"
        )
    return names


def read_policy(require_approval: object) -> Policy:
    """The setting as True/False, a name -> bool map, or the user's function."""
    if require_approval is None:
        return False
    if callable(require_approval):
        return require_approval
    if not isinstance(require_approval, dict):
        return _flag(require_approval, "")
    lists = {k: v for k, v in require_approval.items() if k in ("always", "never")}
    if lists and any(isinstance(v, dict) for v in lists.values()):
        extra = sorted(set(require_approval) - {"always", "never"})
        if extra:
            raise UserError(f"require_approval has unexpected keys {extra}; use always/never")
        always = _names(require_approval.get("always", {}), "always")
        never = _names(require_approval.get("never", {}), "never")
        both = sorted(set(always) & set(never))
        if both:
            raise UserError(f"require_approval names {both} under both always and never")
        return {**dict.fromkeys(never, False), **dict.fromkeys(always, True)}
    return {str(name): _flag(value, f"[{name!r}]") for name, value in require_approval.items()}


def may_require(policy: Policy) -> bool:
    """Whether any call could wait for approval under this policy."""
    if isinstance(policy, dict):
        return any(policy.values())
    return bool(policy)


def needs_approval_for(
    policy: Policy, tool: MCPTool, agent: Agent[Any] | None
) -> bool | Callable[[RunContextWrapper[Any], dict[str, Any], str], Any]:
    """The FunctionTool.needs_approval value for one MCP tool.

    A policy function without an agent to give it fails closed: the call waits.
    """
    if isinstance(policy, dict):
        return policy.get(tool.name, False)
    if not callable(policy) or isinstance(policy, bool):
        return bool(policy)
    if agent is None:
        return True
    decide = policy

    async def needs_approval(
        context: RunContextWrapper[Any], arguments: dict[str, Any], call_id: str
    ) -> bool:
        verdict = decide(context, agent, tool)
        if inspect.isawaitable(verdict):
            verdict = await verdict
        return bool(verdict)

    return needs_approval
