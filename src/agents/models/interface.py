"""The one seam between the run loop and every wire protocol."""

from __future__ import annotations

import abc
import enum
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING
from typing import Any

from agents.items import ModelResponse
from agents.items import TResponseInputItem
from agents.items import TResponseStreamEvent

if TYPE_CHECKING:
    from agents.agent_output import AgentOutputSchemaBase
    from agents.handoffs import Handoff
    from agents.model_settings import ModelSettings
    from agents.tool import Tool


class ModelTracing(enum.Enum):
    DISABLED = 0
    """Tracing is off for this call."""

    ENABLED = 1
    """Tracing is on and may record inputs and outputs."""

    ENABLED_WITHOUT_DATA = 2
    """Tracing is on but records no inputs or outputs."""

    def is_disabled(self) -> bool:
        return self == ModelTracing.DISABLED

    def include_data(self) -> bool:
        return self == ModelTracing.ENABLED


class Model(abc.ABC):
    """Something that can answer one turn of a conversation.

    The run loop speaks only this interface; each implementation knows one wire protocol and
    translates the Responses-shaped conversation into it and back.
    """

    @abc.abstractmethod
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
        """Answer one turn."""

    @abc.abstractmethod
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
        """Answer one turn as Responses-API stream events, ending with `response.completed`."""


class ModelProvider(abc.ABC):
    """Turns a model name into a `Model`."""

    @abc.abstractmethod
    def get_model(self, model_name: str | None) -> Model:
        """The model for this name; None means the provider's default model."""
