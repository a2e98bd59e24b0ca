"""Retry settings in the reference SDK's shape: `ModelSettings(retry=ModelRetrySettings(...))`.

freeagents has one retry implementation (`agents.models.reliability.retry`, configured with
`RetryPolicy`); these settings are a second way to configure it. `max_retries` and `backoff`
become the policy's attempts and waits, and `policy` (built from `retry_policies`) decides
per failure whether to retry and how long to wait. Without a `policy`, the SDK waits out
failures as the client's own `max_retries` allows, as the reference leaves them to the client;
`max_retries=0` turns every retry off.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from agents.exceptions import (
    ProviderConnectionError,
    ProviderTimeoutError,
    UserError,
)
from agents.models.reliability.retry import RetryPolicy as _FreeagentsRetryPolicy
from agents.models.reliability.retry import is_retryable, server_delay

__all__ = [
    "ModelRetryAdvice",
    "ModelRetryAdviceRequest",
    "ModelRetryBackoffSettings",
    "ModelRetryNormalizedError",
    "ModelRetrySettings",
    "RetryDecision",
    "RetryPolicy",
    "RetryPolicyContext",
    "retry_policies",
]


def _number(owner: str, name: str, value: Any) -> None:
    if value is not None and (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        raise UserError(f"{owner}.{name} must be a number >= 0, got {value!r}")


@dataclass
class ModelRetryBackoffSettings:
    """How long to wait between retries; None keeps freeagents' default for that part."""

    initial_delay: float | None = None
    max_delay: float | None = None
    multiplier: float | None = None
    jitter: bool | None = None

    def __post_init__(self) -> None:
        for name in ("initial_delay", "max_delay", "multiplier"):
            _number("ModelRetryBackoffSettings", name, getattr(self, name))

    def to_json_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class ModelRetryNormalizedError:
    """The facts of a failure that a retry policy looks at, whatever the provider."""

    status_code: int | None = None
    error_code: str | None = None
    message: str | None = None
    request_id: str | None = None
    retry_after: float | None = None
    is_abort: bool = False
    is_network_error: bool = False
    is_timeout: bool = False


@dataclass
class ModelRetryAdvice:
    """The model adapter's view of a failure: whether a retry could help, and when."""

    suggested: bool | None = None
    retry_after: float | None = None
    replay_safety: str | None = None
    reason: str | None = None
    normalized: ModelRetryNormalizedError | None = None
    response_started: bool = False


@dataclass
class ModelRetryAdviceRequest:
    """What a model adapter is asked about when it gives retry advice."""

    error: Exception
    attempt: int
    stream: bool
    previous_response_id: str | None = None
    conversation_id: str | None = None


@dataclass
class RetryDecision:
    """A policy's answer: retry or not, and optionally after how long."""

    retry: bool
    delay: float | None = None
    reason: str | None = None
    approve_unsafe_replay: bool = False


@dataclass
class RetryPolicyContext:
    """What a retry policy receives for one failure."""

    error: Exception
    attempt: int
    max_retries: int
    stream: bool
    normalized: ModelRetryNormalizedError
    provider_advice: ModelRetryAdvice | None = None
    previous_response_id: str | None = None
    conversation_id: str | None = None


RetryPolicy: TypeAlias = Callable[[RetryPolicyContext], "bool | RetryDecision | Awaitable[Any]"]
"""A function deciding whether a failed model call is retried (see `retry_policies`)."""


async def _decide(policy: RetryPolicy, context: RetryPolicyContext) -> RetryDecision:
    value = policy(context)
    if inspect.isawaitable(value):
        value = await value
    return value if isinstance(value, RetryDecision) else RetryDecision(retry=bool(value))


class _RetryPolicies:
    """Ready-made policies and ways to combine them."""

    def never(self) -> RetryPolicy:
        return lambda context: False

    def provider_suggested(self) -> RetryPolicy:
        """Retry what the provider's answer says is worth retrying (429, 5xx, dropped
        connections, `x-should-retry`), waiting as long as it asks."""

        def policy(context: RetryPolicyContext) -> RetryDecision:
            advice = context.provider_advice
            if advice is None or not advice.suggested:
                return RetryDecision(retry=False, reason=advice.reason if advice else None)
            return RetryDecision(retry=True, delay=advice.retry_after, reason=advice.reason)

        return policy

    def network_error(self) -> RetryPolicy:
        """Retry connection failures and timeouts."""
        return lambda context: context.normalized.is_network_error or context.normalized.is_timeout

    def retry_after(self) -> RetryPolicy:
        """Retry when the provider said how long to wait, after that wait."""

        def policy(context: RetryPolicyContext) -> bool | RetryDecision:
            delay = context.normalized.retry_after
            if delay is None:
                return False
            return RetryDecision(retry=True, delay=delay)

        return policy

    def http_status(self, statuses: Iterable[int]) -> RetryPolicy:
        """Retry these HTTP statuses."""
        allowed = frozenset(statuses)
        return lambda context: context.normalized.status_code in allowed

    def all(self, *policies: RetryPolicy) -> RetryPolicy:
        """Retry only when every policy agrees (the last stated delay wins)."""
        if not policies:
            return self.never()

        async def policy(context: RetryPolicyContext) -> RetryDecision:
            merged = RetryDecision(retry=True)
            for each in policies:
                decision = await _decide(each, context)
                if not decision.retry:
                    return decision
                merged.delay = decision.delay if decision.delay is not None else merged.delay
                merged.reason = decision.reason or merged.reason
            return merged

        return policy

    def any(self, *policies: RetryPolicy) -> RetryPolicy:
        """Retry when any policy says so (the first one that does gives the delay)."""
        if not policies:
            return self.never()

        async def policy(context: RetryPolicyContext) -> RetryDecision:
            last = RetryDecision(retry=False)
            for each in policies:
                decision = await _decide(each, context)
                if decision.retry:
                    return decision
                last = decision
            return last

        return policy


