"""An agent's `output_type` as a JSON schema the model is asked to follow, and its validator."""

from __future__ import annotations

import abc
import json
import logging
from dataclasses import is_dataclass
from typing import Any
from typing import Literal
from typing import get_args
from typing import get_origin

from pydantic import BaseModel
from pydantic import TypeAdapter
from pydantic import ValidationError
from pydantic import create_model
from typing_extensions import is_typeddict

from agents.exceptions import ModelBehaviorError
from agents.exceptions import UserError
from agents.strict_schema import ensure_strict_json_schema

_WRAPPER_KEY = "response"

logger = logging.getLogger("openai.agents")

OutputStrategy = Literal["native", "json_mode", "tool", "prompted"]
"""How a structured output is asked of the model:

- "native": `response_format` json_schema (strict when the schema allows it);
- "json_mode": `response_format` json_object, with the schema in the instructions;
- "tool": a final-output tool whose arguments are the output (for providers where tools
  work and a JSON response format does not, or not together with tools);
- "prompted": the schema in the instructions; the JSON is taken from the answer.
"""

OUTPUT_STRATEGIES: tuple[OutputStrategy, ...] = get_args(OutputStrategy)


class AgentOutputSchemaBase(abc.ABC):
    """What a model adapter needs to know about the wanted output."""

    @abc.abstractmethod
    def is_plain_text(self) -> bool:
        """True when the output is plain text and no schema is needed."""

    @abc.abstractmethod
    def name(self) -> str:
        """A name for the output type (used as the schema's name on the wire)."""

    @abc.abstractmethod
    def json_schema(self) -> dict[str, Any]:
        """The JSON schema of the output (always an object schema)."""

    @abc.abstractmethod
    def is_strict_json_schema(self) -> bool:
        """Whether the schema follows strict structured-output rules."""

    @abc.abstractmethod
    def validate_json(self, json_str: str) -> Any:
        """Parse and validate the model's JSON text; raise ModelBehaviorError if invalid."""


def _needs_wrapper(output_type: type[Any]) -> bool:
    """Providers want an object at the top level; anything else is wrapped as {"response": x}."""
    if output_type is None or output_type is str:
        return False
    if get_origin(output_type) is not None:
        return True
    if isinstance(output_type, type) and (
        issubclass(output_type, BaseModel) or is_dataclass(output_type)
    ):
        return False
    return not is_typeddict(output_type)


def _type_name(output_type: Any) -> str:
    origin = get_origin(output_type)
    if origin is not None:
        args = "_".join(_type_name(a) for a in getattr(output_type, "__args__", ()))
        base = getattr(origin, "__name__", str(origin))
        return f"{base}_{args}" if args else base
    return getattr(output_type, "__name__", str(output_type))


class AgentOutputSchema(AgentOutputSchemaBase):
    """The schema of an `output_type`: pydantic models, dataclasses, TypedDicts, plain types.

    `strategy` forces how the output is asked of the model (see `OutputStrategy`); None lets
    the model's provider profile choose, falling back once to the next strategy when the
    provider rejects one with a 400.
    """

    def __init__(
        self,
        output_type: type[Any],
        strict_json_schema: bool = True,
        *,
        strategy: OutputStrategy | None = None,
    ) -> None:
        if strategy is not None and strategy not in OUTPUT_STRATEGIES:
            raise UserError(
                f"AgentOutputSchema strategy must be one of {', '.join(OUTPUT_STRATEGIES)} "
                f"(or None to let the provider's profile choose), got {strategy!r}"
            )
        self.output_type = output_type
        self.strategy: OutputStrategy | None = strategy
        self._strict = strict_json_schema
        if output_type is None or output_type is str:
            self._is_wrapped = False
            self._adapter: TypeAdapter[Any] = TypeAdapter(output_type)
            self._schema: dict[str, Any] = {"type": "string"}
            return
        self._is_wrapped = _needs_wrapper(output_type)
        if self._is_wrapped:
            fields: dict[str, Any] = {_WRAPPER_KEY: (output_type, ...)}
            wrapper = create_model("OutputWrapper", **fields)
            self._adapter = TypeAdapter(wrapper)
        else:
            self._adapter = TypeAdapter(output_type)
        try:
            schema = self._adapter.json_schema()
        except Exception as exc:
            raise UserError(
                f"output_type {output_type!r} cannot be described as a JSON schema: {exc}. "
                "Use a pydantic model, dataclass, TypedDict or JSON-compatible type."
            ) from exc
        if strict_json_schema:
            try:
                schema = ensure_strict_json_schema(schema)
            except UserError as exc:
                # Strict mode cannot say "any keys" (dict[str, X]); the schema still says
                # exactly what is wanted, so it is sent without strict rather than refused.
                logger.debug(
                    "output_type %s has no strict JSON schema (%s); using a non-strict one",
                    _type_name(output_type),
                    exc,
                )
                self._strict = False
        self._schema = schema

    def is_plain_text(self) -> bool:
        return self.output_type is None or self.output_type is str

    def is_strict_json_schema(self) -> bool:
        return self._strict

    def json_schema(self) -> dict[str, Any]:
        if self.is_plain_text():
            raise UserError("A plain-text output type has no JSON schema")
        return self._schema

    def name(self) -> str:
        return _type_name(self.output_type)

    def validate_json(self, json_str: str) -> Any:
        try:
            validated = self._adapter.validate_json(json_str)
        except ValidationError as exc:
            raise ModelBehaviorError(
                f"The model's output does not match {self.name()}: {exc.errors(include_url=False)}"
                f" (raw output: {json_str[:500]!r})",
                raw_output=json_str,
                validation_error=exc,
            ) from exc
        if self._is_wrapped:
            return getattr(validated, _WRAPPER_KEY)
        return validated

    def wrap_json(self, json_str: str) -> str | None:
        """A bare JSON value in the `{"response": ...}` form a non-object type is sent as
        (models often answer `[1, 2]` for it); None when the type is not wrapped."""
        if not self._is_wrapped:
            return None
        return f'{{"{_WRAPPER_KEY}": {json_str}}}'

    def wrap_text(self, text: str) -> str | None:
        """Plain text as the wrapped string value, for answers such as `yes` to a Literal or
        Enum of strings; None when the type is not wrapped."""
        if not self._is_wrapped:
            return None
        from agents.structured.extract import strip_reasoning

        return json.dumps({_WRAPPER_KEY: strip_reasoning(text).strip()})


def output_schema_for(output_type: Any) -> AgentOutputSchemaBase | None:
    """The output schema of an agent's output_type, or None for plain text."""
    if output_type is None or output_type is str:
        return None
    if isinstance(output_type, AgentOutputSchemaBase):
        return output_type
    return AgentOutputSchema(output_type)


def dumps_output(value: Any) -> str:
    """Render a structured output back to JSON text (for conversation history)."""
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    return json.dumps(value, default=str)
