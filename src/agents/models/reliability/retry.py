"""Retries for model requests: which failures deserve another attempt, and how long to wait.

One implementation serves every route (Chat Completions, Responses, LiteLLM), so a 429 from
Groq, OpenAI or Anthropic is waited out the same way. The `openai` client retries on its own
too; when the SDK retries, the route calls through a copy of the client with `max_retries=0`
(`without_client_retries`), so attempts are never multiplied. Without a `RetryPolicy` the
number of attempts follows the client's own `max_retries` (2 by default: three attempts), so
code that built its client with `max_retries=0` still makes exactly one request.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import math
import re
import time
import weakref
from collections.abc import AsyncIterator
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from datetime import timezone
from typing import Any
from typing import Generic
from typing import TypeVar

from openai import AsyncOpenAI

from agents.exceptions import ModelProviderError
from agents.exceptions import ProviderConnectionError
from agents.exceptions import ProviderResponseError
from agents.exceptions import ProviderTimeoutError
from agents.models.reliability.attempt_spans import retry_span
from agents.retry import ModelRetryAdvice
from agents.retry import ModelRetryBackoffSettings
from agents.retry import ModelRetryNormalizedError
from agents.retry import ModelRetrySettings
from agents.retry import RetryDecision
from agents.retry import RetryPolicy
from agents.retry import RetryPolicyContext
from agents.util._await import maybe_await

logger = logging.getLogger("openai.agents")

T = TypeVar("T")
E = TypeVar("E")

__all__ = ["RetryPolicy", "call_with_retries", "stream_with_retries", "without_client_retries"]


_DEFAULTS: dict[int, RetryPolicy] = {}


def policy_for(configured: Any, client_max_retries: int | None) -> RetryPolicy:
    """The policy of one call: the configured one, else one making as many attempts as the
    client would have (`max_retries + 1`), else the default. A `ModelRetrySettings` becomes a
    policy here (`settings_policy`); one that leaves retries to the client gives None."""
    if isinstance(configured, ModelRetrySettings):
        configured = settings_policy(configured)
    if isinstance(configured, RetryPolicy):
        return configured
    attempts = 3 if client_max_retries is None else max(0, int(client_max_retries)) + 1
    policy = _DEFAULTS.get(attempts)
    if policy is None:
        policy = _DEFAULTS.setdefault(attempts, RetryPolicy(max_attempts=attempts))
    return policy


def settings_policy(settings: ModelRetrySettings) -> RetryPolicy | None:
    """The reference's retry settings as a RetryPolicy; None: retries as the client allows."""
    if settings.max_retries is not None and settings.max_retries <= 0:
        return RetryPolicy(max_attempts=1)
    if settings.policy is None:
        return None
    retries = max(settings.max_retries or 0, 0)
    backoff = settings.backoff if isinstance(settings.backoff, ModelRetryBackoffSettings) else None
    waits: dict[str, Any] = {}
    if backoff is not None:
        for name in ("initial_delay", "max_delay"):
            if getattr(backoff, name) is not None:
                waits[name] = float(getattr(backoff, name))
        if backoff.multiplier is not None:
            waits["multiplier"] = max(1.0, float(backoff.multiplier))
        if backoff.jitter is not None:
            waits["jitter"] = 0.25 if backoff.jitter else 0.0
    return RetryPolicy(max_attempts=retries + 1, decide=_Decider(settings.policy, retries), **waits)


@dataclass(frozen=True)
class _Decider:
    """Asks a reference-style policy function about one failure, in freeagents' terms."""

    policy: Callable[..., Any]
    max_retries: int

    async def __call__(
        self, error: BaseException, attempt: int, stream: bool
    ) -> tuple[bool, float | None]:
        if not isinstance(error, Exception):
            return False, None
        normalized = normalize_error(error)
        context = RetryPolicyContext(
            error=error,
            attempt=attempt,
            max_retries=self.max_retries,
            stream=stream,
            normalized=normalized,
            provider_advice=ModelRetryAdvice(
                suggested=is_retryable(error),
                retry_after=normalized.retry_after,
                normalized=normalized,
            ),
        )
        value = await maybe_await(self.policy(context))
        if isinstance(value, RetryDecision):
            return value.retry, value.delay
        return bool(value), None


