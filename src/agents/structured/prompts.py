"""The words that ask a model for a structured output, and for a corrected one.

Built once per output plan (the schema is dumped once, not every turn); the repair text once
per failed answer.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from agents.exceptions import ModelBehaviorError

_MAX_ERROR_CHARS = 1500


def dumped_schema(schema: dict[str, Any]) -> str:
    return json.dumps(schema, separators=(",", ":"), ensure_ascii=False)


def prompted(schema: dict[str, Any]) -> str:
    """For a model given no response format: the schema, and the answer's exact shape."""
    return (
        "Your final answer must be a single JSON value that conforms to this JSON schema, "
        "with nothing before or after it (no explanation, no code fences):\n"
        + dumped_schema(schema)
    )


def json_mode(schema: dict[str, Any]) -> str:
    """For JSON mode, which guarantees JSON but not its shape (and, on OpenAI, wants the
    word JSON in the messages)."""
    return "Answer with a JSON object that conforms to this JSON schema:\n" + dumped_schema(schema)


def final_tool(tool_name: str, other_tools: bool) -> str:
    """For the final-output tool: the schema is the tool's; say when to call it."""
    if other_tools:
        return (
            f"When you have the final answer, give it by calling the `{tool_name}` function "
            "with the answer as its arguments, instead of replying with a message."
        )
    return f"Give your final answer by calling the `{tool_name}` function with it as arguments."


def final_tool_description() -> str:
    return "Give the final answer. The arguments are the answer, in the required structure."


def append(base: str | None, extra: str | None) -> str | None:
    """The system prompt with `extra` after the agent's own instructions."""
    if not extra:
        return base
    return f"{base}\n\n{extra}" if base else extra


def describe_error(error: ModelBehaviorError) -> str:
    """Why an answer was refused, in a few lines a model can act on."""
    cause = error.validation_error
    if isinstance(cause, ValidationError):
        lines = []
        for detail in cause.errors(include_url=False)[:10]:
            where = ".".join(str(part) for part in detail.get("loc", ())) or "the value"
            lines.append(f"- {where}: {detail.get('msg', 'invalid')}")
        text = "\n".join(lines)
    else:
        text = str(cause if cause is not None else error)
    return text[:_MAX_ERROR_CHARS]


def repair(error: ModelBehaviorError) -> str:
    """The message of the repair turn: what was wrong, and what to do."""
    return (
        "Your last answer could not be used as the final output, because it does not match "
        f"the required structure:\n{describe_error(error)}\n"
        "Give the final answer again, corrected, in exactly the required format."
    )
