"""What a trace and a span share: started once, finished once, the current one while open
(a context variable), and the processors told of both ends unless disabled."""

from __future__ import annotations

import contextlib
import contextvars
from datetime import datetime, timezone
from typing import Any


def now() -> str:
    return datetime.now(timezone.utc).isoformat()


class Timed:
    """Base of Trace and Span. Subclasses set the four attributes below in `__init__` and say
    which context variable holds the current one and what the processors hear."""

    __slots__ = ("_token", "disabled", "ended_at", "started_at")

    disabled: bool
    started_at: str | None
    ended_at: str | None
    _token: contextvars.Token[Any] | None

    def _current_var(self) -> contextvars.ContextVar[Any]:
        raise NotImplementedError

    def _started(self) -> None:
        raise NotImplementedError

    def _ended(self) -> None:
        raise NotImplementedError

    def start(self, mark_as_current: bool = False) -> None:
        if self.started_at is not None:
            return
        self.started_at = "" if self.disabled else now()
        if mark_as_current:
            self._token = self._current_var().set(self)
        if not self.disabled:
            self._started()

    def finish(self, reset_current: bool = False) -> None:
        if self.ended_at is not None:
            return
        self.ended_at = "" if self.disabled else now()
        if reset_current and self._token is not None:
            # Finished in another context (a cancelled task): that context cannot be reset.
            with contextlib.suppress(ValueError):
                self._current_var().reset(self._token)
            self._token = None
        if not self.disabled:
            self._ended()
