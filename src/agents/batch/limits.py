"""Per-provider concurrency for batch runs, adapting to what each provider says.

A batch sends many requests at once, and each provider has its own rate limits; one global
semaphore either starves a fast provider or floods a slow one. `ProviderLimits` keeps one
limit per host (``api.groq.com``, ``127.0.0.1:8123``), enforced on every HTTP request the
model clients make (retries included), through httpx's public event hooks on the
``AsyncOpenAI`` clients of the batch's agent. The limit follows the provider:

- a 429 halves that provider's limit (never below 1) and pauses all its requests for the
  wait the provider asked for (``retry-after``, ``x-ratelimit-reset-*``), so concurrent rows
  back off together instead of each hammering the endpoint in turn;
- ``x-ratelimit-remaining-requests: 0`` on a successful answer pauses until the reset;
- every run of successes as long as the current limit raises it by one, up to the maximum.

The SDK's own retry policy still retries the 429 itself; this only decides how many
requests are in flight. Models without an ``AsyncOpenAI`` client (LiteLLM) are bounded by
the batch's row concurrency alone.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from types import SimpleNamespace
from typing import Any

from agents.exceptions import UserError
from agents.models.reliability.retry import server_delay

__all__ = ["ProviderLimits", "ProviderState"]

_HOOKED = "_freeagents_batch_limits"


@dataclass
class ProviderState:
    """One provider's current limit and what it has reported so far."""

    limit: int
    in_flight: int = 0
    paused_until: float = 0.0
    successes: int = 0
    rate_limited: int = 0
    """429 answers seen."""
    lowest_limit: int = 0
    """The lowest the limit went (shows whether the provider ever pushed back)."""
    _waiters: list[asyncio.Future[None]] = field(default_factory=list, repr=False)


class ProviderLimits:
    """In-flight request limits per provider host, adapted to 429s and rate-limit headers."""

    def __init__(self, max_concurrency: int = 16, *, min_concurrency: int = 1) -> None:
        if max_concurrency < 1 or min_concurrency < 1 or min_concurrency > max_concurrency:
            raise UserError(
                "ProviderLimits needs 1 <= min_concurrency <= max_concurrency, got "
                f"min={min_concurrency}, max={max_concurrency}"
            )
        self.max_concurrency = max_concurrency
        self.min_concurrency = min_concurrency
        self.providers: dict[str, ProviderState] = {}
        self._clock: Callable[[], float] = time.monotonic

    def state(self, host: str) -> ProviderState:
        found = self.providers.get(host)
        if found is None:
            found = ProviderState(limit=self.max_concurrency, lowest_limit=self.max_concurrency)
            self.providers[host] = found
        return found

    async def acquire(self, host: str) -> None:
        """Wait for a slot at `host` (and for any pause the provider asked for to end)."""
        state = self.state(host)
        while True:
            pause = state.paused_until - self._clock()
            if pause > 0:
                await asyncio.sleep(pause)
                continue
            if state.in_flight < state.limit:
                state.in_flight += 1
                return
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            state._waiters.append(waiter)
            try:
                await waiter
            finally:
                if waiter in state._waiters:
                    state._waiters.remove(waiter)

    def release(self, host: str, status: int | None, headers: Mapping[str, str] | None) -> None:
        """Give a slot back and learn from the answer (None: the request failed in transit)."""
        state = self.state(host)
        state.in_flight = max(0, state.in_flight - 1)
        if status == 429:
            state.rate_limited += 1
            state.successes = 0
            state.limit = max(self.min_concurrency, state.limit // 2)
            state.lowest_limit = min(state.lowest_limit, state.limit)
            self._pause(state, status, headers, default=1.0)
        elif status is not None and status < 400:
            state.successes += 1
            if state.successes >= state.limit and state.limit < self.max_concurrency:
                state.limit += 1
                state.successes = 0
            remaining = headers.get("x-ratelimit-remaining-requests") if headers else None
            if remaining is not None and remaining.strip() in ("0", "0.0"):
                self._pause(state, 429, headers, default=0.0)
        self._wake(state)

    def _pause(
        self, state: ProviderState, status: int, headers: Mapping[str, str] | None, default: float
    ) -> None:
        as_error = SimpleNamespace(response=SimpleNamespace(headers=headers), status_code=status)
        delay = server_delay(as_error)  # type: ignore[arg-type]
        wait = default if delay is None else min(delay, 60.0)
        state.paused_until = max(state.paused_until, self._clock() + wait)

    def _wake(self, state: ProviderState) -> None:
        free = state.limit - state.in_flight
        for waiter in list(state._waiters):
            if free <= 0:
                break
            if not waiter.done():
                waiter.set_result(None)
                free -= 1

    # -- wiring into clients ---------------------------------------------------------

    def attach(self, client: Any) -> bool:
        """Route an ``AsyncOpenAI`` client's requests through these limits (once per client).

        Returns False for objects without an httpx client (nothing to hook)."""
        http = getattr(client, "_client", None)
        # Duck-typed: `openai` may ship its own httpx build, whose classes are not httpx's.
        if http is None or not isinstance(getattr(http, "event_hooks", None), dict):
            return False
        already = getattr(http, _HOOKED, None)
        setattr(http, _HOOKED, self)  # a client reused by a later batch follows its limits
        if already is None:

            async def on_request(request: Any) -> None:
                limits = getattr(http, _HOOKED, None)
                if isinstance(limits, ProviderLimits):
                    await limits.on_request(request)

            hooks = http.event_hooks
            hooks.setdefault("request", []).append(on_request)
            hooks.setdefault("response", []).append(_on_response)
            http.event_hooks = hooks
        return True

    async def on_request(self, request: Any) -> None:
        host = _host(request.url)
        await self.acquire(host)
        # A request that fails in transit never reaches the response hook: the slot is
        # given back when the request object goes away.
        request.extensions["freeagents_slot"] = weakref.finalize(
            request, self.release, host, None, None
        )


async def _on_response(response: Any) -> None:
    """Give the slot back to the limits that granted it, with what the answer said."""
    slot = response.request.extensions.pop("freeagents_slot", None)
    if isinstance(slot, weakref.finalize):
        granted = slot.detach()
        if granted is not None:
            _, release, (host, _, _), _ = granted
            release(host, response.status_code, response.headers)


def _host(url: Any) -> str:
    return f"{url.host}:{url.port}" if url.port else url.host
