"""`require_approval` of a local MCP server, as the `needs_approval` of each of its tools.

An MCP tool reaches the run as a FunctionTool, so its calls go through the run's one
approval gate (`agents._run.approvals`) like any function tool's: a call that needs approval
stops the run with an interruption, and `RunState.approve` / `reject` decide it.

The setting takes the reference's forms: None / "never" / False (never ask), "always" / True
(always), `{"always": {"tool_names": [...]}, "never": {"tool_names": [...]}}`, a mapping of
tool name -> "always" / "never" / bool, or a function `(context, agent, tool) -> bool` (sync
or async) deciding per call.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from typing import Any

from agents.exceptions import UserError
from agents.util._await import maybe_await

Policy = bool | dict[str, bool] | Callable[..., Any]


def approval_policy(setting: Any) -> Policy:
    """The setting checked and normalised (a bad one is a UserError when the server is made)."""
    if setting is None:
        return False
    if isinstance(setting, bool):
        return setting
    if isinstance(setting, str):
        return _word(setting, "require_approval")
    if callable(setting):
        function: Callable[..., Any] = setting
        return function
    if not isinstance(setting, Mapping):
        raise UserError(
            f"require_approval must be 'always', 'never', a bool, a mapping or a function, got "
            f"{type(setting).__name__}"
        )
    if any(isinstance(setting.get(k), Mapping) for k in ("always", "never")):
        extra = sorted(set(setting) - {"always", "never"})
        if extra:
            raise UserError(f"require_approval has unexpected keys {extra}: use always / never")
        names = {k: _names(setting.get(k, {}), k) for k in ("always", "never")}
        both = sorted(set(names["always"]) & set(names["never"]))
        if both:
            raise UserError(f"require_approval lists {both} under both always and never")
        return {**dict.fromkeys(names["never"], False), **dict.fromkeys(names["always"], True)}
    return {
        str(name): value if isinstance(value, bool) else _word(value, f"require_approval[{name!r}]")
        for name, value in setting.items()
    }


def needs_approval_for(policy: Policy, tool: Any, agent: Any) -> bool | Callable[..., Any]:
    """The FunctionTool.needs_approval of one MCP tool under `policy`."""
    if isinstance(policy, dict):
        return policy.get(tool.name, False)
    if isinstance(policy, bool):
        return policy
    if agent is None:
        return True  # a policy function needs the agent: without one, ask

    async def decide(context: Any, _arguments: Any, _call_id: str) -> bool:
        answer = await maybe_await(policy(context, agent, tool))
        return bool(answer)

    return decide


def _word(value: Any, where: str) -> bool:
    if value == "always":
        return True
    if value == "never":
        return False
    raise UserError(f"{where} must be 'always' or 'never', got {value!r}")


def _names(entry: Any, key: str) -> list[str]:
    names = entry.get("tool_names", []) if isinstance(entry, Mapping) else None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise UserError(f"require_approval.{key}.tool_names must be a list of tool names")
    return list(names)
