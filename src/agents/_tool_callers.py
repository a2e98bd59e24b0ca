"""`allowed_callers` of a tool: who may call it on OpenAI's Responses API.

"direct" is the model itself; "programmatic" is model-written code run by OpenAI's
programmatic tool calling, which freeagents' run loop does not answer (see
tests/compat/not_provided.py, ProgrammaticToolCallingTool). A tool only code may call could
therefore never run here: it is refused where it is made, not after a request.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from agents._tool_origin import ToolCaller
from agents.exceptions import FeatureNotImplementedError
from agents.exceptions import UserError
from agents.strict_schema import ensure_strict_json_schema

_CALLERS = ("direct", "programmatic")


def check_allowed_callers(value: Any, tool_name: str) -> list[ToolCaller] | None:
    """`value` checked and copied (a list the caller keeps may change later)."""
    if value is None:
        return None
    if not isinstance(value, list | tuple) or not value:
        raise UserError(
            f"Tool {tool_name!r}: allowed_callers must be a non-empty list of 'direct' and/or "
            f"'programmatic', got {value!r}"
        )
    callers: list[ToolCaller] = []
    for caller in value:
        if caller not in _CALLERS:
            raise UserError(
                f"Tool {tool_name!r}: allowed_callers has {caller!r}; the callers are "
                "'direct' and 'programmatic'"
            )
        if caller in callers:
            raise UserError(f"Tool {tool_name!r}: allowed_callers lists {caller!r} twice")
        callers.append(caller)
    if "direct" not in callers:
        raise FeatureNotImplementedError(
            f"Tool {tool_name!r} allows only programmatic callers, which need OpenAI's "
            "programmatic tool calling (ProgrammaticToolCallingTool); freeagents does not run "
            "it yet. Add 'direct' to allowed_callers so the model can call the tool itself."
        )
    return callers


def output_schema_of(output_type: Any) -> dict[str, Any]:
    """The strict object schema a tool's `output_type` declares (`function_tool`)."""
    try:
        schema = TypeAdapter(output_type).json_schema(mode="serialization")
    except Exception as err:  # pydantic raises several kinds for a type it cannot describe
        raise UserError(
            f"function_tool output_type {output_type!r} has no JSON schema: use a Pydantic "
            "model, TypedDict or dataclass, or pass output_json_schema"
        ) from err
    if schema.get("type") != "object":
        raise UserError(
            f"function_tool output_type {output_type!r} must describe a JSON object (a Pydantic "
            "model, TypedDict or dataclass), or pass output_json_schema"
        )
    return ensure_strict_json_schema(schema)
