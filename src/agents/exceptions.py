"""The SDK's exception hierarchy.

Everything the SDK raises on purpose derives from `AgentsException`, so one `except` clause
catches it all. Errors that come from a model provider are `ModelProviderError`s: they name the
provider's base URL and the model, and they *also* derive from the matching `openai` exception
class, so code written for the reference SDK (`except openai.RateLimitError`) keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from typing import ClassVar

import openai

from agents.run_error_details import RunErrorDetails as RunErrorDetails  # the reference's home too


class AgentsException(Exception):
    """Base class for every exception the SDK raises itself."""

    run_data: RunErrorDetails | None = None
    """Set on an exception raised out of a run: the run as it stood before the failed turn
    (input, completed items, responses, last agent, context), so the caller can inspect it
    and resume with `run_data.to_input_list()`."""


class _MessageError(AgentsException):
    """An error made from its message alone, which it also keeps as `message`."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class UserError(_MessageError):
    """The SDK was used incorrectly: the message says what to change."""


class ModelBehaviorError(AgentsException):
    """The model produced something the SDK cannot act on (malformed JSON, invalid output)."""

    def __init__(
        self,
        message: str,
        *,
        raw_output: str | None = None,
        validation_error: Exception | None = None,
    ) -> None:
        self.message = message
        self.raw_output = raw_output
        """For a structured output that failed: the model's text, whole."""
        self.validation_error = validation_error
        """For a structured output that failed: why (a pydantic ValidationError, usually)."""
        super().__init__(message)


class OutputTruncatedError(ModelBehaviorError):
    """The model's answer was cut off (finish_reason "length": the output token limit) where
    a partial answer cannot be used: a tool call with cut-off arguments, or a structured
    output. The message names the limit; raise `ModelSettings.max_tokens` or ask for less."""


class RunTimeoutError(_MessageError, TimeoutError):
    """The run did not finish within `RunConfig.run_timeout`; it was cancelled, its open
    model request closed. Also a `TimeoutError`, so `except TimeoutError` catches it."""


class MaxTurnsExceeded(_MessageError):
    """The run used up `max_turns` without reaching a final output."""


class MCPToolCancellationError(_MessageError):
    """An MCP tool call was cancelled by the MCP client or server, not by the caller.

    Kept apart from asyncio.CancelledError so that one tool's cancelled call reaches the
    model as a tool error instead of cancelling the whole run.
    """


class ModelProviderError(AgentsException):
    """A model provider answered with an error, or could not be reached.

    Attributes name where the request went, so a multi-provider program can tell which
    provider failed; the API key is never part of the message.
    """

    message: str
    base_url: str | None
    model: str | None

    def __init__(
        self,
        message: str,
        *,
        base_url: str | None = None,
        model: str | None = None,
        status_code: int | None = None,
    ) -> None:
        self.message = message
        self.base_url = base_url
        self.model = model
        # Untyped on purpose: the openai base classes declare status_code as int.
        setattr(self, "status_code", status_code)  # noqa: B010
        Exception.__init__(self, message)

    def __str__(self) -> str:
        return self.message


class ProviderAuthenticationError(ModelProviderError, openai.AuthenticationError):
    """401: the key was missing, wrong, or for another provider."""


class ProviderPermissionError(ModelProviderError, openai.PermissionDeniedError):
    """403: the key is valid but not allowed to use this model or endpoint."""


class ProviderNotFoundError(ModelProviderError, openai.NotFoundError):
    """404: usually a model name the provider does not serve, or a wrong base URL."""


class ProviderBadRequestError(ModelProviderError, openai.BadRequestError):
    """400: the provider rejected the request (a setting or schema it does not accept)."""


class ProviderConflictError(ModelProviderError, openai.ConflictError):
    """409: the request conflicts with the provider's state (retried by default)."""


class ProviderUnprocessableError(ModelProviderError, openai.UnprocessableEntityError):
    """422: the provider rejected the request body."""


class ProviderRateLimitError(ModelProviderError, openai.RateLimitError):
    """429: rate limited or out of quota."""


class ProviderServerError(ModelProviderError, openai.InternalServerError):
    """5xx: the provider failed."""


class ProviderStatusError(ModelProviderError, openai.APIStatusError):
    """Any other HTTP error status."""


