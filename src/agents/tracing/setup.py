"""The process's trace provider: made on first use, replaceable with `set_trace_provider`.

Made lazily, so importing `agents` starts no thread and reads no environment; the default
processors (see `agents.tracing.defaults`) are registered when it is made.
"""

from __future__ import annotations

import atexit
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agents.tracing.provider import TraceProvider

GLOBAL_TRACE_PROVIDER: TraceProvider | None = None
_LOCK = threading.Lock()
_shutdown_registered = False


def _shutdown_at_exit() -> None:
    provider = GLOBAL_TRACE_PROVIDER
    if provider is not None:
        provider.shutdown()


def _register_shutdown() -> None:
    global _shutdown_registered
    if not _shutdown_registered:
        atexit.register(_shutdown_at_exit)
        _shutdown_registered = True


def set_trace_provider(provider: TraceProvider) -> None:
    """Use `provider` for every trace and span from now on."""
    global GLOBAL_TRACE_PROVIDER
    with _LOCK:
        GLOBAL_TRACE_PROVIDER = provider
        _register_shutdown()


def get_trace_provider() -> TraceProvider:
    """The provider in use, made with the default processors on first call."""
    global GLOBAL_TRACE_PROVIDER
    provider = GLOBAL_TRACE_PROVIDER
    if provider is not None:
        return provider
    with _LOCK:
        provider = GLOBAL_TRACE_PROVIDER
        if provider is None:
            from agents.tracing.defaults import default_processors
            from agents.tracing.provider import DefaultTraceProvider

            provider = DefaultTraceProvider()
            provider.set_processors(default_processors())
            GLOBAL_TRACE_PROVIDER = provider
        _register_shutdown()
    return provider
