"""OpenAIChatCompletionsModel: the Chat Completions protocol, for every provider speaking it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from collections.abc import Callable
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING
from typing import Any

from openai import AsyncOpenAI
from openai.types.chat import ChatCompletion

from agents.exceptions import ModelProviderError
from agents.exceptions import ProviderResponseError
from agents.exceptions import ProviderStatusError
from agents.exceptions import UserError
from agents.hosted_tools import hosted_tools_error
from agents.items import ModelResponse
from agents.items import TResponseStreamEvent
from agents.models._closing import closing
from agents.models._request import ModelRequest
from agents.models._trace import chat_generation_span
from agents.models._trace import record_generation
from agents.models._trace import record_streamed_generation
from agents.models.chat.body import apply_request_options
from agents.models.chat.body import build_body
from agents.models.chat.converter import handoff_to_param
from agents.models.chat.converter import message_to_output_items
from agents.models.chat.request import shape_params
from agents.models.chat.sse import ChatChunks
from agents.models.chat.stream import ChatStreamConverter
from agents.models.chat.transport import send_chat
from agents.models.dialects.profiles import ModelProfile
from agents.models.interface import ModelTracing
from agents.models.providers.catalogue import profile_for_base_url
from agents.models.reasoning_content_replay import ShouldReplayReasoningContent
from agents.models.reasoning_content_replay import replay_decision
from agents.models.reliability.attempts import output_plan
from agents.models.reliability.attempts import respond
from agents.models.reliability.attempts import respond_streamed
from agents.models.reliability.inband_errors import from_stream_error
from agents.models.reliability.inband_errors import in_band_error
from agents.models.reliability.provider_errors import redact
from agents.models.reliability.provider_errors import wrap_provider_error
from agents.models.reliability.wire_errors import typed_failures
from agents.models.wire.client_model import OpenAIClientModel
from agents.models.wire.stream_guard import bounded
from agents.models.wire.stream_guard import bounded_by
from agents.models.wire.stream_guard import chat_chunk_has_content
from agents.models.wire.stream_guard import effective_timeout
from agents.models.wire.truncation import mark_truncated
from agents.models.wire.usage import find_usage
from agents.models.wire.usage import from_response_usage
from agents.models.wire.usage import usage_from_chat
from agents.structured.plan import OutputPlan
from agents.usage import raw_usage_snapshot

if TYPE_CHECKING:
    from agents.handoffs import Handoff
    from agents.model_settings import ModelSettings
    from agents.tracing.span_data import GenerationSpanData
    from agents.tracing.spans import Span


class OpenAIChatCompletionsModel(OpenAIClientModel):
    """A model reached through an `AsyncOpenAI` client's Chat Completions endpoint.

    Works with any OpenAI-compatible provider: point the client's base_url at it. Without a
    `profile`, the dialect is chosen once, here, from the client's base URL host (Gemini,
    Groq, Mistral, ...) and the model family, so the provider's quirks are handled without
    the user naming them.
    """

    def __init__(
        self,
        model: str,
        openai_client: AsyncOpenAI,
        should_replay_reasoning_content: ShouldReplayReasoningContent | None = None,
        strict_feature_validation: bool = False,
        buffer_streamed_tool_calls: bool = False,
        *,
        profile: ModelProfile | None = None,
    ) -> None:
        super().__init__(model, openai_client)
        self.strict_feature_validation = strict_feature_validation
        """Refuse (UserError) the settings Chat Completions does not take, rather than warn.
        Responses-only features that would change the answer (stored prompts, server-side
        conversation state, hosted tools) are refused either way."""
        self.buffer_streamed_tool_calls = buffer_streamed_tool_calls
        """Kept for the reference's API. Its effect is how this model always streams: a tool
        call's pieces are gathered and the call goes to the run whole, once the stream has it
        (agents.models.chat.stream), so unreliable pieces never reach the run half-made."""
        self.profile = profile or profile_for_base_url(str(openai_client.base_url), model)
        self.should_replay_reasoning_content = should_replay_reasoning_content
        """Decides per reasoning item whether its text goes back to the provider
        (agents.models.reasoning_content_replay); None: the provider profile's rule."""

    def _replay(self) -> Callable[[Mapping[str, Any]], bool] | None:
        hook = self.should_replay_reasoning_content
        return None if hook is None else replay_decision(hook, self.model, self.base_url)

    def _wrap(self, err: Exception) -> ModelProviderError:
        in_band = from_stream_error(
            err, base_url=self.base_url, model=self.model, api_key=self._api_key()
        )
        if in_band is not None:
            return in_band
        return wrap_provider_error(
            err, base_url=self.base_url, model=self.model, api_key=self._api_key()
        )

    def _check_route(self, request: ModelRequest) -> None:
        """Responses-only features fail here, before any request, naming this endpoint."""
        if not (
            request.tools
            or request.previous_response_id is not None
            or request.conversation_id is not None
            or request.model_settings.context_management is not None
            or request.prompt is not None
        ):
            return  # the usual request: nothing that could fail here
        where = f"the Chat Completions API at {self.base_url} (model {self.model!r})"
        error = hosted_tools_error(request.tools, where=where) or server_state_error(
            request.previous_response_id, request.conversation_id, where=where
        )
        if (
            error is None
            and self.strict_feature_validation
            and request.model_settings.context_management is not None
        ):
            error = UserError(
                f"ModelSettings.context_management is a Responses API setting; this agent's "
                f"model uses {where}. Use OpenAIResponsesModel, or drop the setting."
            )
        if error is None and request.prompt is not None:
            error = UserError(
                f"Agent.prompt (a prompt stored on OpenAI's platform) needs OpenAI's Responses "
                f"API; this agent's model uses {where}. Put the text in Agent.instructions."
            )
        if error is not None:
            raise error

    def _request(
        self,
        request: ModelRequest,
        stream: bool,
        plan: OutputPlan | None,
        *,
        record: GenerationSpanData | None = None,
    ) -> dict[str, Any]:
        """The request body, built once per call from settings and the conversation; the
        messages go on `record` (the call's generation span data) when tracing keeps data."""
        profile, settings = self.profile, request.model_settings
        body = build_body(
            self.model,
            request.system_instructions,
            request.input,
            settings,
            request.tools,
            request.handoffs,
            stream=stream,
            plan=plan,
            profile=profile,
            replay=self._replay(),
        )
        if record is not None:
            record.input = body["messages"]
        shape_params(body, profile)
        apply_request_options(body, settings)
        if settings.extra_body:
            body["extra_body"] = settings.extra_body
        timeout = self._request_timeout(settings)
        if timeout is not None:
            body["timeout"] = timeout
        if settings.extra_args:
            body.update(settings.extra_args)
        return body

    async def _get_response(self, request: ModelRequest) -> ModelResponse:
        self._check_route(request)
        client, policy = self._calling(request.model_settings)
        with self._span(request.model_settings, request.tracing) as span:
            record = span.span_data if request.tracing.include_data() else None
            build = partial(
                self._request,
                request,
                False,
                record=record,
            )
            plan = self._output_plan(request)
            keep_raw = request.model_settings.preserve_raw_usage is True
            send = partial(self._respond_once, client, record, keep_raw=keep_raw)
            response = await respond(plan, self._endpoint, policy, build, send)
            record_generation(span, response, self.model, request.tracing)
            return response

    def _output_plan(self, request: ModelRequest) -> OutputPlan | None:
        """How this request asks for the output type (see agents.structured)."""
        return output_plan(
            request.output_schema, request.tools, request.handoffs, self.profile, self._endpoint
        )

    def _span(self, settings: ModelSettings, tracing: ModelTracing) -> Span[GenerationSpanData]:
        return chat_generation_span(
            self.model,
            settings,
            tracing,
            base_url=self.base_url,
            provider=self.profile.provider,
            impl="openai_chatcompletions",
        )

    async def _respond_once(
        self,
        client: AsyncOpenAI,
        record: GenerationSpanData | None,
        body: dict[str, Any],
        *,
        keep_raw: bool = False,
    ) -> ModelResponse:
        """One attempt: the request, and the answer read into output items."""
        try:
            with typed_failures(wrap=self._wrap, not_json=self._not_json):
                completion = await send_chat(client, body, stream=False)
        except UnicodeDecodeError as err:
            raise self._not_utf8(err) from err
        completion = self._check_completion(completion)
        with typed_failures(self._typed):
            raw = find_usage(completion, self.profile.usage_paths)
            usage = usage_from_chat(raw)
            answered = partial(
                ModelResponse,
                usage=usage,
                response_id=None,
                request_id=getattr(completion, "_request_id", None),
                raw_usage=raw_usage_snapshot(raw) if keep_raw else None,
            )
            if not completion.choices:
                return answered(output=[])
            choice = completion.choices[0]
            if record is not None:
                record.output = [
                    choice.message.model_dump(mode="json", exclude_unset=True, warnings=False)
                ]
            output = message_to_output_items(choice.message, self.profile, self.model)
            output = mark_truncated(output, getattr(choice, "finish_reason", None))
        return answered(output=output)

    def _not_json(self, err: json.JSONDecodeError) -> ProviderResponseError:
        return ProviderResponseError(
            f"{self.base_url} answered for model {self.model!r} with a body that is not JSON "
            f"({err.msg} at char {err.pos}); is the base URL an OpenAI-compatible API?",
            base_url=self.base_url,
            model=self.model,
        )

    def _check_completion(self, completion: Any) -> ChatCompletion:
        """A 2xx body that is not a completion is the provider's error, said plainly."""
        if isinstance(completion, ChatCompletion) and (
            completion.choices or completion.usage is not None
        ):
            return completion
        extra = getattr(completion, "model_extra", None) or {}
        error = extra.get("error")
        if isinstance(error, dict):
            raise in_band_error(
                error,
                base_url=self.base_url,
                model=self.model,
                api_key=self._api_key(),
                where="body",
            )
        if error is not None:
            raise ProviderStatusError(
                redact(
                    f"Error inside a 2xx response from {self.base_url} for model "
                    f"{self.model!r}: {error}",
                    self._api_key(),
                ),
                base_url=self.base_url,
                model=self.model,
            )
        if isinstance(completion, ChatCompletion):
            return completion
        raise ProviderResponseError(
            f"The response from {self.base_url} for model {self.model!r} is not a chat "
            f"completion (got {type(completion).__name__}); is the base URL an "
            "OpenAI-compatible API?",
            base_url=self.base_url,
            model=self.model,
        )

    async def _stream_response(self, request: ModelRequest) -> AsyncIterator[TResponseStreamEvent]:
        self._check_route(request)
        client, policy = self._calling(request.model_settings)
        with self._span(request.model_settings, request.tracing) as span:
            build = partial(
                self._request,
                request,
                True,
                record=span.span_data if request.tracing.include_data() else None,
            )
            plan = self._output_plan(request)
            send = partial(self._stream_once, client)
            async for event in respond_streamed(plan, self._endpoint, policy, build, send):
                if event.type == "response.completed":
                    final = event.response
                    usage = from_response_usage(final.usage)
                    record_streamed_generation(span, final, usage, request.tracing)
                yield event

    async def _stream_once(
        self, client: AsyncOpenAI, body: dict[str, Any]
    ) -> AsyncIterator[TResponseStreamEvent]:
        """One attempt: the request, and its chunks as Responses events."""
        with typed_failures(wrap=self._wrap):
            stream = await send_chat(client, body, stream=True)
        if not hasattr(stream, "__aiter__"):
            raise ProviderResponseError(
                f"{self.base_url} answered a streaming request for model {self.model!r} "
                "without a stream",
                base_url=self.base_url,
                model=self.model,
            )
        converter = ChatStreamConverter(self.model, self.profile)
        idle = effective_timeout(body.get("timeout"), getattr(client, "timeout", None))
        if isinstance(stream, ChatChunks):
            # The lean path's reader hands over a socket read's chunks at a time; the
            # converter touches the idle clock as it takes each content chunk.
            batches, clock = bounded_by(stream.batches(), idle)
            events = converter.events_in_batches(batches, clock)
        else:
            events = converter.events(bounded(stream, idle, chat_chunk_has_content))
        async with closing(stream, "close"):
            with typed_failures(self._typed, wrap=self._wrap, not_json=self._not_json):
                async for event in events:
                    yield event


def handoff_tool_param(handoff: Handoff[Any, Any]) -> dict[str, Any]:
    """A handoff as a function declaration in OpenAI's dialect (see `handoff_to_param`)."""
    return handoff_to_param(handoff)


def server_state_error(
    previous_response_id: str | None, conversation_id: str | None, *, where: str
) -> UserError | None:
    """The error for server-side conversation state asked of a route that keeps none.

    Sending only the new items there would silently drop the whole history, so it fails.
    """
    if previous_response_id is None and conversation_id is None:
        return None
    given = "previous_response_id" if previous_response_id is not None else "conversation_id"
    return UserError(
        f"{given} needs OpenAI's Responses API, which keeps the conversation server-side; "
        f"this agent's model uses {where}, which does not. Pass the whole conversation "
        "instead: Runner.run(agent, result.to_input_list() + [new message])."
    )
