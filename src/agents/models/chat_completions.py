"""OpenAIChatCompletionsModel: the Chat Completions protocol, for every provider speaking it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletion

from ..exceptions import ModelProviderError, ProviderResponseError, ProviderStatusError
from ..hosted_tools import hosted_tools_error
from ..items import ModelResponse, TResponseInputItem, TResponseStreamEvent
from ..server_conversation import server_state_error
from ..structured.plan import (
    OutputPlan,
    call_with_fallback,
    choose_plan,
    stream_with_fallback,
)
from .chat_usage import find_usage, usage_from_chat
from .chatcmpl_converter import (
    handoff_to_param,
    items_to_messages,
    message_to_output_items,
    tool_choice_param,
    tool_to_param,
)
from .chatcmpl_request import apply_output_plan, shape_params
from .chatcmpl_stream import ChatStreamConverter
from .inband_errors import from_stream_error, in_band_error
from .interface import Model, ModelTracing
from .profiles import ModelProfile
from .provider_errors import redact, wrap_provider_error
from .providers import profile_for_base_url
from .retry import (
    RetryPolicy,
    call_with_retries,
    policy_for,
    stream_with_retries,
    without_client_retries,
)
from .truncation import mark_truncated
from .wire_errors import typed

if TYPE_CHECKING:
    from ..agent_output import AgentOutputSchemaBase
    from ..handoffs import Handoff
    from ..model_settings import ModelSettings
    from ..tool import Tool


class OpenAIChatCompletionsModel(Model):
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
        *,
        profile: ModelProfile | None = None,
    ) -> None:
        self.model = model
        self._client = openai_client
        self.profile = profile or profile_for_base_url(str(openai_client.base_url), model)

    def __repr__(self) -> str:
        return f"OpenAIChatCompletionsModel(model={self.model!r}, base_url={self.base_url!r})"

    @property
    def base_url(self) -> str:
        return str(self._client.base_url)

    def _api_key(self) -> str | None:
        key = getattr(self._client, "api_key", None)
        return key if isinstance(key, str) else None

    def _calling(self, settings: ModelSettings) -> tuple[AsyncOpenAI, RetryPolicy]:
        """The client to call through and the retry policy: the SDK retries, so the client's
        own retries are off (its attempts count becomes the policy's, unless one is set)."""
        client = self._client
        policy = policy_for(settings.retry, getattr(client, "max_retries", None))
        if hasattr(client, "with_options"):
            client = without_client_retries(client)
        return client, policy

    def _typed(self, err: BaseException) -> ModelProviderError | None:
        """A transport failure or unreadable answer as the SDK's error (None: not one)."""
        return typed(err, base_url=self.base_url, model=self.model, api_key=self._api_key())

    def _wrap(self, err: Exception) -> ModelProviderError:
        in_band = from_stream_error(
            err, base_url=self.base_url, model=self.model, api_key=self._api_key()
        )
        if in_band is not None:
            return in_band
        return wrap_provider_error(
            err, base_url=self.base_url, model=self.model, api_key=self._api_key()
        )

    def _check_route(
        self, tools: list[Tool], previous_response_id: str | None, conversation_id: str | None
    ) -> None:
        """Responses-only features fail here, before any request, naming this endpoint."""
        where = f"the Chat Completions API at {self.base_url} (model {self.model!r})"
        error = hosted_tools_error(tools, where=where) or server_state_error(
            previous_response_id, conversation_id, where=where
        )
        if error is not None:
            raise error

    def _output_plan(
        self,
        output_schema: AgentOutputSchemaBase | None,
        tools: list[Tool],
        handoffs: list[Handoff[Any, Any]],
    ) -> OutputPlan | None:
        """How this request asks for the output type (see agents.structured)."""
        if output_schema is None:
            return None
        names = [getattr(tool, "name", "") for tool in tools] + [h.tool_name for h in handoffs]
        return choose_plan(
            output_schema, self.profile, tool_names=names, endpoint=(self.base_url, self.model)
        )

    def _request(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff[Any, Any]],
        stream: bool,
        plan: OutputPlan | None = None,
    ) -> dict[str, Any]:
        """The request body, built once per call from settings and the conversation."""
        profile = self.profile
        if plan is None:
            plan = self._output_plan(output_schema, tools, handoffs)
        if plan is not None:
            system_instructions = plan.system_prompt(system_instructions)
        messages = items_to_messages(input, profile, model=self.model)
        if system_instructions:
            messages.insert(0, {"role": "system", "content": system_instructions})
        tool_params = [tool_to_param(tool, profile) for tool in tools]
        tool_params.extend(handoff_to_param(h, profile) for h in handoffs)
        body: dict[str, Any] = {"model": self.model, "messages": messages}
        if tool_params:
            body["tools"] = tool_params
            choice = tool_choice_param(settings.tool_choice, profile)
            if choice is not None:
                body["tool_choice"] = choice
            if settings.parallel_tool_calls is not None and profile.supports_parallel_tool_calls:
                body["parallel_tool_calls"] = settings.parallel_tool_calls
        apply_output_plan(body, plan, settings.tool_choice)
        for name in ("temperature", "top_p", "frequency_penalty", "presence_penalty"):
            value = getattr(settings, name)
            if value is not None:
                body[name] = value
        if settings.max_tokens is not None:
            body[profile.max_tokens_field] = settings.max_tokens
        if settings.reasoning is not None and settings.reasoning.effort is not None:
            body["reasoning_effort"] = settings.reasoning.effort
        if settings.verbosity is not None:
            body["verbosity"] = settings.verbosity
        if settings.metadata is not None:
            body["metadata"] = settings.metadata
        if settings.store is not None:
            body["store"] = settings.store
        if settings.top_logprobs is not None:
            body["logprobs"] = True
            body["top_logprobs"] = settings.top_logprobs
        if stream:
            body["stream"] = True
            if settings.include_usage is not False and profile.supports_stream_usage_option:
                body["stream_options"] = {"include_usage": True}
        shape_params(body, profile)
        if settings.extra_headers:
            body["extra_headers"] = settings.extra_headers
        if settings.extra_query:
            body["extra_query"] = settings.extra_query
        if settings.extra_body:
            body["extra_body"] = settings.extra_body
        if settings.timeout is not None:
            body["timeout"] = settings.timeout
        if settings.extra_args:
            body.update(settings.extra_args)
        return body

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
        self._check_route(tools, previous_response_id, conversation_id)
        client, policy = self._calling(model_settings)

        async def attempt(plan: OutputPlan | None) -> ModelResponse:
            body = self._request(
                system_instructions,
                input,
                model_settings,
                tools,
                output_schema,
                handoffs,
                False,
                plan,
            )
            response = await call_with_retries(policy, lambda: self._respond_once(client, body))
            return plan.convert_response(response) if plan is not None else response

        plan = self._output_plan(output_schema, tools, handoffs)
        return await call_with_fallback(plan, (self.base_url, self.model), attempt)

    async def _respond_once(self, client: AsyncOpenAI, body: dict[str, Any]) -> ModelResponse:
        """One attempt: the request, and the answer read into output items."""
        try:
            completion = await client.chat.completions.create(**body)
        except openai.OpenAIError as err:
            raise self._wrap(err) from err
        except json.JSONDecodeError as err:
            raise self._not_json(err) from err
        completion = self._check_completion(completion)
        try:
            usage = usage_from_chat(find_usage(completion, self.profile.usage_paths))
            if not completion.choices:
                return ModelResponse(output=[], usage=usage, response_id=None)
            choice = completion.choices[0]
            output = message_to_output_items(choice.message, self.profile, self.model)
            output = mark_truncated(output, getattr(choice, "finish_reason", None))
        except Exception as err:
            typed_error = self._typed(err)
            if typed_error is None:
                raise
            raise typed_error from err
        return ModelResponse(output=output, usage=usage, response_id=None)

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

    async def stream_response(
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
        self._check_route(tools, previous_response_id, conversation_id)
        client, policy = self._calling(model_settings)

        def attempt(plan: OutputPlan | None) -> AsyncIterator[TResponseStreamEvent]:
            body = self._request(
                system_instructions,
                input,
                model_settings,
                tools,
                output_schema,
                handoffs,
                True,
                plan,
            )
            events = stream_with_retries(policy, lambda: self._stream_once(client, body))
            return plan.convert_events(events) if plan is not None else events

        plan = self._output_plan(output_schema, tools, handoffs)
        async for event in stream_with_fallback(plan, (self.base_url, self.model), attempt):
            yield event

    async def _stream_once(
        self, client: AsyncOpenAI, body: dict[str, Any]
    ) -> AsyncIterator[TResponseStreamEvent]:
        """One attempt: the request, and its chunks as Responses events."""
        try:
            stream = await client.chat.completions.create(**body)
        except openai.OpenAIError as err:
            raise self._wrap(err) from err
        if not hasattr(stream, "__aiter__"):
            raise ProviderResponseError(
                f"{self.base_url} answered a streaming request for model {self.model!r} "
                "without a stream",
                base_url=self.base_url,
                model=self.model,
            )
        converter = ChatStreamConverter(self.model, self.profile)
        try:
            async for event in converter.events(stream):
                if event.type == "response.completed" and converter.chunks_seen == 0:
                    raise ProviderResponseError(
                        f"The stream from {self.base_url} for model {self.model!r} ended "
                        "without a single event; is the base URL an OpenAI-compatible API?",
                        base_url=self.base_url,
                        model=self.model,
                    )
                yield event
        except openai.OpenAIError as err:
            raise self._wrap(err) from err
        except json.JSONDecodeError as err:
            raise self._not_json(err) from err
        except Exception as err:
            typed_error = self._typed(err)
            if typed_error is None:
                raise
            raise typed_error from err
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                await close()


def handoff_tool_param(handoff: Handoff[Any, Any]) -> dict[str, Any]:
    """A handoff as a function declaration in OpenAI's dialect (see `handoff_to_param`)."""
    return handoff_to_param(handoff)
