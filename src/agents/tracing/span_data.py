"""What each kind of span records. `export()` gives the JSON-safe form processors receive.

The classes, their attributes and their export shapes are the reference SDK's, because
instrumentations (OpenInference, Traceloop, Logfire) read them by type and by attribute.
Model spans also carry what freeagents adds: the provider's name and base URL (never a key).
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openai.types.responses import Response, ResponseInputItemParam


class SpanData(abc.ABC):
    """The payload of a span; its `type` names the kind."""

    @abc.abstractmethod
    def export(self) -> dict[str, Any]:
        """A JSON-safe dict of this span's data."""

    @property
    @abc.abstractmethod
    def type(self) -> str:
        """The kind of span."""


class AgentSpanData(SpanData):
    """An agent's stretch of a run: from when it starts answering until it hands off or ends."""

    __slots__ = ("handoffs", "metadata", "name", "output_type", "tools")

    def __init__(
        self,
        name: str,
        handoffs: list[str] | None = None,
        tools: list[str] | None = None,
        output_type: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.handoffs = handoffs
        self.tools = tools
        self.output_type = output_type
        self.metadata = metadata

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


class TaskSpanData(SpanData):
    """One top-level run (`Runner.run`), around all of its agents and turns.

    Exported as a custom span, as the reference does, so backends that know only the
    original span kinds still accept it.
    """

    __slots__ = ("metadata", "name", "usage")

    def __init__(
        self,
        name: str,
        usage: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.usage = usage
        self.metadata = metadata

    @property
    def type(self) -> str:
        return "task"

    def export(self) -> dict[str, Any]:
        data: dict[str, Any] = {"sdk_span_type": self.type, "name": self.name}
        if self.usage is not None:
            data["usage"] = self.usage
        return {"type": "custom", "name": self.type, "data": data}


class TurnSpanData(SpanData):
    """One turn of the loop: a model call and the tools and handoffs it asked for."""

    __slots__ = ("agent_name", "metadata", "turn", "usage")

    def __init__(
        self,
        turn: int,
        agent_name: str,
        usage: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self.turn = turn
        self.agent_name = agent_name
        self.usage = usage
        self.metadata = metadata

    @property
    def type(self) -> str:
        return "turn"

    def export(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "sdk_span_type": self.type,
            "turn": self.turn,
            "agent_name": self.agent_name,
        }
        if self.usage is not None:
            data["usage"] = self.usage
        return {"type": "custom", "name": self.type, "data": data}


class FunctionSpanData(SpanData):
    """One tool call: its name, arguments and result (with the MCP server's data for MCP)."""

    __slots__ = ("input", "mcp_data", "name", "output")

    def __init__(
        self,
        name: str,
        input: str | None = None,
        output: Any | None = None,
        mcp_data: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.input = input
        self.output = output
        self.mcp_data = mcp_data

    @property
    def type(self) -> str:
        return "function"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "name": self.name,
            "input": self.input,
            "output": str(self.output) if self.output is not None else None,
            "mcp_data": self.mcp_data,
        }


class GenerationSpanData(SpanData):
    """One model call on a Chat Completions route (an OpenAI-compatible API, or LiteLLM).

    `input` and `output` are the Chat Completions messages sent and received, as the
    reference records them. freeagents adds the provider's name and base URL, and `response`:
    the call's answer as a Responses `Response` (model, output items, usage), which
    instrumentations that read response spans understand too. Settings and `response` may
    be given as objects: they become JSON-safe data only when read, so a span nobody reads
    costs nothing.
    """

    __slots__ = (
        "_model_config",
        "_output",
        "_response",
        "base_url",
        "input",
        "model",
        "provider",
        "usage",
    )

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
        self._response: Any = None

    @property
    def model_config(self) -> dict[str, Any] | None:
        config = self._model_config
        if config is not None and not isinstance(config, dict):
            config = dict(config) if isinstance(config, Mapping) else config.to_json_dict()
            self._model_config = config
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
    def response(self) -> Response | None:
        """The answer as a Responses `Response`; built on first read from a callable."""
        response = self._response
        if callable(response):
            response = self._response = response()
        return response  # type: ignore[no-any-return]

    @response.setter
    def response(self, value: Any) -> None:
        self._response = value

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


class ResponseSpanData(SpanData):
    """One model call on OpenAI's Responses API: the `Response` and the input sent.

    freeagents adds the model name, provider name and base URL, so a trace says where each
    call went even when the Responses API is served by someone other than OpenAI.
    """

    __slots__ = ("_response_id", "base_url", "input", "model", "provider", "response", "usage")

    def __init__(
        self,
        response: Response | None = None,
        input: str | list[ResponseInputItemParam] | None = None,
        usage: dict[str, Any] | None = None,
        model: str | None = None,
        provider: str | None = None,
        base_url: str | None = None,
    ) -> None:
        self.response = response
        self.input = input
        self.usage = usage
        self.model = model
        self.provider = provider
        self.base_url = base_url
        self._response_id: str | None = None

    @property
    def type(self) -> str:
        return "response"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "response_id": self.response.id if self.response is not None else self._response_id,
            "usage": self.usage,
        }


class HandoffSpanData(SpanData):
    """A handoff from one agent to another."""

    __slots__ = ("from_agent", "to_agent")

    def __init__(self, from_agent: str | None = None, to_agent: str | None = None) -> None:
        self.from_agent = from_agent
        self.to_agent = to_agent

    @property
    def type(self) -> str:
        return "handoff"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "from_agent": self.from_agent, "to_agent": self.to_agent}


class CustomSpanData(SpanData):
    """A span of the user's own, with any JSON-safe data."""

    __slots__ = ("data", "name")

    def __init__(self, name: str, data: dict[str, Any] | None = None) -> None:
        self.name = name
        self.data = data if data is not None else {}

    @property
    def type(self) -> str:
        return "custom"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "name": self.name, "data": self.data}


