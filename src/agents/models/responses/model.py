"""OpenAIResponsesModel: OpenAI's own Responses API, with hosted tools and server-side state.

The conversation format of this SDK is the Responses API's, so little is translated: input items
go out nearly as they are (see responses_request), the response's output items come back as the
turn's output, and streamed events pass through unchanged.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING
from typing import Any

from openai import AsyncOpenAI
from openai.types.responses import Response

from agents.exceptions import ModelProviderError
from agents.exceptions import ProviderResponseError
from agents.items import ModelResponse
from agents.items import TResponseStreamEvent
from agents.models._closing import closing
from agents.models._request import ModelRequest
from agents.models._trace import describe_response_span
from agents.models._trace import record_response
from agents.models.dialects.profiles import OPENAI
from agents.models.interface import ModelTracing
from agents.models.providers.catalogue import provider_for_base_url
from agents.models.reliability.attempts import output_plan
from agents.models.reliability.attempts import respond
from agents.models.reliability.attempts import respond_streamed
from agents.models.reliability.inband_errors import in_band_error
from agents.models.reliability.provider_errors import wrap_provider_error
from agents.models.reliability.wire_errors import typed_failures
from agents.models.responses.request import build_request
from agents.models.wire.client_model import OpenAIClientModel
from agents.models.wire.http import http as _http
from agents.models.wire.output_check import check_output
from agents.models.wire.stream_guard import IncompleteStream
from agents.models.wire.stream_guard import bounded
from agents.models.wire.stream_guard import effective_timeout
from agents.models.wire.stream_guard import responses_event_has_content
from agents.models.wire.truncation import mark_truncated
from agents.models.wire.usage import from_response_usage
from agents.structured.plan import OutputPlan
from agents.tracing import response_span
from agents.usage import raw_usage_snapshot

if TYPE_CHECKING:
    from agents.model_settings import ModelSettings
    from agents.tracing.span_data import ResponseSpanData
    from agents.tracing.spans import Span

# Codes of failed responses and error events that mean the request was at fault (a 400),
# as documented for `response.error.code` (2025-08); the rest map as inband_errors says.
_REQUEST_FAULTS = frozenset(
    {
        "invalid_prompt",
        "invalid_image",
        "invalid_image_format",
        "invalid_base64_image",
        "invalid_image_url",
        "image_too_large",
        "image_too_small",
        "image_parse_error",
        "image_content_policy_violation",
        "invalid_image_mode",
        "image_file_too_large",
        "unsupported_image_media_type",
        "empty_image_file",
        "failed_to_download_image",
        "image_file_not_found",
    }
)


_FINAL_EVENTS = ("response.completed", "response.incomplete")


class OpenAIResponsesModel(OpenAIClientModel):
    """A model reached through an `AsyncOpenAI` client's Responses endpoint (`/responses`).

    The route for OpenAI's own API: hosted tools (web search, file search, code interpreter,
    image generation, hosted MCP), `previous_response_id` and conversations, images and files
    as input. Other providers are reached with OpenAIChatCompletionsModel.
    """

    def __init__(
        self, model: str, openai_client: AsyncOpenAI, *, model_is_explicit: bool = True
    ) -> None:
        super().__init__(model, openai_client)
        self.model_is_explicit = model_is_explicit
        """False when the model name is only the default (the provider was asked for none):
        then a run with a stored prompt (`Agent.prompt`) lets the prompt's model answer."""

    _native_local_tools = True
    """Local tools (shell, apply_patch, computer, custom, local_shell) go to this model as the
    API's built-in tool types; the run executes the calls they come back as."""

    def _wrap(self, err: Exception) -> ModelProviderError:
        return wrap_provider_error(
            err, base_url=self.base_url, model=self.model, api_key=self._api_key()
        )

    def _failure(self, error: Mapping[str, Any], where: str) -> ModelProviderError:
        """An error the API reported inside a 200 answer (a failed response, an error event),
        typed as the HTTP error it stands for."""
        error = {key: value for key, value in error.items() if value is not None}
        error.setdefault("message", "the response failed")
        if error.get("code") in _REQUEST_FAULTS:
            error["type"] = "invalid_request_error"
        request = _http.Request("POST", self.base_url.rstrip("/") + "/responses")
        return in_band_error(
            error,
            base_url=self.base_url,
            model=self.model,
            api_key=self._api_key(),
            request=request,
            where=where,
        )

    def _not_a_response(self, got: object) -> ProviderResponseError:
        return self._wrong_shape(
            f"The answer from {self.base_url} for model {self.model!r} is not a Responses API "
            f"response (got {type(got).__name__}); does this endpoint serve /responses? "
            "Other providers are reached with OpenAIChatCompletionsModel."
        )

    def _not_an_event(self, got: object) -> ProviderResponseError:
        return self._wrong_shape(
            f"The stream from {self.base_url} for model {self.model!r} sent an event that is "
            f"not a Responses API event (got {type(got).__name__}, with no 'type'); the "
            "endpoint's streaming does not follow the Responses API."
        )

    def _wrong_shape(self, message: str) -> ProviderResponseError:
        return ProviderResponseError(message, base_url=self.base_url, model=self.model)

    def _request(
        self, request: ModelRequest, stream: bool, plan: OutputPlan | None
    ) -> dict[str, Any]:
        """`client.responses.create`'s keyword arguments, built once per call."""
        body = build_request(self.model, request, stream=stream, plan=plan)
        if request.prompt is not None and not self.model_is_explicit:
            del body["model"]  # the stored prompt's own model answers
        timeout = self._request_timeout(request.model_settings)
        if timeout is not None:
            body["timeout"] = timeout
        return body

    async def _get_response(self, request: ModelRequest) -> ModelResponse:
        client, policy = self._calling(request.model_settings)
        build = partial(self._request, request, False)
        plan = self._output_plan(request)
        with self._span(request.model_settings, request.tracing) as span:
            send = partial(self._respond_once, client, span, request.input, request.tracing)
            response = await respond(plan, self._endpoint, policy, build, send)
            if request.model_settings.preserve_raw_usage is not True:
                response.raw_usage = None
            return response

    def _output_plan(self, request: ModelRequest) -> OutputPlan | None:
        """How this request asks for the output type (see agents.structured)."""
        return output_plan(
            request.output_schema, request.tools, request.handoffs, OPENAI, self._endpoint
        )

    def _span(self, model_settings: ModelSettings, tracing: ModelTracing) -> Span[ResponseSpanData]:
        # response_span is called here, where `self` and `model_settings` are locals:
        # Logfire's instrumentation reads them from this frame to name the model.
        span = response_span(disabled=tracing.is_disabled())
        describe_response_span(
            span, self.model, base_url=self.base_url, provider=self._provider_name()
        )
        return span

    def _provider_name(self) -> str:
        """Who serves this endpoint, by the provider table (looked up once)."""
        name: str | None = self.__dict__.get("_provider")
        if name is None:
            spec = provider_for_base_url(self.base_url)
            name = self.__dict__["_provider"] = spec.name if spec else "openai-compatible"
        return name

    async def _respond_once(
        self,
        client: AsyncOpenAI,
        span: Span[ResponseSpanData],
        input: Any,
        tracing: ModelTracing,
        body: dict[str, Any],
    ) -> ModelResponse:
        """One attempt: the request, and the answer checked."""
        try:
            with typed_failures(wrap=self._wrap, not_json=self._not_a_response):
                response = await client.responses.create(**body)
        except UnicodeDecodeError as err:
            raise self._not_utf8(err) from err
        with typed_failures(self._typed):
            result = self._read(response)
        record_response(span, response, result.usage, input, tracing)
        return result

    def _read(self, response: Any) -> ModelResponse:
        """The turn's output from a non-streamed answer, checked first."""
        if not isinstance(response, Response) or not isinstance(
            getattr(response, "output", None), list
        ):
            raise self._not_a_response(response)
        self._check_failed(response, "body")
        self._check_final(response)
        output = list(response.output)
        if response.status == "incomplete":  # marked as the API marks cut items (truncation)
            details = response.incomplete_details
            output = mark_truncated(output, details.reason if details else None)
        usage = from_response_usage(response.usage)
        return ModelResponse(
            output=output,
            usage=usage,
            response_id=response.id,
            request_id=getattr(response, "_request_id", None),
            raw_usage=raw_usage_snapshot(response.usage),
        )

    def _check_final(self, response: Any) -> None:
        """The parts of a finished response the run reads are what they claim to be (the
        client builds responses without validating them)."""
        check_output(getattr(response, "output", None), base_url=self.base_url, model=self.model)
        if not isinstance(getattr(response, "id", None), str):
            raise self._not_a_response(response)
        details = getattr(response, "incomplete_details", None)
        if details is not None and not isinstance(getattr(details, "reason", None), str | None):
            raise self._not_a_response(response)

    def _check_failed(self, response: Response, where: str) -> None:
        if response.status == "failed" or response.error is not None:
            error = response.error
            raise self._failure(error.model_dump() if error is not None else {}, where)

    async def _stream_response(self, request: ModelRequest) -> AsyncIterator[TResponseStreamEvent]:
        """The API's own events, unchanged; an error event or failed response raises after
        it is yielded, so stream consumers see it too."""
        client, policy = self._calling(request.model_settings)
        build = partial(self._request, request, True)
        plan = self._output_plan(request)
        with self._span(request.model_settings, request.tracing) as span:
            send = partial(self._stream_once, client)
            async for event in respond_streamed(plan, self._endpoint, policy, build, send):
                if event.type in ("response.completed", "response.incomplete"):
                    final = event.response
                    usage = from_response_usage(final.usage)
                    record_response(span, final, usage, request.input, request.tracing)
                yield event

    async def _stream_once(
        self, client: AsyncOpenAI, body: dict[str, Any]
    ) -> AsyncIterator[TResponseStreamEvent]:
        """One attempt: the request, and the API's events as they come."""
        with typed_failures(wrap=self._wrap):
            stream = await client.responses.create(**body)
        if not hasattr(stream, "__aiter__"):
            raise self._not_a_response(stream)
        idle = effective_timeout(body.get("timeout"), getattr(client, "timeout", None))
        finished, seen = False, 0
        async with closing(stream, "close"):
            with typed_failures(self._typed, wrap=self._wrap, not_json=self._not_a_response):
                async for event in bounded(stream, idle, responses_event_has_content):
                    seen += 1
                    if not isinstance(getattr(event, "type", None), str):
                        raise self._not_an_event(event)
                    if event.type in _FINAL_EVENTS:
                        self._check_final(event.response)
                        finished = True
                    yield event
                    if event.type == "error":
                        raise self._failure(event.model_dump(exclude={"type"}), "stream")
                    if event.type == "response.failed":
                        self._check_failed(event.response, "stream")
                        raise self._failure({}, "stream")
                if not finished:
                    raise IncompleteStream("no response.completed event", empty=seen == 0)
