"""JSON-schema rewrites for providers that accept only part of JSON Schema.

Gemini's OpenAI-compatible endpoint takes the OpenAPI 3.0 subset of Google's `Schema` type:
a schema with `additionalProperties`, `$ref`/`$defs`, `const`, `title` or an unsupported
`format` is answered with 400 "Invalid JSON payload received. Unknown name ...". The rewrite
keeps the meaning where the subset can say it (`const` becomes a one-value `enum`, `$ref` is
inlined) and drops what it cannot (checked against the Gemini API docs, 2025-06).
"""

from __future__ import annotations

from typing import Any

from agents.exceptions import UserError

_GEMINI_DROPPED = frozenset(
    {
        "additionalProperties",
        "title",
        "$schema",
        "$id",
        "$comment",
        "default",
        "examples",
        "const",
        "format",
        "$defs",
        "definitions",
        "strict",
        "unevaluatedProperties",
        "patternProperties",
        "dependentRequired",
        "dependentSchemas",
        "readOnly",
        "writeOnly",
        "deprecated",
    }
)
_GEMINI_FORMATS = frozenset({"enum", "date-time"})
"""The string formats Gemini's schema accepts; others are dropped, not rejected."""

_MAX_REF_DEPTH = 16


def gemini_json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` rewritten into the subset Gemini accepts (a new dict; the input is untouched)."""
    defs: dict[str, Any] = {}
    for key in ("$defs", "definitions"):
        found = schema.get(key)
        if isinstance(found, dict):
            defs.update({f"#/{key}/{name}": value for name, value in found.items()})
    result = _gemini_node(schema, defs, 0)
    return result if isinstance(result, dict) else {}


def _gemini_node(node: Any, defs: dict[str, Any], depth: int) -> Any:
    if isinstance(node, list):
        return [_gemini_node(item, defs, depth) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref not in defs:
            raise UserError(
                f"The JSON schema refers to {ref!r}, which is not among its $defs; Gemini "
                "needs every $ref inlined"
            )
        if depth >= _MAX_REF_DEPTH:
            raise UserError(
                f"The JSON schema is recursive through {ref!r}; Gemini accepts no $ref, so "
                "recursive types cannot be sent to it. Use a non-recursive type."
            )
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        return _gemini_node({**defs[ref], **siblings}, defs, depth + 1)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "const":
            out["enum"] = [value]
        elif key == "format":
            if value in _GEMINI_FORMATS:
                out[key] = value
        elif key in _GEMINI_DROPPED:
            continue
        elif key == "properties" and isinstance(value, dict):
            out[key] = {name: _gemini_node(sub, defs, depth) for name, sub in value.items()}
        else:
            out[key] = _gemini_node(value, defs, depth)
    return out
