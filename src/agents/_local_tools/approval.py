"""Local tools' `needs_approval` and `on_approval` in the shape the run's approval gate reads.

The gate (agents._run.approvals) calls a policy with (context, what the call asks for, call id).
On OpenAI's Responses API the call arrives as the tool's own item, so the tool's request type
(a shell action, a patch operation, the custom tool's text) is built from it directly; as a
function tool the call carries JSON arguments, so the policy is wrapped to build that request
first. Either way the user's function sees the same type, as the reference passes it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from agents.exceptions import UserError
from agents.run_context import RunContextWrapper


def check_approval_settings(tool: str, needs_approval: Any, on_approval: Any) -> None:
    """A UserError naming the field when either setting has the wrong type."""
    if not isinstance(needs_approval, bool) and not callable(needs_approval):
        raise UserError(
            f"{tool}(needs_approval=...) must be a bool or a function "
            f"(context, request, call_id) -> bool, got {type(needs_approval).__name__}"
        )
    if on_approval is not None and not callable(on_approval):
        raise UserError(
            f"{tool}(on_approval=...) must be a function (context, approval_item) -> "
            f"{{'approve': bool, 'reason': str}}, got {type(on_approval).__name__}"
        )


def approval_policy(
    tool: str,
    needs_approval: Any,
    on_approval: Any,
    request: Callable[[Any, dict[str, Any], str], Any],
) -> Any:
    """`needs_approval` for the tool's FunctionTool: a bool as is, a function wrapped so it
    receives `request(context, arguments, call_id)`, as the reference calls it."""
    check_approval_settings(tool, needs_approval, on_approval)
    if isinstance(needs_approval, bool):
        return needs_approval
    policy = needs_approval

    async def decide(
        context: RunContextWrapper[Any], arguments: dict[str, Any], call_id: str
    ) -> bool:
        verdict = policy(context, request(context, arguments, call_id), call_id)
        return bool(await verdict if inspect.isawaitable(verdict) else verdict)

    return decide
