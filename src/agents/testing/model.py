"""The reference SDK's scripted model (`agents.testing.model`): a Model that answers each call
with the next scripted step, for tests written against openai-agents.

freeagents' own test doubles (`agents.testing.ScriptedModel`, the loopback servers) are a
different API and stay as they are; this module holds the reference's, at its path. A step is
normalized output items (`assistant_message`, `function_call`, or the `openai` types), an
error to raise, a responder deriving the answer from the recorded call, or an exact stream.
Streamed calls without a scripted stream get the events the Responses API would send for the
step's output (the same builder as the Responses loopback server's).
"""

from __future__ import annotations

import copy
import inspect
import json
from collections.abc import AsyncIterator
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal
from typing import TypeAlias
from typing import cast

from openai.types.responses import ResponseFunctionToolCall
from openai.types.responses import ResponseOutputMessage
from openai.types.responses import ResponseOutputText
from openai.types.responses import ResponseStreamEvent
from pydantic import BaseModel
from pydantic import TypeAdapter
from typing_extensions import TypedDict

from agents.items import ModelResponse
from agents.items import TResponseOutputItem
from agents.items import TResponseStreamEvent
from agents.models._closing import closing
from agents.models._request import ModelRequest
from agents.models._request import RequestModel
from agents.models.interface import ModelTracing
from agents.testing.responses_wire import stream_events as responses_stream_events
from agents.tracing import generation_span
from agents.usage import Usage
from agents.usage import raw_usage_snapshot

if TYPE_CHECKING:
    from agents.agent_output import AgentOutputSchemaBase
    from agents.handoffs import Handoff
    from agents.model_settings import ModelSettings
    from agents.retry import ModelRetryAdvice
    from agents.retry import ModelRetryAdviceRequest
    from agents.tool import Tool

__all__ = [
    "InvalidModelStep",
    "ModelCall",
    "ModelScriptError",
    "ModelStep",
    "ModelStepSpec",
    "ScriptedModel",
    "UnconsumedModelSteps",
    "UnexpectedModelCall",
    "assistant_message",
    "function_call",
]


class ModelScriptError(Exception):
    """A model script that is invalid, or was not consumed as the test expected."""


ModelStepReason: TypeAlias = Literal[
    "invalid_input",
    "unsupported_field",
    "invalid_error",
    "invalid_responder",
    "invalid_stream_events",
    "conflicting_outcomes",
    "invalid_retry_advice",
]


class InvalidModelStep(ModelScriptError):
    """A step refused as it was scripted (before any call)."""

    def __init__(self, message: str, *, reason: ModelStepReason, input_index: int) -> None:
        super().__init__(message)
        self.reason = reason
        self.input_index = input_index


class UnexpectedModelCall(ModelScriptError):
    """The model was called once every scripted step was used."""

    def __init__(self, message: str, *, call: ModelCall, call_index: int) -> None:
        super().__init__(message)
        self.call = call
        self.call_index = call_index


class UnconsumedModelSteps(ModelScriptError):
    """`assert_complete()` found steps the run never reached."""

    def __init__(self, message: str, *, remaining_steps: int) -> None:
        super().__init__(message)
        self.remaining_steps = remaining_steps


@dataclass(frozen=True)
class ModelCall:
    """What the run asked the model on one call."""

    system_instructions: str | None
    input: Any
    model_settings: ModelSettings
    tools: list[Tool]
    output_schema: AgentOutputSchemaBase | None
    handoffs: list[Handoff[Any, Any]]
    tracing: ModelTracing
    previous_response_id: str | None
    conversation_id: str | None
    prompt: Any
    streamed: bool


def _copy_call(call: ModelCall) -> ModelCall:
    """A detached copy: a test reading calls later sees them as they were."""
    return replace(
        call,
        input=copy.deepcopy(call.input),
        model_settings=copy.deepcopy(call.model_settings),
        tools=list(call.tools),
        handoffs=list(call.handoffs),
        prompt=copy.deepcopy(call.prompt),
    )


@dataclass
class ModelStep:
    """One call's scripted outcome: output items, an error, a responder or an exact stream."""

    output: Sequence[TResponseOutputItem] = field(default_factory=tuple)
    usage: Usage = field(default_factory=Usage)
    response_id: str | None = "resp-789"
    request_id: str | None = None
    raw_usage: dict[str, Any] | None = None
    error: Exception | None = None
    responder: ModelResponder | None = None
    stream_events: Sequence[TResponseStreamEvent] | ModelStreamFactory | None = None
    retry_advice: ModelRetryAdvice | None = None

    @classmethod
    def raise_error(
        cls, error: Exception, *, retry_advice: ModelRetryAdvice | None = None
    ) -> ModelStep:
        """A step whose call raises `error` (with retry advice for the provider's say)."""
        return cls(error=error, retry_advice=retry_advice)

    @classmethod
    def respond(cls, responder: ModelResponder) -> ModelStep:
        """A step whose outcome a function derives from the recorded call (sync or async)."""
        return cls(responder=responder)

    @classmethod
    def stream(
        cls,
        events: Sequence[TResponseStreamEvent] | ModelStreamFactory,
        *,
        output: Sequence[TResponseOutputItem] = (),
        usage: Usage | None = None,
        response_id: str | None = "resp-789",
    ) -> ModelStep:
        """A step streaming exactly `events` (or what a factory yields for the call)."""
        return cls(
            output=output,
            usage=usage or Usage(),
            response_id=response_id,
            stream_events=events if callable(events) else tuple(events),
        )


