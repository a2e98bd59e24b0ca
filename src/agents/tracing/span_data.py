"""What each kind of span records. `export()` gives the JSON-safe form processors receive.

The classes, their attributes and their export shapes are the reference SDK's, because
instrumentations (OpenInference, Traceloop, Logfire) read them by type and by attribute.
Model spans also carry what freeagents adds: the provider's name and base URL (never a key).
"""

from __future__ import annotations

import abc
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from typing import ClassVar
from typing import TypeVar

from typing_extensions import dataclass_transform

if TYPE_CHECKING:
    from openai.types.responses import Response
    from openai.types.responses import ResponseInputItemParam


class SpanData(abc.ABC):
    """The payload of a span; its `type` names the kind."""

    @abc.abstractmethod
    def export(self) -> dict[str, Any]:
        """A JSON-safe dict of this span's data."""

    @property
    @abc.abstractmethod
    def type(self) -> str:
        """The kind of span."""


class _FieldSpanData(SpanData):
    """A kind whose export is its `type` followed by some of its attributes, as they are.

    Each kind names itself (`_kind`) and the attributes it exports in the reference's order
    (`_exported`), through `_span_kind` (CustomSpanData, with its own constructor, sets both
    itself). `_span_kind` makes new classes (slotted dataclasses), so their methods call a
    base's by name: zero-argument `super()` would not find the new class.
    """

    __slots__ = ()
    _kind: ClassVar[str]
    _exported: ClassVar[tuple[str, ...]]

    @property
    def type(self) -> str:
        return self._kind

    def export(self) -> dict[str, Any]:
        return {"type": self.type, **{name: getattr(self, name) for name in self._exported}}


class _SdkSpanData(_FieldSpanData):
    """A kind the reference exports as a custom span, so backends that know only the
    original span kinds still accept it; its usage goes in only once known."""

    __slots__ = ()
    usage: dict[str, Any] | None

    def export(self) -> dict[str, Any]:
        data: dict[str, Any] = {"sdk_span_type": self.type}
        data.update((name, getattr(self, name)) for name in self._exported)
        if self.usage is not None:
            data["usage"] = self.usage
        return {"type": "custom", "name": self.type, "data": data}


_Kind = TypeVar("_Kind", bound=_FieldSpanData)


@dataclass_transform(eq_default=False, field_specifiers=(field,))
def _span_kind(
    kind: str, exports: tuple[str, ...] = (), *, slots: bool = True
) -> Callable[[type[_Kind]], type[_Kind]]:
    """Make a class a span kind: its `type`, the attributes its export shows, and a
    constructor from its fields (no generated repr or equality: the reference's kinds are
    plain classes with neither)."""

    def make(cls: type[_Kind]) -> type[_Kind]:
        cls._kind = kind
        cls._exported = exports
        return dataclass(eq=False, repr=False, slots=slots, match_args=False)(cls)

    return make


@_span_kind("agent", exports=("name", "handoffs", "tools", "output_type"))
class AgentSpanData(_FieldSpanData):
    """An agent's stretch of a run: from when it starts answering until it hands off or ends."""

    name: str
    handoffs: list[str] | None = None
    tools: list[str] | None = None
    output_type: str | None = None
    metadata: dict[str, Any] | None = None


@_span_kind("task", exports=("name",))
class TaskSpanData(_SdkSpanData):
    """One top-level run (`Runner.run`), around all of its agents and turns."""

    name: str
    usage: dict[str, Any] | None = None
    metadata: dict[str, Any] | None = None


@_span_kind("turn", exports=("turn", "agent_name"))
class TurnSpanData(_SdkSpanData):
    """One turn of the loop: a model call and the tools and handoffs it asked for."""

    turn: int
    agent_name: str
    usage: dict[str, Any] | None = None
    metadata: dict[str, Any] | None = None


@_span_kind("function", exports=("name", "input", "output", "mcp_data"))
class FunctionSpanData(_FieldSpanData):
    """One tool call: its name, arguments and result (with the MCP server's data for MCP)."""

    name: str
    input: str | None = None
    output: Any | None = None
    mcp_data: dict[str, Any] | None = None

    def export(self) -> dict[str, Any]:
        exported = _FieldSpanData.export(self)
        exported["output"] = str(self.output) if self.output is not None else None
        return exported


class _JsonOnRead:
    """A field kept as it was given (a settings object, pydantic items) and made JSON-safe
    data the first time it is read, so a span nobody reads costs no conversion."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        self._convert = convert

    def __set_name__(self, owner: type, name: str) -> None:
        self._stored = f"_{name}"

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return None  # the field's default
        value = self._convert(getattr(obj, self._stored))
        setattr(obj, self._stored, value)
        return value

    def __set__(self, obj: object, value: Any) -> None:
        setattr(obj, self._stored, value)


def _json_on_read(convert: Callable[[Any], Any]) -> Any:
    """A dataclass field's default that makes it a `_JsonOnRead` field."""
    return _JsonOnRead(convert)


