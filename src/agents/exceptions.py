"""The SDK's exception hierarchy.

Everything the SDK raises on purpose derives from `AgentsException`, so one `except` clause
catches it all. Errors that come from a model provider are `ModelProviderError`s: they name the
provider's base URL and the model, and they *also* derive from the matching `openai` exception
class, so code written for the reference SDK (`except openai.RateLimitError`) keeps working.
"""

from __future__ import annotations

from typing import Any

import openai


class AgentsException(Exception):
    """Base class for every exception the SDK raises itself."""


class UserError(AgentsException):
    """The SDK was used incorrectly: the message says what to change."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class ModelBehaviorError(AgentsException):
    """The model produced something the SDK cannot act on (malformed JSON, invalid output)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class MaxTurnsExceeded(AgentsException):
    """The run used up `max_turns` without reaching a final output."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


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


class InputGuardrailTripwireTriggered(AgentsException):
    """An input guardrail's tripwire fired."""

    def __init__(self, guardrail_result: Any) -> None:
        self.guardrail_result = guardrail_result
        super().__init__(f"Input guardrail {type(guardrail_result).__name__} triggered tripwire")


class OutputGuardrailTripwireTriggered(AgentsException):
    """An output guardrail's tripwire fired."""

    def __init__(self, guardrail_result: Any) -> None:
        self.guardrail_result = guardrail_result
        super().__init__(f"Output guardrail {type(guardrail_result).__name__} triggered tripwire")