def normalize_error(error: Exception) -> ModelRetryNormalizedError:
    """The facts of a provider error that retry policy functions read."""
    status = getattr(error, "status_code", None)
    code = getattr(error, "code", None)
    return ModelRetryNormalizedError(
        status_code=status if isinstance(status, int) else None,
        error_code=code if isinstance(code, str) else None,
        message=str(error),
        request_id=getattr(error, "request_id", None),
        retry_after=server_delay(error),
        is_network_error=isinstance(error, ProviderConnectionError),
        is_timeout=isinstance(error, ProviderTimeoutError),
    )


_NO_RETRY_CLIENTS: weakref.WeakKeyDictionary[AsyncOpenAI, AsyncOpenAI] = weakref.WeakKeyDictionary()


def without_client_retries(client: AsyncOpenAI) -> AsyncOpenAI:
    """`client` with its own retries off, made once per client.

    `with_options` shares the client's connection pool, so the copy costs no new connections.
    """
    if client.max_retries == 0:
        return client
    copy = _NO_RETRY_CLIENTS.get(client)
    if copy is None:
        copy = client.with_options(max_retries=0)
        _NO_RETRY_CLIENTS[client] = copy
    return copy


# -- what is worth retrying -------------------------------------------------------------


def is_retryable(err: BaseException) -> bool:
    """Whether another attempt could succeed where this one failed."""
    if not isinstance(err, ModelProviderError):
        return False
    headers = _headers(err)
    verdict = _header(headers, "x-should-retry")
    if verdict in ("true", "false"):
        return verdict == "true"
    if isinstance(err, ProviderResponseError):
        return False  # an answer the SDK cannot read: the same request gets the same answer
    if isinstance(err, ProviderConnectionError | ProviderTimeoutError):
        return True
    if getattr(err, "code", None) == "insufficient_quota":
        return False  # out of credit: waiting does not help
    status = getattr(err, "status_code", None)
    return isinstance(status, int) and (status in (408, 409, 429) or 500 <= status < 600)


def _headers(err: BaseException) -> Any:
    response = getattr(err, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:  # litellm's errors carry a stand-in response without the headers
        headers = getattr(err, "litellm_response_headers", None) or headers
    return headers


def _header(headers: Any, name: str) -> str | None:
    if headers is None:
        return None
    try:
        value = headers.get(name)
    except Exception:
        return None
    if value is None and isinstance(headers, Mapping):
        for key, candidate in headers.items():
            if isinstance(key, str) and key.lower() == name:
                value = candidate
                break
    return str(value).strip() if value is not None else None


_DURATION = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m(?!s))?"
    r"(?:(?P<s>\d+(?:\.\d+)?)s)?(?:(?P<ms>\d+(?:\.\d+)?)ms)?$"
)


def _plain_seconds(text: str) -> float | None:
    """`text` as a plain number of seconds; None when it is not one, or is infinite or NaN
    (no wait can honour those, and no other form of the value spells them)."""
    try:
        seconds = float(text)
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) else None


def parse_duration(text: str) -> float | None:
    """Seconds in a rate-limit reset value: "1s", "6m0s", "120ms", "1h2m3.5s" or "0.5"."""
    text = text.strip().lower()
    if not text:
        return None
    seconds = _plain_seconds(text)
    if seconds is not None:
        return seconds
    match = _DURATION.match(text)
    if match is None or not any(match.groupdict().values()):
        return None
    parts = {k: float(v) for k, v in match.groupdict().items() if v is not None}
    return (
        parts.get("h", 0) * 3600
        + parts.get("m", 0) * 60
        + parts.get("s", 0)
        + parts.get("ms", 0) / 1000
    )


def parse_retry_after(value: str, now: float | None = None) -> float | None:
    """Seconds in a Retry-After value: a number of seconds, or an HTTP date."""
    seconds = _plain_seconds(value)
    if seconds is not None:
        return seconds
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    current = time.time() if now is None else now
    return parsed.timestamp() - current


