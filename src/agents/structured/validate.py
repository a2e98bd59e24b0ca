"""A model's final answer -> the agent's output type, leniently, with one clear error.

The strict path comes first and costs nothing extra: the whole answer through the output
schema's own validator. Only when that fails is the answer searched for JSON (fences, prose,
reasoning blocks; see `extract`), each candidate tried in turn. The error that remains names
the output type and carries the answer and the validation error as attributes, which is also
what the run's repair turn sends back to the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from agents.exceptions import ModelBehaviorError
from agents.structured.extract import iter_json_candidates

if TYPE_CHECKING:
    from agents.agent_output import AgentOutputSchemaBase

__all__ = ["validate_output"]

_MAX_CANDIDATES = 8
"""Candidates validated at most: the likely ones come first, and validation is not free."""


def _attempts(schema: AgentOutputSchemaBase, candidate: str) -> list[str]:
    """The candidate as it is, then as the wrapped form a non-object output type expects."""
    wrap = getattr(schema, "wrap_json", None)
    wrapped = wrap(candidate) if callable(wrap) else None
    return [candidate, wrapped] if isinstance(wrapped, str) else [candidate]


def validate_output(schema: AgentOutputSchemaBase, text: str) -> Any:
    """The final output `text` stands for, validated against `schema`.

    Raises:
        ModelBehaviorError: no JSON in `text` fits `schema`; `raw_output` is `text` and
            `validation_error` the reason the most likely candidate was refused.
    """
    try:
        return schema.validate_json(text)
    except ModelBehaviorError as first:
        error = first
    found_json = False
    for count, candidate in enumerate(iter_json_candidates(text)):
        if count >= _MAX_CANDIDATES:
            break
        for attempt in _attempts(schema, candidate):
            if attempt == text:
                continue
            try:
                return schema.validate_json(attempt)
            except ModelBehaviorError as err:
                if not found_json:
                    error, found_json = err, True
    if not found_json:
        last_resort = getattr(schema, "wrap_text", None)
        wrapped = last_resort(text) if callable(last_resort) else None
        if isinstance(wrapped, str):
            try:
                return schema.validate_json(wrapped)
            except ModelBehaviorError:
                pass
    cause = error.validation_error if error.validation_error is not None else error
    raise ModelBehaviorError(error.message, raw_output=text, validation_error=cause) from error
