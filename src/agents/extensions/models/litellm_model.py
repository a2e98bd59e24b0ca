"""LitellmModel: the route for providers without an OpenAI-compatible API.

litellm speaks each provider's own protocol (Anthropic's Messages API, Bedrock, Vertex AI,
Cohere) and hands back Chat Completions-shaped messages and stream chunks, so this model
reuses the Chat Completions route's converters both ways; what is litellm's own is the call,
its settings, its errors, and Claude's signed thinking blocks (see `litellm_thinking`).
Install with `pip install "freeagents[litellm]"`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING
from typing import Any

import openai
from openai.types.responses import ResponseStreamEvent

from agents.exceptions import ModelProviderError
from agents.exceptions import ProviderResponseError
from agents.exceptions import UserError
from agents.extensions.models import litellm_thinking as thinking
from agents.extensions.models.litellm_errors import wrap_litellm_error
from agents.extensions.models.litellm_import import load_litellm
from agents.extensions.models.litellm_signatures import FIELD as SIGNATURE_FIELD
from agents.extensions.models.litellm_signatures import Signatures
from agents.extensions.models.litellm_stream_end import StreamEnd
from agents.items import ModelResponse
from agents.items import TResponseInputItem
from agents.items import TResponseOutputItem
from agents.items import TResponseStreamEvent
from agents.models._closing import closing
from agents.models._request import ModelRequest
from agents.models._request import RequestModel
from agents.models._trace import chat_generation_span
from agents.models._trace import record_generation
from agents.models._trace import record_streamed_generation
from agents.models.chat.body import apply_request_options
from agents.models.chat.body import build_body
from agents.models.chat.converter import message_to_output_items
from agents.models.chat.stream import ChatStreamConverter
from agents.models.dialects.profiles import ModelProfile
from agents.models.interface import ModelTracing
from agents.models.reasoning_content_replay import ShouldReplayReasoningContent
from agents.models.reasoning_content_replay import replay_decision
from agents.models.reliability.attempts import output_plan
from agents.models.reliability.attempts import respond
from agents.models.reliability.attempts import respond_streamed
from agents.models.reliability.retry import policy_for
from agents.models.reliability.wire_errors import incomplete_stream
from agents.models.reliability.wire_errors import typed
from agents.models.reliability.wire_errors import typed_failures
from agents.models.wire.stream_guard import IncompleteStream
from agents.models.wire.stream_guard import bounded
from agents.models.wire.stream_guard import chat_chunk_has_content
from agents.models.wire.stream_guard import effective_timeout
from agents.models.wire.truncation import mark_truncated
from agents.models.wire.usage import from_response_usage
from agents.models.wire.usage import usage_from_chat
from agents.structured.plan import OutputPlan
from agents.usage import raw_usage_snapshot

if TYPE_CHECKING:
    from agents.handoffs import Handoff
    from agents.model_settings import ModelSettings
    from agents.tool import Tool
    from agents.tracing.span_data import GenerationSpanData
    from agents.tracing.spans import Span

litellm = load_litellm()
logger = logging.getLogger("openai.agents")

LITELLM_PROFILE = ModelProfile(
    provider="litellm",
    reasoning_fields=("reasoning_content",),
    tool_call_extra_fields=("extra_content", SIGNATURE_FIELD),
)
"""litellm normalises every provider's reasoning text to `reasoning_content`, and sends back
only what it is given on messages (Claude's `thinking_blocks`, see `litellm_thinking`; Gemini's
thought signatures, see `litellm_signatures`)."""


_LITELLM_FAILURES = (openai.OpenAIError, ImportError)
"""litellm raises `openai`'s exception classes (and ImportError for a provider's missing SDK)."""


class LitellmModel(RequestModel):
    """A model reached through litellm, named in litellm's "provider/model" form.

    `base_url` and `api_key` default to what litellm reads from the environment for that
    provider (ANTHROPIC_API_KEY, AWS credentials, ...). Settings a provider does not take are
    dropped by litellm rather than failing the call; `extra_args={"drop_params": False}`
    makes them errors instead.
    """

    def __init__(
        self,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        should_replay_reasoning_content: ShouldReplayReasoningContent | None = None,
    ) -> None:
        if not isinstance(model, str) or not model.strip():
            raise UserError(
                "LitellmModel needs a model name in litellm's provider/model form, such as "
                "'anthropic/claude-3-5-sonnet-20240620'"
            )
        self.model = model
        self.base_url = base_url
        self.api_key = api_key
        self.should_replay_reasoning_content = should_replay_reasoning_content
        """Decides per reasoning item whether its text goes back as `reasoning_content`
        (agents.models.reasoning_content_replay); None: litellm's profile rule."""
        self._provider: str | None = None

    def __repr__(self) -> str:
        return f"LitellmModel(model={self.model!r}, base_url={self.base_url!r})"

    def __reduce__(self) -> tuple[Any, tuple[str, str | None]]:
        # Rebuilt from its name and URL; a key given here would be written into the pickle.
        if self.api_key is not None:
            raise UserError(
                f"LitellmModel(model={self.model!r}) with an api_key cannot be pickled: the "
                "key would travel inside the pickle. Let each process read the key from the "
                "provider's environment variable (LitellmModel(model=...) without api_key), "
                "or build the agent in each process from a factory: a module-level function "
                "that returns the Agent, passed by its 'module:function' path"
            )
        return (type(self), (self.model, self.base_url))

    @property
    def provider(self) -> str:
        """litellm's name for the provider this model is reached through."""
        if self._provider is None:
            try:
                found = litellm.get_llm_provider(self.model, api_base=self.base_url)[1]
            except Exception:
                # A bare name goes to litellm as it is (as the reference does); litellm's own
                # error says what it could not route.
                found = "litellm"
            self._provider = str(found)
        return self._provider

    def _typed(self, err: BaseException) -> ModelProviderError | None:
        """A transport failure or unreadable answer as the SDK's error (None: not one)."""
        return typed(err, base_url=self.base_url, model=self.model, api_key=self.api_key)

    def _wrap(self, err: Exception) -> ModelProviderError | UserError:
        return wrap_litellm_error(
            err,
            provider=self.provider,
            model=self.model,
            base_url=self.base_url,
            api_key=self.api_key,
        )

    def _endpoint(self) -> tuple[str, str]:
        return (self.base_url or self.provider, self.model)

    def _output_plan(self, request: ModelRequest) -> OutputPlan | None:
        """How this request asks for the output type (see agents.structured); litellm turns
        a json_schema response_format into each provider's own way (Claude: a forced tool)."""
        return output_plan(
            request.output_schema,
            request.tools,
            request.handoffs,
            LITELLM_PROFILE,
            self._endpoint(),
        )

    def _request(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        settings: ModelSettings,
        tools: list[Tool],
        handoffs: list[Handoff[Any, Any]],
        stream: bool,
        plan: OutputPlan | None,
        *,
        record: GenerationSpanData | None = None,
    ) -> dict[str, Any]:
        """`litellm.acompletion`'s keyword arguments, built once per call (the messages go
        on `record`, the call's generation span data, when tracing keeps data)."""
        if settings.reasoning is not None and settings.reasoning.summary is not None:
            logger.warning(
                "LitellmModel does not forward Reasoning.summary on the LiteLLM "
                "chat-completions path; ignoring summary and passing reasoning_effort only."
            )
        _ = self.provider  # a UserError, before any request, for a name litellm cannot route
        kwargs = build_body(
            self.model,
            system_instructions,
            input,
            settings,
            tools,
            handoffs,
            stream=stream,
            plan=plan,
            profile=LITELLM_PROFILE,
            reasoning_extras=thinking.extras_for(self.model),
            replay=None
            if self.should_replay_reasoning_content is None
            else replay_decision(self.should_replay_reasoning_content, self.model, self.base_url),
        )
        kwargs["drop_params"] = True
        if record is not None:
            record.input = kwargs["messages"]
        if self.base_url:
            kwargs["api_base"] = self.base_url
        if self.api_key:
            kwargs["api_key"] = self.api_key
        apply_request_options(kwargs, settings)
        if settings.extra_body:
            kwargs.update(settings.extra_body)  # litellm sends unknown arguments on to the provider
        # litellm's own default is 600 s per attempt; a dead server must not hold a run that long.
        kwargs["timeout"] = effective_timeout(settings.timeout, None)
        # The SDK retries (RetryPolicy); the OpenAI client litellm uses inside must not too.
        kwargs["max_retries"] = 0
        if settings.extra_args:
            kwargs.update(settings.extra_args)
        thinking.settle_foreign_tool_turn(kwargs)
        return kwargs

    def _builder(
        self, request: ModelRequest, stream: bool, record: GenerationSpanData | None
    ) -> Callable[[OutputPlan | None], dict[str, Any]]:
        """The request's body for each attempt's output plan (see `_request`)."""
        return partial(
            self._request,
            request.system_instructions,
            request.input,
            request.model_settings,
            request.tools,
            request.handoffs,
            stream,
            record=record,
        )

    async def _get_response(self, request: ModelRequest) -> ModelResponse:
        policy = policy_for(request.model_settings.retry, None)
        with self._span(request.model_settings, request.tracing) as span:
            record = span.span_data if request.tracing.include_data() else None
            build = self._builder(request, False, record)
            plan = self._output_plan(request)
            keep_raw = request.model_settings.preserve_raw_usage is True
            send = partial(self._respond_once, record, keep_raw=keep_raw)
            response = await respond(plan, self._endpoint(), policy, build, send)
            record_generation(span, response, self.model, request.tracing)
            return response

    def _span(self, settings: ModelSettings, tracing: ModelTracing) -> Span[GenerationSpanData]:
        return chat_generation_span(
            self.model,
            settings,
            tracing,
            base_url=self.base_url or "",
            provider=self.provider,
            impl="litellm",
        )

    async def _complete(self, kwargs: dict[str, Any]) -> Any:
        """`litellm.acompletion`, its failures as the SDK's errors naming the provider."""
        with typed_failures(self._typed, wrap=self._wrap, wrapped=_LITELLM_FAILURES):
            return await litellm.acompletion(**kwargs)

    async def _respond_once(
        self, record: GenerationSpanData | None, kwargs: dict[str, Any], *, keep_raw: bool = False
    ) -> ModelResponse:
        """One attempt: the call, and the answer read into output items."""
        response = await self._complete(kwargs)
        choices = getattr(response, "choices", None)
        if choices is None:
            raise self._bad_answer(
                f"litellm answered for model {self.model!r} ({self.provider}) with "
                f"{type(response).__name__}, not a completion"
            )
        with typed_failures(self._typed):
            raw = getattr(response, "usage", None)
            usage = usage_from_chat(raw)
            answered = partial(
                ModelResponse,
                usage=usage,
                response_id=None,
                raw_usage=raw_usage_snapshot(raw) if keep_raw else None,
            )
            if not choices:
                return answered(output=[])
            message = choices[0].message
            signatures = Signatures()
            signatures.strip_ids(getattr(message, "tool_calls", None))
            if record is not None:
                record.output = [_message_dict(message)]
            output = message_to_output_items(message, LITELLM_PROFILE, self.model)
            output = signatures.attach(output, self.model)
            output = thinking.attach(
                output, thinking.blocks_of(message), provider=self.provider, model=self.model
            )
            output = mark_truncated(output, getattr(choices[0], "finish_reason", None))
        return answered(output=output)

    async def _stream_response(self, request: ModelRequest) -> AsyncIterator[TResponseStreamEvent]:
        policy = policy_for(request.model_settings.retry, None)
        with self._span(request.model_settings, request.tracing) as span:
            record = span.span_data if request.tracing.include_data() else None
            build = self._builder(request, True, record)
            plan = self._output_plan(request)
            async for event in respond_streamed(
                plan, self._endpoint(), policy, build, self._stream_once
            ):
                if event.type == "response.completed":
                    final = event.response
                    usage = from_response_usage(final.usage)
                    record_streamed_generation(span, final, usage, request.tracing)
                yield event

    async def _stream_once(self, kwargs: dict[str, Any]) -> AsyncIterator[TResponseStreamEvent]:
        """One attempt: the call, and its chunks as Responses events."""
        stream = await self._complete(kwargs)
        idle = effective_timeout(kwargs.get("timeout"), None)
        converter = _StreamConverter(self.model, self.provider, stream, idle)
        chunks = bounded(stream, idle, chat_chunk_has_content)
        async with closing(stream):
            with typed_failures(
                self._typed,
                wrap=self._wrap_stream_failure,
                wrapped=_LITELLM_FAILURES,
                not_json=self._stream_not_json,
            ):
                async for event in converter.events(chunks):
                    yield event

    def _wrap_stream_failure(self, err: Exception) -> Exception:
        if _ended_early(err):  # litellm's own check for a stream cut before its finish
            cut = IncompleteStream("no finish reason; litellm: " + _EOF_MESSAGE)
            return incomplete_stream(cut, base_url=self.base_url, model=self.model)
        return self._wrap(err)

    def _stream_not_json(self, err: json.JSONDecodeError) -> ProviderResponseError:
        return self._bad_answer(
            f"{self.provider} sent a stream event for model {self.model!r} that is not "
            f"JSON: {err.msg}"
        )

    def _bad_answer(self, message: str) -> ProviderResponseError:
        """An answer from the provider the SDK cannot read, as the typed error naming it."""
        return ProviderResponseError(message, base_url=self.base_url, model=self.model)


