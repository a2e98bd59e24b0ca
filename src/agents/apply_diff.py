"""Apply a V4A diff (the patch format of OpenAI's apply_patch tool) to a file's text.

A create diff is the new file's lines, each prefixed with "+". An update diff is a series of
hunks: a hunk opens with "@@", optionally followed by anchor text (a line to find first, such
as a function's `def` line), then lines prefixed with " " (context), "-" (removed) or "+"
(added); "*** End of File" pins the hunk to the end of the file. Context is matched exactly
first, then ignoring trailing whitespace, then ignoring surrounding whitespace, so a model's
small whitespace slips still apply; anything else is a ValueError naming the lines not found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import Literal

__all__ = ["ApplyDiffMode", "apply_diff"]

ApplyDiffMode = Literal["default", "create"]

_END_OF_FILE = "*** End of File"
_IGNORED = ("*** Begin Patch", "*** End Patch", "*** Update File:", "*** Add File:")


@dataclass
class _Hunk:
    anchors: list[str] = field(default_factory=list)
    old: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    at_end: bool = False

    def is_empty(self) -> bool:
        return not (self.anchors or self.old or self.new)


def apply_diff(input: str, diff: str, mode: ApplyDiffMode = "default") -> str:
    """`input` with `diff` applied; with `mode="create"`, the new file the diff describes."""
    newline = "\r\n" if "\r\n" in input or (mode == "create" and "\r\n" in diff) else "\n"
    diff_lines = diff.replace("\r\n", "\n").split("\n")
    if diff_lines and diff_lines[-1] == "":
        diff_lines.pop()
    if mode == "create":
        return newline.join(_created_lines(diff_lines))
    text = input.replace("\r\n", "\n")
    ends_with_newline = text.endswith("\n")
    lines = text.split("\n")
    if ends_with_newline:
        lines.pop()
    cursor = 0
    for hunk in _hunks(diff_lines):
        lines, cursor = _apply_hunk(lines, hunk, cursor)
    result = newline.join(lines)
    return result + newline if ends_with_newline else result


def _created_lines(diff_lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in diff_lines:
        if line.startswith(_IGNORED):
            continue
        if not line.startswith("+"):
            raise ValueError(f"Invalid line in a create diff (each must start with '+'): {line!r}")
        out.append(line[1:])
    return out


def _hunks(diff_lines: list[str]) -> list[_Hunk]:
    hunks: list[_Hunk] = []
    current = _Hunk()
    for line in diff_lines:
        if line.startswith(_IGNORED):
            continue
        if line.startswith("@@"):
            if current.old or current.new:
                hunks.append(current)
                current = _Hunk()
            anchor = line[2:].strip()
            if anchor:
                current.anchors.append(anchor)
        elif line == _END_OF_FILE:
            current.at_end = True
        elif line.startswith("-"):
            current.old.append(line[1:])
        elif line.startswith("+"):
            current.new.append(line[1:])
        else:
            context = line[1:] if line.startswith(" ") else line
            current.old.append(context)
            current.new.append(context)
    if not current.is_empty():
        hunks.append(current)
    return hunks


_MATCHERS: tuple[Callable[[str], str], ...] = (lambda s: s, str.rstrip, str.strip)


def _find(lines: list[str], wanted: list[str], start: int, at_end: bool) -> int:
    """Where `wanted` occurs in `lines` at or after `start` (at the very end when `at_end`)."""
    if not wanted:
        return len(lines) if at_end else start
    for norm in _MATCHERS:
        target = [norm(w) for w in wanted]
        positions = (
            [len(lines) - len(wanted)] if at_end else range(start, len(lines) - len(wanted) + 1)
        )
        for i in positions:
            if i >= start and [norm(x) for x in lines[i : i + len(wanted)]] == target:
                return i
    return -1


def _apply_hunk(lines: list[str], hunk: _Hunk, cursor: int) -> tuple[list[str], int]:
    for anchor in hunk.anchors:
        found = _find(lines, [anchor], cursor, False)
        if found < 0:
            raise ValueError(f"Anchor line not found in the file: {anchor!r}")
        cursor = found + 1
    at = _find(lines, hunk.old, cursor, hunk.at_end)
    if at < 0 and hunk.at_end:
        at = _find(lines, hunk.old, cursor, False)
    if at < 0:
        shown = "\n".join(hunk.old)
        raise ValueError(f"The lines to change were not found in the file:\n{shown}")
    lines = lines[:at] + hunk.new + lines[at + len(hunk.old) :]
    return lines, at + len(hunk.new)
