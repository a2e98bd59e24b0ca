"""What each kind of span records. `export()` gives the JSON-safe form processors receive.

Nothing here holds a client or a key: model spans record the provider's base URL and the
model name, never credentials.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from typing import Any


class SpanData(abc.ABC):
    @property
    @abc.abstractmethod
    def type(self) -> str:
        """The kind of span."""

    @abc.abstractmethod
    def export(self) -> dict[str, Any]:
        """A JSON-safe dict of this span's data."""


class AgentSpanData(SpanData):
    __slots__ = ("handoffs", "name", "output_type", "tools")

    def __init__(
        self,
        name: str,
        handoffs: list[str] | None = None,
        tools: list[str] | None = None,
        output_type: str | None = None,
    ) -> None:
        self.name = name
        self.handoffs = handoffs
        self.tools = tools
        self.output_type = output_type

    @property
    def type(self) -> str:
        return "agent"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "name": self.name,
            "handoffs": self.handoffs,
            "tools": self.tools,
            "output_type": self.output_type,
        }


class GenerationSpanData(SpanData):
    """One model call: which provider and model, with what settings, what it cost.

    The settings and output may be given as objects (ModelSettings, output items): they are
    turned into JSON-safe dicts only when read, so a span nobody exports costs nothing.
    """

    __slots__ = ("_model_config", "_output", "base_url", "input", "model", "provider", "usage")

    def __init__(
        self,
        input: Sequence[Mapping[str, Any]] | None = None,
        output: Sequence[Any] | None = None,
        model: str | None = None,
        model_config: Any | None = None,
        usage: dict[str, Any] | None = None,
        provider: str | None = None,
        base_url: str | None = None,
    ) -> None:
        self.input = input
        self._output = output
        self.model = model
        self._model_config = model_config
        self.usage = usage
        self.provider = provider
        self.base_url = base_url

    @property
    def model_config(self) -> Mapping[str, Any] | None:
        config = self._model_config
        if config is not None and not isinstance(config, Mapping):
            config = self._model_config = config.to_json_dict()
        return config

    @model_config.setter
    def model_config(self, value: Any | None) -> None:
        self._model_config = value

    @property
    def output(self) -> Sequence[Mapping[str, Any]] | None:
        output = self._output
        if output is not None and any(not isinstance(item, Mapping) for item in output):
            output = self._output = [
                item
                if isinstance(item, Mapping)
                else item.model_dump(exclude_unset=True, mode="json")
                for item in output
            ]
        return output

    @output.setter
    def output(self, value: Sequence[Any] | None) -> None:
        self._output = value

    @property
    def type(self) -> str:
        return "generation"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "input": self.input,
            "output": self.output,
            "model": self.model,
            "model_config": self.model_config,
            "usage": self.usage,
            "provider": self.provider,
            "base_url": self.base_url,
        }


class FunctionSpanData(SpanData):
    __slots__ = ("input", "name", "output")

    def __init__(self, name: str, input: str | None = None, output: Any | None = None) -> None:
        self.name = name
        self.input = input
        self.output = output

    @property
    def type(self) -> str:
        return "function"

    def export(self) -> dict[str, Any]:
        output = (
            self.output if self.output is None or isinstance(self.output, str) else str(self.output)
        )
        return {"type": self.type, "name": self.name, "input": self.input, "output": output}


class HandoffSpanData(SpanData):
    __slots__ = ("from_agent", "to_agent")

    def __init__(self, from_agent: str | None = None, to_agent: str | None = None) -> None:
        self.from_agent = from_agent
        self.to_agent = to_agent

    @property
    def type(self) -> str:
        return "handoff"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "from_agent": self.from_agent, "to_agent": self.to_agent}


class GuardrailSpanData(SpanData):
    __slots__ = ("name", "triggered")

    def __init__(self, name: str, triggered: bool = False) -> None:
        self.name = name
        self.triggered = triggered

    @property
    def type(self) -> str:
        return "guardrail"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "name": self.name, "triggered": self.triggered}


class CustomSpanData(SpanData):
    __slots__ = ("data", "name")

    def __init__(self, name: str, data: dict[str, Any] | None = None) -> None:
        self.name = name
        self.data = data or {}

    @property
    def type(self) -> str:
        return "custom"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "name": self.name, "data": self.data}