def _message_dict(message: Any) -> dict[str, Any]:
    """litellm's message as the plain Chat Completions dict a span records."""
    dump = getattr(message, "model_dump", None)
    data = dump(warnings=False) if callable(dump) else dict(message)
    return {key: value for key, value in data.items() if value is not None}


_EOF_MESSAGE = "Stream ended before a finish_reason was received"


def _ended_early(err: BaseException) -> bool:
    """Whether litellm raised for a stream whose body ended before a finish reason (it wraps
    its own check in `MidStreamFallbackError` and the like, so the chain is searched)."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [err]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if _EOF_MESSAGE in str(current):
            return True
        original = getattr(current, "original_exception", None)
        pending += [current.__cause__, current.__context__]
        if isinstance(original, BaseException):
            pending.append(original)
    return False


class _StreamConverter(ChatStreamConverter):
    """The Chat Completions stream conversion, also gathering Claude's thinking blocks."""

    def __init__(
        self, model: str, provider: str, source: Any = None, idle: float | None = None
    ) -> None:
        super().__init__(model, LITELLM_PROFILE)
        self.provider = provider
        self._thinking = thinking.StreamedBlocks()
        self._signatures = Signatures()
        self._source = source
        self._idle = idle
        self._end = StreamEnd.watch(source)

    async def events(self, chunks: AsyncIterator[Any]) -> AsyncIterator[ResponseStreamEvent]:
        async for event in super().events(self._tap(chunks)):
            yield event

    async def _tap(self, chunks: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for chunk in chunks:
            for choice in getattr(chunk, "choices", None) or []:
                self._thinking.add(choice.delta)
                self._signatures.strip_ids(getattr(choice.delta, "tool_calls", None))
            yield chunk
        source = self._source
        if getattr(source, "received_any_finish_reason", True) is False and not (
            getattr(source, "received_finish_reason", None)
            or getattr(source, "intermittent_finish_reason", None)
        ):
            # litellm closes a stream the provider cut with a made-up "stop"; its wrapper
            # still knows that the provider never said it had finished.
            raise IncompleteStream(
                "the provider sent no finish reason", empty=self.chunks_seen == 0
            )
        missing = await self._end.missing(self._idle)
        if missing is not None:
            raise IncompleteStream(missing, empty=self.chunks_seen == 0)

    def output_items(self) -> list[TResponseOutputItem]:
        blocks = self._thinking.blocks()
        items = self._signatures.attach(super().output_items(), self.model)
        return thinking.attach(items, blocks, provider=self.provider, model=self.model)
