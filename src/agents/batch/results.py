"""The results file of a batch: one JSON line per finished row, the record of what is done.

Resumption needs no separate state: a row is done when its line is in the file. Each line
is written with one ``write`` on a file opened in append mode, so lines from concurrent
rows never interleave; a line cut short by a crash (no final newline, or unreadable) is cut
off when the file is opened again, so that row runs again instead of being lost or
counted twice. The file is created owner-only (0600): outputs can be private.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from agents.exceptions import UserError

__all__ = ["ResultsFile", "read_results"]


def read_results(path: str | Path) -> list[dict[str, Any]]:
    """Every complete result line of a results file (a torn last line is skipped)."""
    lines: list[dict[str, Any]] = []
    with Path(path).open("rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                break
            try:
                lines.append(json.loads(raw))
            except json.JSONDecodeError:
                break
    return lines


class ResultsFile:
    """An append-only JSONL results file that knows which row keys it already holds."""

    def __init__(self, path: str | Path, *, retry_failed: bool = False) -> None:
        self.path = Path(path)
        self.done: set[str] = set()
        """Keys of rows with a line in the file (failed rows too, unless retried)."""
        self.failed_before: int = 0
        if self.path.exists():
            self._recover(retry_failed)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def _recover(self, retry_failed: bool) -> None:
        """Cut off a torn last line; with `retry_failed`, drop the failed rows' lines."""
        data = self.path.read_bytes()
        kept: list[bytes] = []
        dropped = False
        for raw in data.splitlines(keepends=True):
            try:
                if not raw.endswith(b"\n"):
                    raise ValueError("torn line")
                record = json.loads(raw)
                key = str(record["key"])
            except (ValueError, KeyError, TypeError):
                dropped = True
                break  # a crash only ever tears the last line; nothing after it is trusted
            if retry_failed and record.get("error") is not None:
                self.failed_before += 1
                dropped = True
                continue
            if key in self.done:
                raise UserError(
                    f"results file {str(self.path)!r} holds row {key!r} twice; it was not "
                    "written by this batch runner (or was edited): choose another output"
                )
            self.done.add(key)
            kept.append(raw)
        if dropped:
            scratch = self.path.with_name(self.path.name + ".tmp")
            fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, b"".join(kept))
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(scratch, self.path)

    def write(self, record: dict[str, Any]) -> None:
        """Append one row's result as a single line (one write call, so never interleaved)."""
        line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
        data = line.encode()
        written = os.write(self._fd, data)
        while written < len(data):  # a short write on a full disk or a signal
            written += os.write(self._fd, data[written:])
        self.done.add(str(record["key"]))

    def flush(self) -> None:
        os.fsync(self._fd)

    def close(self) -> None:
        if self._fd >= 0:
            try:
                os.fsync(self._fd)
            finally:
                os.close(self._fd)
                self._fd = -1

    def __enter__(self) -> ResultsFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
