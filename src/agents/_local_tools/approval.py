"""Local tools' `needs_approval` in the shape the run's approval gate reads.

The gate (agents._run.approvals) calls a function tool's policy with the call's parsed JSON
arguments; the reference's local tools take their own request type instead (a shell action,
a patch operation, the custom tool's text), so the policy is wrapped to build that first.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from agents.exceptions import UserError
from agents.run_context import RunContextWrapper


def approval_policy(
    tool: str, needs_approval: Any, on_approval: Any, request: Callable[[Any, dict[str, Any]], Any]
) -> Any:
    """`needs_approval` for the tool's FunctionTool: a bool as is, a function wrapped so it
    receives `request(context, arguments)`, as the reference calls it."""
    if on_approval is not None:
        raise UserError(
            f"{tool}(on_approval=...) is not supported by freeagents; calls that need approval "
            "stop the run (result.interruptions): approve or reject them on the RunState."
        )
    if isinstance(needs_approval, bool):
        return needs_approval
    if not callable(needs_approval):
        raise UserError(
            f"{tool}(needs_approval=...) must be a bool or a function "
            f"(context, request, call_id) -> bool, got {type(needs_approval).__name__}"
        )
    policy = needs_approval

    async def decide(
        context: RunContextWrapper[Any], arguments: dict[str, Any], call_id: str
    ) -> bool:
        verdict = policy(context, request(context, arguments), call_id)
        return bool(await verdict if inspect.isawaitable(verdict) else verdict)

    return decide
