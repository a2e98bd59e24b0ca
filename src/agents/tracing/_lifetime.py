"""How a span or a trace lives: started, made current, finished, the previous one restored.

Spans and traces, recorded or not, share this one lifetime; they differ only in what
starting and finishing record (`_begin`, `_end`) and in which context variable holds the
current one (`_set_current`, `_reset_current`).
"""

from __future__ import annotations

import abc
import contextvars
from types import TracebackType
from typing import TYPE_CHECKING
from typing import Any

from typing_extensions import Self

if TYPE_CHECKING:
    from agents.tracing.processor_interface import TracingProcessor


class Scoped(abc.ABC):
    """What spans and traces share as an interface: start()/finish(), `with` for both, an
    id for their trace, the key that exports them, and their exported form."""

    __slots__ = ()

    @abc.abstractmethod
    def start(self, mark_as_current: bool = False) -> None:
        """Start; `mark_as_current` makes it current (spans opened meanwhile nest in it,
        runs join its trace) until `finish(reset_current=True)`."""

    @abc.abstractmethod
    def finish(self, reset_current: bool = False) -> None:
        """End; `reset_current` restores the span or trace that was current before."""

    def __enter__(self) -> Self:
        self.start(mark_as_current=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        if exc_val is not None:
            self._on_exception(exc_type, exc_val)
        self.finish(reset_current=True)

    def _on_exception(self, exc_type: type[BaseException] | None, exc: BaseException) -> None:
        """An exception is leaving the `with` block (it still propagates)."""
        return None

    @property
    @abc.abstractmethod
    def trace_id(self) -> str: ...

    @property
    @abc.abstractmethod
    def tracing_api_key(self) -> str | None: ...

    @abc.abstractmethod
    def export(self) -> dict[str, Any] | None: ...


class Lifetime(Scoped):
    """start() and finish() over a few hooks: what starting and finishing record, and
    which context variable holds the current one."""

    _token: contextvars.Token[Any] | None

    def start(self, mark_as_current: bool = False) -> None:
        if self._begin() and mark_as_current:
            self._token = self._set_current()

    def finish(self, reset_current: bool = False) -> None:
        if not (self._end() and reset_current) or self._token is None:
            return
        # One closed in another context (a cancelled task, an abandoned generator) cannot
        # restore the previous one, and that must not raise. (try/except, not
        # contextlib.suppress: every span of every run passes here.)
        try:  # noqa: SIM105
            self._reset_current(self._token)
        except ValueError:
            pass
        self._token = None

    def _begin(self) -> bool:
        """Record the start; False when it had started already (it then stays as it is)."""
        return True

    def _end(self) -> bool:
        """Record the end; False when there is nothing to end."""
        return True

    @abc.abstractmethod
    def _set_current(self) -> contextvars.Token[Any]: ...

    @abc.abstractmethod
    def _reset_current(self, token: contextvars.Token[Any]) -> None: ...


class Recorded(Lifetime):
    """What a recorded span and a recorded trace both carry: the trace's id, the key that
    exports them, and when they started and ended (set by their `_begin` and `_end`)."""

    def __init__(
        self, trace_id: str, processor: TracingProcessor, tracing_api_key: str | None
    ) -> None:
        self._trace_id = trace_id
        self._processor = processor
        self._tracing_api_key = tracing_api_key
        self._token = None
        self._started_at: str | None = None
        self._ended_at: str | None = None

    @property
    def trace_id(self) -> str:
        return self._trace_id

    @property
    def tracing_api_key(self) -> str | None:
        return self._tracing_api_key

    @property
    def started_at(self) -> str | None:
        return self._started_at

    @property
    def ended_at(self) -> str | None:
        return self._ended_at


class Unrecorded(Lifetime):
    """What the no-op span and trace both answer: no id, no key, nothing to export."""

    @property
    def trace_id(self) -> str:
        return "no-op"

    @property
    def tracing_api_key(self) -> str | None:
        return None

    def export(self) -> dict[str, Any] | None:
        return None