class GuardrailSpanData(SpanData):
    """A guardrail check and whether its tripwire was triggered."""

    __slots__ = ("name", "triggered")

    def __init__(self, name: str, triggered: bool = False) -> None:
        self.name = name
        self.triggered = triggered

    @property
    def type(self) -> str:
        return "guardrail"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "name": self.name, "triggered": self.triggered}


class TranscriptionSpanData(SpanData):
    """Speech to text (voice pipelines)."""

    __slots__ = ("input", "input_format", "model", "model_config", "output")

    def __init__(
        self,
        input: str | None = None,
        input_format: str | None = "pcm",
        output: str | None = None,
        model: str | None = None,
        model_config: Mapping[str, Any] | None = None,
    ) -> None:
        self.input = input
        self.input_format = input_format
        self.output = output
        self.model = model
        self.model_config = model_config

    @property
    def type(self) -> str:
        return "transcription"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "input": {"data": self.input or "", "format": self.input_format},
            "output": self.output,
            "model": self.model,
            "model_config": self.model_config,
        }


class SpeechSpanData(SpanData):
    """Text to speech (voice pipelines)."""

    __slots__ = ("first_content_at", "input", "model", "model_config", "output", "output_format")

    def __init__(
        self,
        input: str | None = None,
        output: str | None = None,
        output_format: str | None = "pcm",
        model: str | None = None,
        model_config: Mapping[str, Any] | None = None,
        first_content_at: str | None = None,
    ) -> None:
        self.input = input
        self.output = output
        self.output_format = output_format
        self.model = model
        self.model_config = model_config
        self.first_content_at = first_content_at

    @property
    def type(self) -> str:
        return "speech"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "input": self.input,
            "output": {"data": self.output or "", "format": self.output_format},
            "model": self.model,
            "model_config": self.model_config,
            "first_content_at": self.first_content_at,
        }


class SpeechGroupSpanData(SpanData):
    """The speech spans of one piece of text (voice pipelines)."""

    __slots__ = ("input",)

    def __init__(self, input: str | None = None) -> None:
        self.input = input

    @property
    def type(self) -> str:
        return "speech_group"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "input": self.input}


class MCPListToolsSpanData(SpanData):
    """Listing an MCP server's tools: the server's name and the tool names it gave."""

    __slots__ = ("result", "server")

    def __init__(self, server: str | None = None, result: list[str] | None = None) -> None:
        self.server = server
        self.result = result

    @property
    def type(self) -> str:
        return "mcp_tools"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "server": self.server, "result": self.result}
