"""LitellmModel: the route for providers without an OpenAI-compatible API.

litellm speaks each provider's own protocol (Anthropic's Messages API, Bedrock, Vertex AI,
Cohere) and hands back Chat Completions-shaped messages and stream chunks, so this model
reuses the Chat Completions route's converters both ways; what is litellm's own is the call,
its settings, its errors, and Claude's signed thinking blocks (see `litellm_thinking`).
Install with `pip install "freeagents[litellm]"`.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from functools import partial
from typing import TYPE_CHECKING, Any

import openai
from openai.types.responses import ResponseStreamEvent

from agents.exceptions import ModelProviderError, ProviderResponseError, UserError
from agents.extensions.models import litellm_thinking as thinking
from agents.extensions.models.litellm_errors import wrap_litellm_error
from agents.extensions.models.litellm_import import load_litellm
from agents.items import (
    ModelResponse,
    TResponseInputItem,
    TResponseOutputItem,
    TResponseStreamEvent,
)
from agents.models.chat.body import apply_request_options, build_body
from agents.models.chat.converter import (
    message_to_output_items,
)
from agents.models.chat.stream import ChatStreamConverter
from agents.models.dialects.profiles import ModelProfile
from agents.models.interface import Model, ModelTracing
from agents.models.reliability.attempts import output_plan, respond, respond_streamed
from agents.models.reliability.retry import policy_for
from agents.models.reliability.wire_errors import typed, typed_failures
from agents.models.wire.truncation import mark_truncated
from agents.models.wire.usage import usage_from_chat
from agents.structured.plan import OutputPlan

if TYPE_CHECKING:
    from agents.agent_output import AgentOutputSchemaBase
    from agents.handoffs import Handoff
    from agents.model_settings import ModelSettings
    from agents.tool import Tool

litellm = load_litellm()

LITELLM_PROFILE = ModelProfile(provider="litellm", reasoning_fields=("reasoning_content",))
"""litellm normalises every provider's reasoning text to `reasoning_content`, and sends back
only what it is given on messages (Claude's `thinking_blocks`, see `litellm_thinking`)."""


_LITELLM_FAILURES = (openai.OpenAIError, ImportError)
"""litellm raises `openai`'s exception classes (and ImportError for a provider's missing SDK)."""


class LitellmModel(Model):
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
    ) -> None:
        if not isinstance(model, str) or not model.strip():
            raise UserError(
                "LitellmModel needs a model name in litellm's provider/model form, such as "
                "'anthropic/claude-3-5-sonnet-20240620'"
            )
        self.model = model
        self.base_url = base_url
        self.api_key = api_key
        self._provider: str | None = None

    def __repr__(self) -> str:
        return f"LitellmModel(model={self.model!r}, base_url={self.base_url!r})"

    @property
    def provider(self) -> str:
        """litellm's name for the provider this model is reached through."""
        if self._provider is None:
            try:
                found = litellm.get_llm_provider(self.model, api_base=self.base_url)[1]
            except Exception as exc:  # litellm raises its BadRequestError, not a typed miss
                raise UserError(
                    f"litellm cannot tell which provider serves model {self.model!r}; name it "
                    "in litellm's provider/model form, such as "
                    "'anthropic/claude-3-5-sonnet-20240620' or 'bedrock/<model id>'"
                ) from exc
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

    def _output_plan(
        self,
        output_schema: AgentOutputSchemaBase | None,
        tools: list[Tool],
        handoffs: list[Handoff[Any, Any]],
    ) -> OutputPlan | None:
        """How this request asks for the output type (see agents.structured); litellm turns
        a json_schema response_format into each provider's own way (Claude: a forced tool)."""
        return output_plan(output_schema, tools, handoffs, LITELLM_PROFILE, self._endpoint())

    def _request(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        settings: ModelSettings,
        tools: list[Tool],
        handoffs: list[Handoff[Any, Any]],
        stream: bool,
        plan: OutputPlan | None,
    ) -> dict[str, Any]:
        """`litellm.acompletion`'s keyword arguments, built once per call."""
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
        )
        kwargs["drop_params"] = True
        if self.base_url:
            kwargs["api_base"] = self.base_url
        if self.api_key:
            kwargs["api_key"] = self.api_key
        apply_request_options(kwargs, settings)
        if settings.extra_body:
            kwargs.update(settings.extra_body)  # litellm sends unknown arguments on to the provider
        # The SDK retries (RetryPolicy); the OpenAI client litellm uses inside must not too.
        kwargs["max_retries"] = 0
        if settings.extra_args:
            kwargs.update(settings.extra_args)
        thinking.settle_foreign_tool_turn(kwargs)
        return kwargs

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
        policy = policy_for(model_settings.retry, None)
        build = partial(
            self._request, system_instructions, input, model_settings, tools, handoffs, False
        )
        plan = self._output_plan(output_schema, tools, handoffs)
        return await respond(plan, self._endpoint(), policy, build, self._respond_once)

    async def _complete(self, kwargs: dict[str, Any]) -> Any:
        """`litellm.acompletion`, its failures as the SDK's errors naming the provider."""
        with typed_failures(self._typed, wrap=self._wrap, wrapped=_LITELLM_FAILURES):
            return await litellm.acompletion(**kwargs)

    async def _respond_once(self, kwargs: dict[str, Any]) -> ModelResponse:
        """One attempt: the call, and the answer read into output items."""
        response = await self._complete(kwargs)
        choices = getattr(response, "choices", None)
        if choices is None:
            raise ProviderResponseError(
                f"litellm answered for model {self.model!r} ({self.provider}) with "
                f"{type(response).__name__}, not a completion",
                base_url=self.base_url,
                model=self.model,
            )
        with typed_failures(self._typed):
            usage = usage_from_chat(getattr(response, "usage", None))
            if not choices:
                return ModelResponse(output=[], usage=usage, response_id=None)
            message = choices[0].message
            output = message_to_output_items(message, LITELLM_PROFILE, self.model)
            output = thinking.attach(
                output, thinking.blocks_of(message), provider=self.provider, model=self.model
            )
            output = mark_truncated(output, getattr(choices[0], "finish_reason", None))
        return ModelResponse(output=output, usage=usage, response_id=None)

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
        policy = policy_for(model_settings.retry, None)
        build = partial(
            self._request, system_instructions, input, model_settings, tools, handoffs, True
        )
        plan = self._output_plan(output_schema, tools, handoffs)
        async for event in respond_streamed(
            plan, self._endpoint(), policy, build, self._stream_once
        ):
            yield event

    async def _stream_once(self, kwargs: dict[str, Any]) -> AsyncIterator[TResponseStreamEvent]:
        """One attempt: the call, and its chunks as Responses events."""
        stream = await self._complete(kwargs)
        converter = _StreamConverter(self.model, self.provider)
        try:
            with typed_failures(
                self._typed,
                wrap=self._wrap,
                wrapped=_LITELLM_FAILURES,
                not_json=self._stream_not_json,
            ):
                async for event in converter.events(stream):
                    yield event
        finally:
            close = getattr(stream, "aclose", None)
            if close is not None:
                await close()

    def _stream_not_json(self, err: json.JSONDecodeError) -> ProviderResponseError:
        return ProviderResponseError(
            f"{self.provider} sent a stream event for model {self.model!r} that is not "
            f"JSON: {err.msg}",
            base_url=self.base_url,
            model=self.model,
        )


class _StreamConverter(ChatStreamConverter):
    """The Chat Completions stream conversion, also gathering Claude's thinking blocks."""

    def __init__(self, model: str, provider: str) -> None:
        super().__init__(model, LITELLM_PROFILE)
        self.provider = provider
        self._thinking = thinking.StreamedBlocks()

    async def events(self, chunks: AsyncIterator[Any]) -> AsyncIterator[ResponseStreamEvent]:
        async for event in super().events(self._tap(chunks)):
            yield event

    async def _tap(self, chunks: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for chunk in chunks:
            for choice in getattr(chunk, "choices", None) or []:
                self._thinking.add(choice.delta)
            yield chunk

    def output_items(self) -> list[TResponseOutputItem]:
        blocks = self._thinking.blocks()
        return thinking.attach(
            super().output_items(), blocks, provider=self.provider, model=self.model
        )
