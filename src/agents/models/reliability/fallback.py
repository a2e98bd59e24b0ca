"""FallbackModel: a chain of models, across providers, tried in order until one answers.

A provider outage, a rate limit that outlasts the retries, or an empty answer should not end
a run when another provider could answer. Each model retries on its own first (its
`RetryPolicy`); only then does the next model get the turn. Streams fall back only while no
content has reached the caller: events that say nothing yet are held back until content
arrives, so a stream that dies or comes back empty before that is replaced invisibly.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING
from typing import Any

from agents.exceptions import AllModelsFailedError
from agents.exceptions import ModelAttempt
from agents.exceptions import ModelBehaviorError
from agents.exceptions import ModelProviderError
from agents.exceptions import UserError
from agents.items import ModelResponse
from agents.items import TResponseStreamEvent
from agents.models._request import ModelRequest
from agents.models._request import RequestModel
from agents.models.interface import Model
from agents.models.interface import ModelProvider
from agents.models.reliability.attempt_spans import record_fallback
from agents.models.reliability.retry import HeldEvents
from agents.models.wire.unusable import unusable_reason

if TYPE_CHECKING:
    pass

logger = logging.getLogger("openai.agents")

__all__ = ["FallbackModel", "ModelAttempt"]

_FAILURES = (ModelProviderError, ModelBehaviorError, UserError)


class FallbackModel(RequestModel):
    """Use anywhere a Model goes: `Agent(model=FallbackModel("gpt-4.1", "groq/llama-3.3-70b"))`.

    Entries are Model instances or model names; names are resolved, when first needed, by the
    run's model provider (`RunConfig.model_provider`) or by `provider`. The next model is
    tried when one raises a provider error (after its own retries), answers unusably (see
    `unusable_reason`), or, for a fallback, cannot be set up (a missing key). When all fail,
    `AllModelsFailedError` lists every attempt. A UserError from the first model is raised at
    once: it is a mistake in the program, not an outage.
    """

    def __init__(
        self,
        primary: str | Model,
        *fallbacks: str | Model,
        provider: ModelProvider | None = None,
    ) -> None:
        entries = (primary, *fallbacks)
        for entry in entries:
            if not isinstance(entry, str | Model) or (isinstance(entry, str) and not entry):
                raise UserError(
                    "FallbackModel takes Model instances or model names, got "
                    f"{type(entry).__name__} {entry!r}"
                )
        self.entries: tuple[str | Model, ...] = entries
        self.provider = provider

    def __repr__(self) -> str:
        return f"FallbackModel({', '.join(repr(e) for e in self.entries)})"

    @property
    def model(self) -> str:
        """The first model's name (recorded on traces)."""
        return _name(self.entries[0])

    @property
    def base_url(self) -> str | None:
        first = self.entries[0]
        return getattr(first, "base_url", None) if isinstance(first, Model) else None

    def bind(self, provider: ModelProvider) -> FallbackModel:
        """This chain with names resolved by `provider` (unless it has its own)."""
        if self.provider is not None or all(isinstance(e, Model) for e in self.entries):
            return self
        return FallbackModel(*self.entries, provider=provider)

    def _resolve(self, entry: str | Model) -> Model:
        if isinstance(entry, Model):
            return entry
        provider = self.provider
        if provider is None:
            from agents.models.multi_provider import MultiProvider

            provider = self.provider = MultiProvider()
        return provider.get_model(entry)

    def _attempt(
        self,
        entry: str | Model,
        model: Model | None,
        err: BaseException | None,
        reason: str | None = None,
    ) -> ModelAttempt:
        where = repr(model) if model is not None else repr(entry)
        return ModelAttempt(
            model=_name(model if model is not None else entry),
            where=where,
            base_url=getattr(model, "base_url", None) if model is not None else None,
            reason=reason if reason is not None else str(err),
            error=err,
        )

    def _exhausted(self, attempts: list[ModelAttempt]) -> AllModelsFailedError:
        lines = "\n".join(f"  {n}. {a.describe()}" for n, a in enumerate(attempts, 1))
        error = AllModelsFailedError(
            f"All {len(attempts)} models of the fallback chain failed:\n{lines}", attempts
        )
        error.__cause__ = attempts[-1].error
        return error

    def _fell_back(self, attempt: ModelAttempt, index: int, model: Model | None) -> None:
        """Log and trace a failed model of the chain; the last one raises afterwards."""
        following = _name(self.entries[index + 1]) if index + 1 < len(self.entries) else None
        record_fallback(attempt, index, following, model)
        if following is not None:
            logger.warning(
                "Model %s failed (%s); falling back to %s", attempt.where, attempt.reason, following
            )

    async def _get_response(self, request: ModelRequest) -> ModelResponse:
        attempts: list[ModelAttempt] = []
        count = len(self.entries)
        for index, entry in enumerate(self.entries):
            model: Model | None = None
            try:
                model = self._resolve(entry)
                response = await request.forward(model.get_response)
            except _FAILURES as err:
                if count == 1 or (index == 0 and isinstance(err, UserError)):
                    raise
                attempt = self._attempt(entry, model, err)
            else:
                reason = unusable_reason(response.output) if count > 1 else None
                if reason is None:
                    return response
                attempt = self._attempt(entry, model, None, f"answered with {reason}")
            attempts.append(attempt)
            self._fell_back(attempt, index, model)
            if index == count - 1:
                raise self._exhausted(attempts)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _stream_response(self, request: ModelRequest) -> AsyncIterator[TResponseStreamEvent]:
        attempts: list[ModelAttempt] = []
        count = len(self.entries)
        for index, entry in enumerate(self.entries):
            held = HeldEvents[TResponseStreamEvent]()
            attempt: ModelAttempt | None = None
            model: Model | None = None
            try:
                model = self._resolve(entry)
            except UserError as err:
                if count == 1 or index == 0:
                    raise
                attempt = self._attempt(entry, None, err)
            if model is not None:
                stream = request.forward(model.stream_response)
                try:
                    async for event in stream:
                        kind = None if held.released else getattr(event, "type", None)
                        if count > 1 and kind in ("response.completed", "response.incomplete"):
                            output = list(getattr(event, "response").output)  # noqa: B009
                            reason = unusable_reason(output)
                            if reason is not None:
                                why = f"answered with {reason}"
                                attempt = self._attempt(entry, model, None, why)
                                break
                        for passed in held.admit(event):
                            yield passed
                except _FAILURES as err:
                    if held.released or count == 1 or (index == 0 and isinstance(err, UserError)):
                        raise
                    attempt = self._attempt(entry, model, err)
                finally:
                    closer = getattr(stream, "aclose", None)
                    if closer is not None:
                        await closer()
            if attempt is None:
                for earlier in held.drain():
                    yield earlier
                return
            attempts.append(attempt)
            self._fell_back(attempt, index, model)
            if index == count - 1:
                for earlier in held.drain():
                    yield earlier
                raise self._exhausted(attempts)


def _name(entry: Any) -> str:
    if isinstance(entry, str):
        return entry
    name = getattr(entry, "model", None)
    return name if isinstance(name, str) else type(entry).__name__
