"""One turn's arguments to a model, held as one object.

`Model.get_response` and `Model.stream_response` take the same ten arguments (the reference's
signatures). The models in this package accept them once, in `RequestModel`, and work from a
`ModelRequest`; code that hands a turn on to another model (a fallback chain) forwards the
same object with `ModelRequest.forward` instead of spelling the arguments out again.
"""

from __future__ import annotations

import abc
from collections.abc import AsyncIterator
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import fields
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeVar

from agents.items import ModelResponse
from agents.items import TResponseInputItem
from agents.items import TResponseStreamEvent
from agents.models.interface import Model
from agents.models.interface import ModelTracing

if TYPE_CHECKING:
    from agents.agent_output import AgentOutputSchemaBase
    from agents.handoffs import Handoff
    from agents.model_settings import ModelSettings
    from agents.tool import Tool

R = TypeVar("R")


@dataclass(frozen=True, eq=False)
class ModelRequest:
    """What `Model.get_response` and `Model.stream_response` were called with."""

    system_instructions: str | None
    input: str | list[TResponseInputItem]
    model_settings: ModelSettings
    tools: list[Tool]
    output_schema: AgentOutputSchemaBase | None
    handoffs: list[Handoff[Any, Any]]
    tracing: ModelTracing
    previous_response_id: str | None = None
    conversation_id: str | None = None
    prompt: Any | None = None

    @classmethod
    def of(cls, arguments: Mapping[str, Any]) -> ModelRequest:
        """The request of a `get_response` or `stream_response` call, from its `locals()`."""
        return cls(**{name: arguments[name] for name in _FIELD_NAMES})

    def arguments(self) -> dict[str, Any]:
        """The call's arguments by name (shallow): what a record of the call is built from."""
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def forward(self, method: Callable[..., R]) -> R:
        """Call another model's `get_response` or `stream_response` with these arguments."""
        return method(
            self.system_instructions,
            self.input,
            self.model_settings,
            self.tools,
            self.output_schema,
            self.handoffs,
            self.tracing,
            previous_response_id=self.previous_response_id,
            conversation_id=self.conversation_id,
            prompt=self.prompt,
        )


_FIELD_NAMES = tuple(field.name for field in fields(ModelRequest))
"""Read once: `dataclasses.fields` costs more than the rest of `of`."""


class RequestModel(Model):
    """A model that implements both calls from one `ModelRequest`.

    `stream_response` returns the subclass's async generator itself (no wrapping layer), so
    closing the stream closes the request's generator at once.
    """

    async def get_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff[Any, Any]],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        prompt: Any | None = None,
    ) -> ModelResponse:
        return await self._get_response(ModelRequest.of(locals()))

    def stream_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff[Any, Any]],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        prompt: Any | None = None,
    ) -> AsyncIterator[TResponseStreamEvent]:
        return self._stream_response(ModelRequest.of(locals()))

    @abc.abstractmethod
    async def _get_response(self, request: ModelRequest) -> ModelResponse:
        """Answer one turn."""

    @abc.abstractmethod
    def _stream_response(self, request: ModelRequest) -> AsyncIterator[TResponseStreamEvent]:
        """Answer one turn as Responses-API stream events (usually an async generator)."""