retry_policies = _RetryPolicies()


@dataclass
class ModelRetrySettings:
    """Retries of model calls, the reference's way: `ModelSettings(retry=ModelRetrySettings(
    max_retries=3, policy=retry_policies.any(retry_policies.provider_suggested(), ...)))`."""

    max_retries: int | None = None
    """Retries after the first attempt (a policy is needed for any; 0 turns retries off)."""

    backoff: ModelRetryBackoffSettings | dict[str, Any] | None = None
    """Waits when the policy gives no delay."""

    policy: Callable[..., Any] | None = field(default=None, repr=False)
    """Decides per failure; runtime-only (not serialised)."""

    def __post_init__(self) -> None:
        if isinstance(self.backoff, dict):
            self.backoff = ModelRetryBackoffSettings(**self.backoff)
        if self.max_retries is not None and (
            isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int)
        ):
            raise UserError(
                f"ModelRetrySettings.max_retries must be an int, got {self.max_retries!r}"
            )
        if self.policy is not None and not callable(self.policy):
            raise UserError("ModelRetrySettings.policy must be a function (see retry_policies)")

    def to_json_dict(self) -> dict[str, Any]:
        backoff = self.backoff
        return {
            "max_retries": self.max_retries,
            "backoff": backoff.to_json_dict()
            if isinstance(backoff, ModelRetryBackoffSettings)
            else None,
        }

    def to_retry_policy(self) -> _FreeagentsRetryPolicy | None:
        """These settings as freeagents' RetryPolicy; None: the default (the client's count)."""
        if self.max_retries is not None and self.max_retries <= 0:
            return _FreeagentsRetryPolicy(max_attempts=1)
        if self.policy is None:
            return None
        retries = max(self.max_retries or 0, 0)
        backoff = self.backoff if isinstance(self.backoff, ModelRetryBackoffSettings) else None
        waits: dict[str, float] = {}
        if backoff is not None:
            for name in ("initial_delay", "max_delay"):
                if getattr(backoff, name) is not None:
                    waits[name] = float(getattr(backoff, name))
            if backoff.multiplier is not None:
                waits["multiplier"] = max(1.0, float(backoff.multiplier))
            if backoff.jitter is not None:
                waits["jitter"] = 0.25 if backoff.jitter else 0.0
        return _FreeagentsRetryPolicy(
            max_attempts=retries + 1, decide=_Decider(self.policy, retries), **waits
        )


@dataclass(frozen=True)
class _Decider:
    """Asks a reference-style policy about one failure, in freeagents' terms."""

    policy: Callable[..., Any]
    max_retries: int

    async def __call__(
        self, error: BaseException, attempt: int, stream: bool
    ) -> tuple[bool, float | None]:
        if not isinstance(error, Exception):
            return False, None
        normalized = normalize_error(error)
        advice = ModelRetryAdvice(
            suggested=is_retryable(error),
            retry_after=normalized.retry_after,
            normalized=normalized,
        )
        context = RetryPolicyContext(
            error=error,
            attempt=attempt,
            max_retries=self.max_retries,
            stream=stream,
            normalized=normalized,
            provider_advice=advice,
        )
        decision = await _decide(self.policy, context)
        return decision.retry, decision.delay


def normalize_error(error: Exception) -> ModelRetryNormalizedError:
    """The facts of a provider error that policies read."""
    status = getattr(error, "status_code", None)
    code = getattr(error, "code", None)
    return ModelRetryNormalizedError(
        status_code=status if isinstance(status, int) else None,
        error_code=code if isinstance(code, str) else None,
        message=str(error),
        request_id=getattr(error, "request_id", None),
        retry_after=server_delay(error),
        is_network_error=isinstance(error, ProviderConnectionError)
        and not isinstance(error, ProviderTimeoutError),
        is_timeout=isinstance(error, ProviderTimeoutError),
    )