class ModelStepSpec(TypedDict, total=False):
    """`ModelStep` as a dict."""

    output: Sequence[TResponseOutputItem]
    usage: Usage
    response_id: str | None
    request_id: str | None
    raw_usage: dict[str, Any] | None
    error: Exception | None
    responder: ModelResponder | None
    stream_events: Sequence[TResponseStreamEvent] | ModelStreamFactory | None
    retry_advice: ModelRetryAdvice | None


ModelStepResult: TypeAlias = (
    "ModelStep | ModelStepSpec | ModelResponse | Sequence[TResponseOutputItem] | Exception"
)
ModelResponder: TypeAlias = Callable[[ModelCall], "ModelStepResult | Awaitable[ModelStepResult]"]
ModelStreamFactory: TypeAlias = Callable[[ModelCall], AsyncIterator[TResponseStreamEvent]]
ModelScriptItem: TypeAlias = ModelStepResult

_STEP_FIELDS = frozenset(ModelStepSpec.__annotations__)


def _invalid(reason: ModelStepReason, index: int, detail: str) -> InvalidModelStep:
    return InvalidModelStep(
        f"Scripted model step {index} {detail}.", reason=reason, input_index=index
    )


def _step(item: Any, index: int) -> ModelStep:
    """Any accepted step form as a checked ModelStep."""
    if isinstance(item, ModelStep):
        step = replace(item)
    elif isinstance(item, ModelResponse):
        step = ModelStep(output=item.output, usage=item.usage, response_id=item.response_id)
    elif isinstance(item, Exception):
        step = ModelStep.raise_error(item)
    elif isinstance(item, Mapping):
        unknown = sorted(str(k) for k in item if k not in _STEP_FIELDS)
        if unknown:
            raise _invalid("unsupported_field", index, f"has unsupported fields {unknown}")
        step = ModelStep(**cast(dict[str, Any], dict(item)))
    elif isinstance(item, Sequence) and not isinstance(item, str | bytes):
        step = ModelStep(output=item)
    else:
        raise _invalid("invalid_input", index, f"is a {type(item).__name__}, not a model step")
    _check(step, index)
    step.output = tuple(step.output)
    return step


def _check(step: ModelStep, index: int) -> None:
    if step.error is not None and not isinstance(step.error, Exception):
        raise _invalid("invalid_error", index, "has an error that is not an Exception")
    if step.responder is not None and not callable(step.responder):
        raise _invalid("invalid_responder", index, "has a responder that is not callable")
    events = step.stream_events
    if events is not None and not callable(events) and isinstance(events, str | bytes | Mapping):
        raise _invalid("invalid_stream_events", index, "has stream_events that are not events")
    outcomes = [step.error is not None, step.responder is not None, events is not None]
    if sum(outcomes) > 1 or ((step.error or step.responder) is not None and step.output):
        raise _invalid(
            "conflicting_outcomes", index, "sets more than one of output, error, responder"
        )
    if step.retry_advice is not None and step.error is None:
        raise _invalid("invalid_retry_advice", index, "has retry_advice without an error")
    if isinstance(step.output, str | bytes | Mapping) or not isinstance(step.output, Iterable):
        raise _invalid("invalid_input", index, "has output that is not a list of output items")


_EVENTS: TypeAdapter[ResponseStreamEvent] = TypeAdapter(ResponseStreamEvent)


