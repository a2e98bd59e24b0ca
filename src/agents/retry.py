"""How a model request is retried, as settings: `ModelSettings(retry=RetryPolicy(...))`.

Configuration only, low in the layers so `ModelSettings` can hold it; the machinery that
applies it (which failures are retried, server-given waits, streams held until content) is
`agents.models.reliability.retry`, where requests are made.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from agents.exceptions import UserError

__all__ = ["RetryPolicy"]


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
