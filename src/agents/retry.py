"""How a model request is retried, as settings: `ModelSettings(retry=RetryPolicy(...))`, or
the reference SDK's way, `ModelSettings(retry=ModelRetrySettings(...))`.

Configuration only, low in the layers so `ModelSettings` can hold it; the machinery that
applies it (which failures are retried, server-given waits, streams held until content) is
`agents.models.reliability.retry`, where requests are made. There is one implementation:
`ModelRetrySettings` becomes a `RetryPolicy` there (`max_retries` and `backoff` are its
attempts and waits; its `policy`, built from `retry_policies`, decides per failure). Without
a `policy`, failures are waited out as the client's own `max_retries` allows, as the
reference leaves them to the client; `max_retries=0` turns every retry off.

The reference names its policy-function type `RetryPolicy` too; here that name is the
settings class above, and a policy function is a `RetryPolicyFunction`.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import TypeAlias

from agents.exceptions import UserError
from agents.util._await import maybe_await

__all__ = [
    "ModelRetryAdvice",
    "ModelRetryAdviceRequest",
    "ModelRetryBackoffSettings",
    "ModelRetryNormalizedError",
    "ModelRetrySettings",
    "RetryDecision",
    "RetryPolicy",
    "RetryPolicyContext",
    "RetryPolicyFunction",
    "retry_policies",
]


Decide = Callable[[BaseException, int, bool], Awaitable[tuple[bool, float | None]]]


@dataclass(frozen=True)
class RetryPolicy:
    """How a model request is retried: `ModelSettings(retry=RetryPolicy(...))`.

    Retried: HTTP 408, 409, 429 and 5xx, connection failures and timeouts (also when the
    provider reports them inside a 200 answer). Never retried: 400, 401, 403, 404, 422 and
    answers the SDK cannot read. A streamed answer is retried only before its first content
    event reached the caller. Waits grow exponentially from `initial_delay`, with jitter; a
    provider's `Retry-After` (seconds or an HTTP date) or rate-limit reset header
    (`x-ratelimit-reset-requests: 6m0s`) replaces the computed wait.
    """

    max_attempts: int = 3
    """Attempts in all, the first included: 1 means no retry."""

    initial_delay: float = 0.5
    """Seconds before the first retry."""

    multiplier: float = 2.0
    """Each further wait is this many times the previous one."""

    max_delay: float = 60.0
    """The longest single wait, in seconds. Computed waits are capped here; when the provider
    asks for a longer wait than this, the SDK stops retrying at once and raises, so a
    fallback model (if any) takes over instead of the run sleeping for minutes."""

    jitter: float = 0.25
    """Up to this fraction of each computed wait is removed at random, so many clients that
    failed together do not retry together."""

    decide: Decide | None = field(default=None, compare=False, repr=False)
    """Replaces the built-in rule of what is retried: given the error, the attempt number and
    whether the call streams, returns (retry?, delay or None for the computed wait). Set from
    a `ModelRetrySettings` (below), the reference SDK's way to configure retries."""

    rate_limit_budget: float = 60.0
    """Seconds of waiting one request may spend on rate-limit and overload answers (429,
    529, and 503 with a Retry-After): those are retried past `max_attempts` while the waits
    add up to no more than this, since the provider said when capacity returns. A single
    wait longer than what is left of it fails at once, so a fallback model can take over."""

    def __post_init__(self) -> None:
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise UserError(
                f"RetryPolicy.max_attempts must be an integer of at least 1 (1 = no retry), "
                f"got {self.max_attempts!r}"
            )
        for name in ("initial_delay", "max_delay"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise UserError(
                    f"RetryPolicy.{name} must be a number of seconds >= 0, got {value!r}"
                )
        if not isinstance(self.multiplier, int | float) or not 1 <= self.multiplier < 1e6:
            raise UserError(f"RetryPolicy.multiplier must be >= 1, got {self.multiplier!r}")
        if not isinstance(self.jitter, int | float) or not 0 <= self.jitter <= 1:
            raise UserError(f"RetryPolicy.jitter must be between 0 and 1, got {self.jitter!r}")
        budget = self.rate_limit_budget
        if isinstance(budget, bool) or not isinstance(budget, int | float) or not budget >= 0:
            raise UserError(
                f"RetryPolicy.rate_limit_budget must be a number of seconds >= 0, got {budget!r}"
            )

    def backoff(self, retry: int) -> float:
        """The computed wait before retry number `retry` (1 for the first retry)."""
        base = min(self.initial_delay * self.multiplier ** min(retry - 1, 64), self.max_delay)
        return base * (1 - self.jitter * random.random())


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


RetryPolicyFunction: TypeAlias = Callable[
    [RetryPolicyContext], "bool | RetryDecision | Awaitable[Any]"
]
"""A function deciding whether a failed model call is retried (see `retry_policies`)."""


async def _decide(policy: RetryPolicyFunction, context: RetryPolicyContext) -> RetryDecision:
    value = await maybe_await(policy(context))
    return value if isinstance(value, RetryDecision) else RetryDecision(retry=bool(value))


class _RetryPolicies:
    """Ready-made policies and ways to combine them."""

    def never(self) -> RetryPolicyFunction:
        return lambda context: False

    def provider_suggested(self) -> RetryPolicyFunction:
        """Retry what the provider's answer says is worth retrying (429, 5xx, dropped
        connections, `x-should-retry`), waiting as long as it asks."""

        def policy(context: RetryPolicyContext) -> RetryDecision:
            advice = context.provider_advice
            if advice is None or not advice.suggested:
                return RetryDecision(retry=False, reason=advice.reason if advice else None)
            return RetryDecision(retry=True, delay=advice.retry_after, reason=advice.reason)

        return policy

    def network_error(self) -> RetryPolicyFunction:
        """Retry connection failures and timeouts."""
        return lambda context: context.normalized.is_network_error or context.normalized.is_timeout

    def retry_after(self) -> RetryPolicyFunction:
        """Retry when the provider said how long to wait, after that wait."""

        def policy(context: RetryPolicyContext) -> bool | RetryDecision:
            delay = context.normalized.retry_after
            if delay is None:
                return False
            return RetryDecision(retry=True, delay=delay)

        return policy

    def http_status(self, statuses: Iterable[int]) -> RetryPolicyFunction:
        """Retry these HTTP statuses."""
        allowed = frozenset(statuses)
        return lambda context: context.normalized.status_code in allowed

    def all(self, *policies: RetryPolicyFunction) -> RetryPolicyFunction:
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

    def any(self, *policies: RetryPolicyFunction) -> RetryPolicyFunction:
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
