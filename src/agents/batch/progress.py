"""Progress of a batch: rows done, rate, ETA, tokens and cost, on a terminal or in a log.

On a terminal a live bar is drawn with `rich` when it is installed (one line redrawn in
place otherwise); when stderr is a file or a pipe, a plain line is written every few
seconds instead, so CI logs and ``nohup`` files stay readable.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any
from typing import TextIO

__all__ = ["BatchProgress"]


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


class BatchProgress:
    """Counts finished rows and shows them; `enabled=False` only counts."""

    def __init__(
        self,
        total: int | None,
        *,
        already_done: int = 0,
        enabled: bool | None = None,
        stream: TextIO | None = None,
        every: float = 5.0,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.terminal = _is_terminal(self.stream)
        self.enabled = self.terminal if enabled is None else enabled
        self.total = total
        self.already_done = already_done
        self.done = self.failed = self.tokens = 0
        self.cost = 0.0
        self.started = time.monotonic()
        self.every = every
        self._last_line = 0.0
        self._rich: Any = None
        if self.enabled and self.terminal:
            self._rich = self._start_rich()

    def _start_rich(self) -> Any:
        try:
            from rich.console import Console  # type: ignore[import-not-found, unused-ignore]
            from rich.progress import BarColumn  # type: ignore[import-not-found, unused-ignore]
            from rich.progress import MofNCompleteColumn  # type: ignore[import-not-found, unused-ignore]
            from rich.progress import Progress  # type: ignore[import-not-found, unused-ignore]
            from rich.progress import TextColumn  # type: ignore[import-not-found, unused-ignore]
            from rich.progress import TimeRemainingColumn  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            return None
        bar = Progress(
            TextColumn("batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f} rows/s"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[extra]}"),
            console=Console(file=self.stream),
            transient=False,
        )
        bar.start()
        self._task = bar.add_task(
            "batch", total=self.total, completed=self.already_done, rate=0.0, extra=""
        )
        return bar

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        """The status as one line: done/total, failures, rate, ETA, tokens, cost."""
        total = "?" if self.total is None else str(self.total)
        parts = [f"{self.done + self.already_done}/{total} rows"]
        if self.already_done:
            parts.append(f"{self.already_done} done before")
        if self.failed:
            parts.append(f"{self.failed} failed")
        rate = self.rate
        parts.append(f"{rate:.1f} rows/s")
        left = None if self.total is None else self.total - self.already_done - self.done
        if left and rate > 0:
            parts.append(f"ETA {left / rate:.0f}s")
        parts.append(f"{self.tokens} tokens")
        if self.cost:
            parts.append(f"cost {self.cost:.4f}")
        return ", ".join(parts)

    def update(self, record: dict[str, Any]) -> None:
        self.done += 1
        if record.get("error") is not None:
            self.failed += 1
        usage = record.get("usage") or {}
        self.tokens += int(usage.get("total_tokens") or 0)
        self.cost += float(record.get("cost") or 0.0)
        if not self.enabled:
            return
        if self._rich is not None:
            extra = f"{self.tokens} tok" + (f" {self.failed} failed" if self.failed else "")
            self._rich.update(
                self._task, completed=self.done + self.already_done, rate=self.rate, extra=extra
            )
            return
        now = time.monotonic()
        if self.terminal:
            self.stream.write(f"\r{self.line()}\x1b[K")
            self.stream.flush()
        elif now - self._last_line >= self.every:
            self._last_line = now
            self.stream.write(f"batch: {self.line()}\n")
            self.stream.flush()

    def close(self) -> None:
        if self._rich is not None:
            self._rich.stop()
            self._rich = None
        elif self.enabled:
            prefix = "\r" if self.terminal else "batch: "
            self.stream.write(f"{prefix}{self.line()}\n")
            self.stream.flush()
