"""Closing a stream however the reading of it ends."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


@asynccontextmanager
async def closing(stream: object, method: str = "aclose") -> AsyncIterator[None]:
    """Await `stream.<method>()`, when the stream has one, on leaving the block: finished,
    failed, or left by a consumer that stopped reading. The connection behind a provider's
    stream is then released at once instead of when the garbage collector gets to it.

    The openai client's streams close with `close`; async generators (and litellm's
    streams) with `aclose`.
    """
    try:
        yield
    finally:
        close = getattr(stream, method, None)
        if close is not None:
            await close()