def _reset_timestamp(value: str, now: float) -> float | None:
    """Anthropic's `anthropic-ratelimit-*-reset`: an RFC 3339 time."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp() - now


def server_delay(err: BaseException, now: float | None = None) -> float | None:
    """The wait the provider asked for, in seconds, or None when it said nothing usable.

    `retry-after-ms` and `Retry-After` first; for a 429, the reset header of whichever limit
    is exhausted (`x-ratelimit-remaining-requests: 0` → `x-ratelimit-reset-requests`).
    """
    headers = _headers(err)
    if headers is None:
        return None
    millis = _header(headers, "retry-after-ms")
    if millis is not None:
        try:
            value = float(millis) / 1000
        except ValueError:
            value = math.nan
        if math.isfinite(value):
            return max(0.0, value)
    after = _header(headers, "retry-after")
    if after is not None:
        seconds = parse_retry_after(after, now)
        if seconds is not None:
            return max(0.0, seconds)
    if getattr(err, "status_code", None) != 429:
        return None
    current = time.time() if now is None else now
    exhausted: list[float] = []
    resets: list[float] = []
    for kind in ("requests", "tokens", "input-tokens", "output-tokens"):
        reset = _header(headers, f"x-ratelimit-reset-{kind}")
        seconds = parse_duration(reset) if reset is not None else None
        if seconds is None:
            stamp = _header(headers, f"anthropic-ratelimit-{kind}-reset")
            seconds = _reset_timestamp(stamp, current) if stamp is not None else None
        if seconds is None:
            continue
        resets.append(seconds)
        remaining = _header(headers, f"x-ratelimit-remaining-{kind}") or _header(
            headers, f"anthropic-ratelimit-{kind}-remaining"
        )
        if remaining is not None and remaining.strip() in ("0", "0.0"):
            exhausted.append(seconds)
    if exhausted:
        return max(0.0, max(exhausted))
    if resets:
        return max(0.0, min(resets))  # the earliest moment some capacity frees up
    return None


MAX_RATE_LIMIT_ATTEMPTS = 100
"""A backstop on rate-limit retries within the budget (a provider asking for 0 s waits)."""


def is_rate_limited(err: BaseException) -> bool:
    """A provider saying "not now, later": 429, Anthropic's 529 overload, or a 503 that says
    when to come back. Waiting is the remedy, so these retry on time, not on a count."""
    status = getattr(err, "status_code", None)
    if status in (429, 529):
        return True
    if status == 503:
        headers = _headers(err)
        return _header(headers, "retry-after") is not None or (
            _header(headers, "retry-after-ms") is not None
        )
    return False


def next_delay(
    policy: RetryPolicy, err: BaseException, attempt: int, waited: float = 0.0
) -> float | None:
    """Seconds to wait before the next attempt after `attempt` failed with `err` and `waited`
    seconds were already spent waiting; None: stop."""
    if policy.max_attempts == 1 or not is_retryable(err):
        return None  # 1 attempt means no retry, whatever the provider says
    rate_limited = is_rate_limited(err)
    if attempt >= (MAX_RATE_LIMIT_ATTEMPTS if rate_limited else policy.max_attempts):
        return None
    asked = server_delay(err)
    if asked is not None and asked > policy.max_delay:
        _note(
            err,
            f"the provider asked to wait {asked:.0f}s before retrying, longer than "
            f"RetryPolicy.max_delay={policy.max_delay:g}s",
        )
        return None
    delay = policy.backoff(attempt) if asked is None else asked
    if not rate_limited or attempt < policy.max_attempts:
        return delay
    if waited + delay > policy.rate_limit_budget:
        _note(
            err,
            f"rate limited: waiting {delay:.1f}s more would pass "
            f"RetryPolicy.rate_limit_budget={policy.rate_limit_budget:g}s",
        )
        return None
    return delay


def _note(err: BaseException, note: str) -> None:
    """Add a parenthesised note to a provider error's message (already redacted)."""
    if isinstance(err, ModelProviderError) and note not in err.message:
        err.message = f"{err.message} ({note})"
        err.args = (err.message,)


def _gave_up(err: BaseException, attempts: int) -> None:
    if attempts > 1:
        _note(err, f"gave up after {attempts} attempts")


def _log_retry(err: BaseException, attempt: int, policy: RetryPolicy, delay: float) -> None:
    of = (
        f"{policy.max_attempts}"
        if attempt < policy.max_attempts
        else f"{policy.max_attempts}, rate limited: within {policy.rate_limit_budget:g}s"
    )
    logger.info(
        "Model request failed (attempt %d of %s), retrying in %.2fs: %s", attempt, of, delay, err
    )


