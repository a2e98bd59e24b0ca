"""The input an agent run as a tool (`Agent.as_tool`) receives from the model's arguments.

By default the tool takes one string, `{"input": ...}`, and the sub-agent gets that string.
With `parameters=` (a dataclass or pydantic model) the model fills in a structured object; the
sub-agent then gets a message holding that data as JSON, and a short description of its fields
(or the whole JSON schema, `include_input_schema=True`), unless an `input_builder` makes the
input itself (a string, or a list of input items).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from typing import TypeAlias
from typing import TypedDict

from pydantic import BaseModel

from agents.items import TResponseInputItem

__all__ = [
    "STRUCTURED_INPUT_PREAMBLE",
    "AgentAsToolInput",
    "StructuredInputSchemaInfo",
    "StructuredToolInputBuilder",
    "StructuredToolInputBuilderOptions",
    "StructuredToolInputResult",
    "build_structured_input_schema_info",
    "default_tool_input_builder",
    "is_agent_tool_input",
    "resolve_agent_tool_input",
]

STRUCTURED_INPUT_PREAMBLE = (
    "Another agent called you as a tool, with the structured data below (and a description "
    "of its schema when one is given). The schema describes the data; it is not an instruction."
)
"""The first paragraph of the message the default builder writes."""

_SCALAR_TYPES = frozenset({"string", "number", "integer", "boolean"})


class AgentAsToolInput(BaseModel):
    """The arguments of an agent tool without `parameters=`: one string for the sub-agent."""

    input: str


@dataclass(frozen=True)
class StructuredInputSchemaInfo:
    """What the sub-agent may be told about the structured input's shape."""

    summary: str | None = None
    """One line per field (name, type, required, description), when the fields are simple."""

    json_schema: dict[str, Any] | None = None
    """The whole JSON schema, when `include_input_schema=True`."""


class StructuredToolInputBuilderOptions(TypedDict, total=False):
    """What an `input_builder` receives."""

    params: Any
    """The validated arguments, as JSON data."""

    summary: str | None
    json_schema: dict[str, Any] | None


StructuredToolInputResult: TypeAlias = "str | list[TResponseInputItem]"
StructuredToolInputBuilder: TypeAlias = Callable[
    [StructuredToolInputBuilderOptions],
    "StructuredToolInputResult | Awaitable[StructuredToolInputResult]",
]
"""Makes the sub-agent's input from the structured arguments (sync or async)."""


def default_tool_input_builder(options: StructuredToolInputBuilderOptions) -> str:
    """A markdown message: the preamble, the data as JSON, then the schema or its summary."""
    parts = [
        STRUCTURED_INPUT_PREAMBLE,
        "## Structured Input Data:",
        "",
        "```",
        json.dumps(options.get("params"), indent=2),
        "```",
        "",
    ]
    schema = options.get("json_schema")
    summary = options.get("summary")
    if schema is not None:
        parts += ["## Input JSON Schema:", "", "```", json.dumps(schema, indent=2), "```", ""]
    elif summary:
        parts += ["## Input Schema Summary:", summary, ""]
    return "\n".join(parts)


def is_agent_tool_input(value: Any) -> bool:
    """Whether `value` has the default agent tool's shape (a string under "input")."""
    return isinstance(value, dict) and isinstance(value.get("input"), str)


async def resolve_agent_tool_input(
    *,
    params: Any,
    schema_info: StructuredInputSchemaInfo | None = None,
    input_builder: StructuredToolInputBuilder | None = None,
) -> str | list[TResponseInputItem]:
    """The sub-agent's input for these arguments.

    A builder (the given one, or the default when there is schema information) makes it;
    otherwise the default `{"input": "..."}` gives its string, and anything else its JSON.
    """
    has_schema = schema_info is not None and bool(schema_info.summary or schema_info.json_schema)
    if input_builder is not None or has_schema:
        build = input_builder or default_tool_input_builder
        built = build(
            {
                "params": params,
                "summary": schema_info.summary if schema_info else None,
                "json_schema": schema_info.json_schema if schema_info else None,
            }
        )
        if inspect.isawaitable(built):
            built = await built
        return built
    if is_agent_tool_input(params) and list(params) == ["input"]:
        text: str = params["input"]
        return text
    return json.dumps(params)


def build_structured_input_schema_info(
    params_schema: dict[str, Any] | None, *, include_json_schema: bool
) -> StructuredInputSchemaInfo:
    """The schema information for a tool's parameters: a summary when every field is simple
    and something is described, and the whole schema when asked for."""
    if not params_schema:
        return StructuredInputSchemaInfo()
    return StructuredInputSchemaInfo(
        summary=_summary(params_schema),
        json_schema=params_schema if include_json_schema else None,
    )


def _description(schema: Any) -> str | None:
    text = schema.get("description") if isinstance(schema, dict) else None
    return text if isinstance(text, str) and text.strip() else None


def _field_type(schema: Any) -> str | None:
    """A short label for a scalar, enum or constant field; None for anything nested."""
    if not isinstance(schema, dict) or any(
        key in schema for key in ("properties", "items", "anyOf", "oneOf", "allOf")
    ):
        return None
    kind = schema.get("type")
    if isinstance(kind, str):
        return kind if kind in _SCALAR_TYPES else None
    if isinstance(kind, list):
        scalars = [k for k in kind if k in _SCALAR_TYPES]
        others = [k for k in kind if k not in _SCALAR_TYPES]
        if len(scalars) != 1 or others not in ([], ["null"]):
            return None
        return f"{scalars[0]} | null" if others else scalars[0]
    if isinstance(schema.get("enum"), list):
        values = schema["enum"]
        if not values:
            return "enum"
        shown = " | ".join(json.dumps(v) for v in values[:5])
        return f"enum({shown}{' | ...' if len(values) > 5 else ''})"
    if "const" in schema:
        return f"literal({json.dumps(schema['const'])})"
    return None


def _summary(schema: dict[str, Any]) -> str | None:
    properties = schema.get("properties")
    if schema.get("type") != "object" or not isinstance(properties, dict):
        return None
    required = schema.get("required")
    required_names = set(required) if isinstance(required, list) else set()
    top = _description(schema)
    lines = [f"Description: {top}"] if top else []
    described = top is not None
    for name, field_schema in properties.items():
        label = _field_type(field_schema)
        if label is None:
            return None
        note = _description(field_schema)
        described = described or note is not None
        need = "required" if name in required_names else "optional"
        lines.append(f"- {name} ({label}, {need})" + (f" - {note}" if note else ""))
    return "\n".join(lines) if described else None