class ScriptedModel(RequestModel):
    """A Model answering each call with the next scripted step; `calls` records each call.

    A step is a `ModelStep`, its dict form (`ModelStepSpec`), a `ModelResponse`, a list of
    output items, or an exception to raise.
    """

    def __init__(
        self,
        steps: Iterable[ModelScriptItem] = (),
        *,
        emit_traces: bool = False,
        default_usage: Usage | None = None,
    ) -> None:
        self._steps = [_step(item, index) for index, item in enumerate(steps)]
        self._emit_traces = emit_traces
        self._default_usage = copy.deepcopy(default_usage)
        self._calls: list[ModelCall] = []
        self._advice: dict[int, tuple[Exception, ModelRetryAdvice]] = {}

    @property
    def calls(self) -> tuple[ModelCall, ...]:
        return tuple(_copy_call(call) for call in self._calls)

    @property
    def remaining_steps(self) -> int:
        return len(self._steps)

    @property
    def first_call(self) -> ModelCall | None:
        return _copy_call(self._calls[0]) if self._calls else None

    @property
    def last_call(self) -> ModelCall | None:
        return _copy_call(self._calls[-1]) if self._calls else None

    def enqueue(self, step: ModelScriptItem) -> None:
        self._steps.append(_step(step, 0))

    def extend(self, steps: Iterable[ModelScriptItem]) -> None:
        self._steps.extend(_step(item, index) for index, item in enumerate(steps))

    def set_default_usage(self, usage: Usage | None) -> None:
        """The usage of steps that script none (None: one request, no tokens)."""
        self._default_usage = copy.deepcopy(usage)

    def get_retry_advice(self, request: ModelRetryAdviceRequest) -> ModelRetryAdvice | None:
        """The advice scripted with the very error the request is about."""
        found = self._advice.get(id(request.error))
        return copy.deepcopy(found[1]) if found and found[0] is request.error else None

    def assert_complete(self) -> None:
        if self._steps:
            raise UnconsumedModelSteps(
                f"{len(self._steps)} scripted model step(s) were not consumed.",
                remaining_steps=len(self._steps),
            )

    async def _get_response(self, request: ModelRequest) -> ModelResponse:
        call = self._record(request, streamed=False)
        with generation_span(disabled=not self._emit_traces):
            step = await self._next(call)
            return ModelResponse(
                output=list(step.output),
                usage=step.usage,
                response_id=step.response_id,
                request_id=step.request_id,
                raw_usage=raw_usage_snapshot(step.raw_usage)
                if request.model_settings.preserve_raw_usage is True
                else None,
            )

    async def _stream_response(self, request: ModelRequest) -> AsyncIterator[TResponseStreamEvent]:
        call = self._record(request, streamed=True)
        with generation_span(disabled=not self._emit_traces):
            step = await self._next(call)
            events = step.stream_events
            if callable(events):
                stream = events(_copy_call(call))
                async with closing(stream):
                    async for event in stream:
                        yield event
                return
            for event in events if events is not None else _events_for(step):
                yield event

    def _record(self, request: ModelRequest, *, streamed: bool) -> ModelCall:
        call = ModelCall(**request.arguments(), streamed=streamed)
        self._calls.append(_copy_call(call))
        return _copy_call(call)

    async def _next(self, call: ModelCall) -> ModelStep:
        """The call's step, responders resolved; raises a scripted error."""
        if not self._steps:
            index = len(self._calls) - 1
            mode = "streaming" if call.streamed else "non-streaming"
            raise UnexpectedModelCall(
                f"Unexpected {mode} model call #{index + 1}: no scripted steps remain.",
                call=call,
                call_index=index,
            )
        step = self._steps.pop(0)
        while step.responder is not None:
            answer = step.responder(call)
            if inspect.isawaitable(answer):
                answer = await answer
            step = _step(answer, 0)
        if step.error is not None:
            if step.retry_advice is not None:
                self._advice[id(step.error)] = (step.error, copy.deepcopy(step.retry_advice))
            raise step.error
        if step.usage == Usage():
            usage = self._default_usage or Usage(requests=1)
            step = replace(step, usage=copy.deepcopy(usage))
        return step


def _events_for(step: ModelStep) -> list[TResponseStreamEvent]:
    """The Responses API's events for the step's output, ending in response.completed."""
    output = [
        item.model_dump(mode="json", exclude_none=True) if isinstance(item, BaseModel) else item
        for item in step.output
    ]
    usage = step.usage
    response = {
        "id": step.response_id or "resp-scripted",
        "object": "response",
        "created_at": 0,
        "model": "scripted",
        "status": "completed",
        "output": output,
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": {
            "input_tokens": usage.input_tokens,
            "input_tokens_details": usage.input_tokens_details.model_dump(mode="json"),
            "output_tokens": usage.output_tokens,
            "output_tokens_details": usage.output_tokens_details.model_dump(mode="json"),
            "total_tokens": usage.total_tokens,
        },
    }
    payloads = responses_stream_events(response, None, chunk_size=1 << 20)
    return [_EVENTS.validate_python({**p, "sequence_number": i}) for i, p in enumerate(payloads)]


def assistant_message(text: str, *, item_id: str = "scripted-message") -> TResponseOutputItem:
    """An assistant text message, as a model's output item."""
    return ResponseOutputMessage(
        id=item_id,
        type="message",
        role="assistant",
        status="completed",
        content=[ResponseOutputText(type="output_text", text=text, annotations=[], logprobs=[])],
    )


def function_call(
    name: str,
    arguments: str | Mapping[str, Any],
    *,
    call_id: str,
    item_id: str | None = None,
    namespace: str | None = None,
) -> TResponseOutputItem:
    """A function tool call, as a model's output item (arguments as JSON text or a mapping)."""
    text = (
        arguments
        if isinstance(arguments, str)
        else json.dumps(arguments, ensure_ascii=False, separators=(",", ":"))
    )
    call = ResponseFunctionToolCall(
        id=item_id if item_id is not None else call_id,
        call_id=call_id,
        type="function_call",
        name=name,
        arguments=text,
    )
    if namespace is not None:
        call.namespace = namespace
    return call