async def _delay(
    policy: RetryPolicy, err: BaseException, attempt: int, waited: float, stream: bool
) -> float | None:
    """Seconds before the next attempt, or None to stop: the policy's own rule when it has
    one (`decide`), else the built-in one (`next_delay`)."""
    if policy.decide is None:
        return next_delay(policy, err, attempt, waited)
    if attempt >= policy.max_attempts:
        return None
    retry, delay = await policy.decide(err, attempt, stream)
    if not retry:
        return None
    return policy.backoff(attempt) if delay is None else max(0.0, float(delay))


async def call_with_retries(policy: RetryPolicy, attempt: Callable[[], Awaitable[T]]) -> T:
    """`await attempt()` until it succeeds, the error is not retryable, or attempts run out.

    `attempt` raises the SDK's typed errors (the route wraps the provider's); the last one
    is raised, its message saying how many attempts were made.
    """
    number, waited = 1, 0.0
    while True:
        try:
            return await attempt()
        except ModelProviderError as err:
            delay = await _delay(policy, err, number, waited, stream=False)
            if delay is None:
                _gave_up(err, number)
                raise
            _log_retry(err, number, policy, delay)
            span = retry_span(err, number, policy.max_attempts, delay, stream=False)
        with span:
            await asyncio.sleep(delay)
        number, waited = number + 1, waited + delay


HELD_EVENT_TYPES = frozenset(
    {
        "response.created",
        "response.in_progress",
        "response.queued",
        "response.output_item.added",
        "response.content_part.added",
        "response.reasoning_summary_part.added",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "error",
        "response.failed",
    }
)
"""Stream events that say nothing yet (or announce the failure about to be raised): they are
held back until content arrives, so an attempt that fails before then can be retried (or
handed to a fallback model) without the caller having seen any of it. The `.done` events
carry no news once content has flowed; before that, they close an empty message."""


def releases(event: Any) -> bool:
    """Whether this event is content: once it reaches the caller, the attempt is committed.
    Blank text (the "\n\n" many models open with) is not content yet."""
    kind = getattr(event, "type", None)
    if not isinstance(kind, str):
        return True  # not an event the SDK knows: pass it on as it came
    if kind == "response.output_text.delta":
        return bool(str(getattr(event, "delta", "") or "").strip())
    return kind not in HELD_EVENT_TYPES


class HeldEvents(Generic[E]):
    """One attempt's events before its first content event, held back (see `releases`), so
    that the retry here and a fallback model's turn decide alike when an attempt is committed."""

    def __init__(self) -> None:
        self.events: list[E] = []
        self.released = False

    def admit(self, event: E) -> tuple[E, ...]:
        """What may reach the caller now that `event` has come: nothing while it is held."""
        if self.released:
            return (event,)
        if not releases(event):
            self.events.append(event)
            return ()
        self.released = True
        passed, self.events = (*self.events, event), []
        return passed

    def drain(self) -> list[E]:
        """The held events, for the caller to see after all (the attempt ended or gave up)."""
        drained, self.events = self.events, []
        return drained


async def stream_with_retries(
    policy: RetryPolicy, start: Callable[[], AsyncIterator[E]]
) -> AsyncIterator[E]:
    """The events of `start()`, retried per `policy` while no content event has been passed on.

    Events before the first content event (`response.created` and the like) are held back;
    when the attempt fails there, they are dropped and the next attempt starts clean. After
    content has been passed on, an error is raised as it is: the caller has seen a partial
    answer, and a second one would not join it.
    """
    number, waited = 1, 0.0
    while True:
        held = HeldEvents[E]()
        stream = start()
        try:
            async for event in stream:
                if held.released:  # every event after the first content one: as it comes
                    yield event
                    continue
                for passed in held.admit(event):
                    yield passed
        except ModelProviderError as err:
            delay = (
                None if held.released else await _delay(policy, err, number, waited, stream=True)
            )
            if delay is None:
                for earlier in held.drain():  # the caller sees what the failed stream said
                    yield earlier
                _gave_up(err, number)
                raise
            _log_retry(err, number, policy, delay)
            span = retry_span(err, number, policy.max_attempts, delay, stream=True)
        else:
            for earlier in held.drain():
                yield earlier
            return
        finally:
            closer = getattr(stream, "aclose", None)
            if closer is not None:
                await closer()
        with span:
            await asyncio.sleep(delay)
        number, waited = number + 1, waited + delay
