"""Terminal I/O shared by the subcommands: their streams, progress, tables, and text safe
to print.

Progress goes to stderr and only to a terminal, so piped output stays plain text that scripts
can parse; everything printed passes through `scrub`, so no key set in the environment can
reach the screen or a log, whatever an error message echoes.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
import threading
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from typing import TextIO
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

_FRAMES = "|/-\\"


def std_streams(
    command: Callable[[argparse.Namespace, TextIO, TextIO, TextIO], int],
) -> Callable[..., int]:
    """A subcommand written against its three streams, callable with any of them left out:
    those default to the process's own (tests pass theirs)."""

    @functools.wraps(command)
    def call(
        args: argparse.Namespace,
        out: TextIO | None = None,
        err: TextIO | None = None,
        stdin: TextIO | None = None,
    ) -> int:
        return command(args, out or sys.stdout, err or sys.stderr, stdin or sys.stdin)

    return call


def is_terminal(stream: TextIO) -> bool:
    """Whether `stream` is an interactive terminal (not a pipe, file, or dumb terminal)."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False
    return tty and os.environ.get("TERM") != "dumb"


class Spinner:
    """A one-line spinner on stderr while a step waits on the network.

    It appears only after `delay` seconds, so fast steps do not flicker, and erases itself
    when stopped, so whatever is printed next starts on a clean line. Off when the stream
    is not a terminal.
    """

    def __init__(
        self,
        message: str,
        *,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        delay: float = 0.1,
        interval: float = 0.1,
    ) -> None:
        self.message = message
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = is_terminal(self.stream) if enabled is None else enabled
        self._delay, self._interval = delay, interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._drawn = False

    def start(self) -> Spinner:
        if self.enabled and self._thread is None:
            self._thread = threading.Thread(target=self._spin, name="freeagents-spinner")
            self._thread.daemon = True
            self._thread.start()
        return self

    def update(self, message: str) -> None:
        self.message = message

    def stop(self) -> None:
        """Stop and erase the spinner; safe to call more than once."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        with self._lock:
            if self._drawn:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
                self._drawn = False

    def _spin(self) -> None:
        if self._stop.wait(self._delay):
            return
        frame = 0
        while not self._stop.is_set():
            with self._lock:
                self.stream.write(f"\r\x1b[K{_FRAMES[frame % len(_FRAMES)]} {self.message}")
                self.stream.flush()
                self._drawn = True
            frame += 1
            self._stop.wait(self._interval)

    def __enter__(self) -> Spinner:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def format_table(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, right: Iterable[int] = ()
) -> str:
    """Columns padded to their widest cell, a rule under the header; `right` columns are
    right-aligned (numbers)."""
    body = [list(row) for row in rows]
    every = [list(header), *body]
    widths = [max(len(row[i]) for row in every) for i in range(len(header))]
    right_aligned = set(right)

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(w) if i in right_aligned else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(row) for row in body)])


def _secret_values(extra_vars: Iterable[str] = ()) -> list[str]:
    from agents.models.providers.catalogue import list_providers

    names = {spec.api_key_env for spec in list_providers() if spec.api_key_env}
    names.update(extra_vars)
    names.update(("OPENAI_API_KEY", "OPENAI_AGENTS_TRACING_API_KEY"))
    values = {os.environ.get(name) or "" for name in names}
    # Longest first, so a key that contains another is replaced whole.
    return sorted((v for v in values if len(v) >= 4), key=len, reverse=True)


def scrub(text: str, extra_vars: Iterable[str] = ()) -> str:
    """`text` with every key set in the environment (and any long prefix of it) masked."""
    from agents.models.reliability.provider_errors import redact

    for secret in _secret_values(extra_vars):
        text = redact(text, secret)
    return text


def one_line(text: str) -> str:
    """Collapse whitespace so a message is one line on stderr."""
    return re.sub(r"\s+", " ", text).strip()


def safe_url(url: str) -> str:
    """A URL without any user:password part, for display."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