def _settings_dict(config: Any) -> dict[str, Any] | None:
    if config is None or isinstance(config, dict):
        return config
    return dict(config) if isinstance(config, Mapping) else config.to_json_dict()


def _item_dicts(items: Sequence[Any] | None) -> Sequence[Mapping[str, Any]] | None:
    if items is None or all(isinstance(item, Mapping) for item in items):
        return items
    return [
        item if isinstance(item, Mapping) else item.model_dump(exclude_unset=True, mode="json")
        for item in items
    ]


@_span_kind(
    "generation",
    exports=("input", "output", "model", "model_config", "usage", "provider", "base_url"),
    slots=False,  # the settings and output are `_JsonOnRead` fields, stored beside them
)
class GenerationSpanData(_FieldSpanData):
    """One model call on a Chat Completions route (an OpenAI-compatible API, or LiteLLM).

    `input` and `output` are the Chat Completions messages sent and received, as the
    reference records them. freeagents adds the provider's name and base URL, and `response`:
    the call's answer as a Responses `Response` (model, output items, usage), which
    instrumentations that read response spans understand too. Settings and `response` may
    be given as objects: they become JSON-safe data only when read, so a span nobody reads
    costs nothing.
    """

    input: Sequence[Mapping[str, Any]] | None = None
    output: Sequence[Any] | None = _json_on_read(_item_dicts)
    model: str | None = None
    model_config: Any | None = _json_on_read(_settings_dict)
    usage: dict[str, Any] | None = None
    provider: str | None = None
    base_url: str | None = None
    _response: Any = field(default=None, init=False)

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


@_span_kind("response")
class ResponseSpanData(_FieldSpanData):
    """One model call on OpenAI's Responses API: the `Response` and the input sent.

    freeagents adds the model name, provider name and base URL, so a trace says where each
    call went even when the Responses API is served by someone other than OpenAI.
    """

    response: Response | None = None
    input: str | list[ResponseInputItemParam] | None = None
    usage: dict[str, Any] | None = None
    model: str | None = None
    provider: str | None = None
    base_url: str | None = None
    _response_id: str | None = field(default=None, init=False)

    def export(self) -> dict[str, Any]:
        # The answer's id, or the one recorded before the answer was known.
        response_id = self.response.id if self.response is not None else self._response_id
        return {"type": self.type, "response_id": response_id, "usage": self.usage}


@_span_kind("handoff", exports=("from_agent", "to_agent"))
class HandoffSpanData(_FieldSpanData):
    """A handoff from one agent to another."""

    from_agent: str | None = None
    to_agent: str | None = None


class CustomSpanData(_FieldSpanData):
    """A span of the user's own, with any JSON-safe data."""

    __slots__ = ("data", "name")
    _kind = "custom"
    _exported = ("name", "data")

    def __init__(self, name: str, data: dict[str, Any] | None = None) -> None:
        self.name = name
        self.data = data if data is not None else {}


@_span_kind("guardrail", exports=("name", "triggered"))
class GuardrailSpanData(_FieldSpanData):
    """A guardrail check and whether its tripwire was triggered."""

    name: str
    triggered: bool = False


class _AudioSpanData(_FieldSpanData):
    """A voice pipeline's model call; its audio side (`_audio`: a transcription's input, speech's
    output) exports as its data and its format."""

    __slots__ = ()
    _audio: ClassVar[str]

    def export(self) -> dict[str, Any]:
        exported = _FieldSpanData.export(self)
        audio_format = getattr(self, f"{self._audio}_format")
        exported[self._audio] = {"data": exported[self._audio] or "", "format": audio_format}
        return exported


@_span_kind("transcription", exports=("input", "output", "model", "model_config"))
class TranscriptionSpanData(_AudioSpanData):
    """Speech to text (voice pipelines)."""

    _audio = "input"
    input: str | None = None
    input_format: str | None = "pcm"
    output: str | None = None
    model: str | None = None
    model_config: Mapping[str, Any] | None = None


@_span_kind("speech", exports=("input", "output", "model", "model_config", "first_content_at"))
class SpeechSpanData(_AudioSpanData):
    """Text to speech (voice pipelines)."""

    _audio = "output"
    input: str | None = None
    output: str | None = None
    output_format: str | None = "pcm"
    model: str | None = None
    model_config: Mapping[str, Any] | None = None
    first_content_at: str | None = None


@_span_kind("speech_group", exports=("input",))
class SpeechGroupSpanData(_FieldSpanData):
    """The speech spans of one piece of text (voice pipelines)."""

    input: str | None = None


@_span_kind("mcp_tools", exports=("server", "result"))
class MCPListToolsSpanData(_FieldSpanData):
    """Listing an MCP server's tools: the server's name and the tool names it gave."""

    server: str | None = None
    result: list[str] | None = None
