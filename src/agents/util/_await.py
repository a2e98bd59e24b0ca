"""A user callback's answer, whether the callback was a plain function or a coroutine.

The SDK accepts sync and async callbacks alike (guardrails, filters, policies, handlers);
this is the one place that tells the two apart.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")


async def maybe_await(value: T | Awaitable[T]) -> T:
    """`value` itself, or what it resolves to when it is awaitable."""
    if inspect.isawaitable(value):
        return await value
    return value