class ProviderConnectionError(ModelProviderError, openai.APIConnectionError):
    """The provider could not be reached (refused, reset, DNS)."""


class ProviderTimeoutError(ModelProviderError, openai.APITimeoutError):
    """The provider did not answer in time."""


class ProviderResponseError(ModelProviderError, openai.APIResponseValidationError):
    """The provider answered 2xx with a body that is not a valid response."""


@dataclass
class ModelAttempt:
    """One model's try in a fallback chain, and why it did not do."""

    model: str
    """The model's name."""

    where: str
    """The model as configured (its repr: class, name and base URL), to tell providers apart."""

    base_url: str | None
    """Where its requests went, when it has a base URL."""

    reason: str
    """Why it failed: the error's message, or what was wrong with its answer."""

    error: BaseException | None = None
    """The exception it raised, or None when it answered unusably."""

    def describe(self) -> str:
        if self.error is not None and isinstance(self.error, ModelProviderError):
            return self.reason  # the SDK's provider errors name the base URL and model
        return f"{self.where}: {self.reason}"


class AllModelsFailedError(ModelProviderError):
    """Every model of a fallback chain failed. `attempts` lists each (model, where, why) in
    order; `base_url`, `model` and `status_code` are those of the last attempt, and the last
    attempt's error is the `__cause__`."""

    def __init__(self, message: str, attempts: list[ModelAttempt]) -> None:
        last = attempts[-1] if attempts else None
        super().__init__(
            message,
            base_url=last.base_url if last else None,
            model=last.model if last else None,
            status_code=getattr(last.error, "status_code", None) if last else None,
        )
        self.attempts = attempts


class _GuardrailTripwire(AgentsException):
    """A run's input or output guardrail fired; the message names which side."""

    _side: ClassVar[str]

    def __init__(self, guardrail_result: Any) -> None:
        self.guardrail_result = guardrail_result
        kind = type(guardrail_result).__name__
        super().__init__(f"{self._side} guardrail {kind} triggered tripwire")


class InputGuardrailTripwireTriggered(_GuardrailTripwire):
    """An input guardrail's tripwire fired."""

    _side = "Input"


class OutputGuardrailTripwireTriggered(_GuardrailTripwire):
    """An output guardrail's tripwire fired."""

    _side = "Output"


class ModelRefusalError(AgentsException):
    """The model refused to answer (a refusal instead of the output the run needed)."""

    def __init__(self, refusal: str) -> None:
        self.refusal = refusal
        super().__init__(f"Model refused to produce output: {refusal}")


class ModelTimeoutError(AgentsException):
    """A model call took longer than its configured time limit."""

    def __init__(self, timeout_seconds: float) -> None:
        self.timeout_seconds = timeout_seconds
        super().__init__(f"Model call timed out after {timeout_seconds:g} seconds.")


class ToolTimeoutError(AgentsException):
    """A function tool ran longer than its `timeout_seconds` (with
    `timeout_behavior="raise_exception"`; otherwise the model is told and the run goes on)."""

    def __init__(self, tool_name: str, timeout_seconds: float) -> None:
        self.tool_name = tool_name
        self.timeout_seconds = timeout_seconds
        super().__init__(f"Tool '{tool_name}' timed out after {timeout_seconds:g} seconds.")


class _ToolGuardrailTripwire(AgentsException):
    """A tool's input or output guardrail asked to halt the run; the message names which."""

    _side: ClassVar[str]

    def __init__(self, guardrail: Any, output: Any) -> None:
        self.guardrail = guardrail
        self.output = output
        name = guardrail.get_name()
        super().__init__(f"Tool {self._side} guardrail {name!r} triggered tripwire")


class ToolInputGuardrailTripwireTriggered(_ToolGuardrailTripwire):
    """A tool input guardrail asked to halt the run before the tool ran."""

    _side = "input"


class ToolOutputGuardrailTripwireTriggered(_ToolGuardrailTripwire):
    """A tool output guardrail asked to halt the run after the tool ran."""

    _side = "output"


class FeatureNotImplementedError(ImportError):
    """A part of the openai-agents API that freeagents does not implement yet.

    An ImportError, so `try: import ... except ImportError` fallbacks keep working; the
    message names the feature and what to use meanwhile.
    """
