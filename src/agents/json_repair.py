"""Repairs of a model's malformed JSON, where there is only one thing it can have meant.

Models, smaller ones especially, write tool-call arguments with a trailing comma, without the
last closing brace, or inside a Markdown code fence. Each of these has exactly one reading,
so the SDK reads it that way instead of costing a turn. Anything else (a value cut off
mid-string, a missing value, unbalanced brackets in the middle) is not guessed at: the caller
gets None, and the model is told its arguments were invalid.
"""

from __future__ import annotations

import json
import re
from typing import Any

_FENCE = re.compile(r"^```[A-Za-z0-9_-]*[ \t]*\n?(?P<body>.*?)\n?[ \t]*```$", re.DOTALL)
_CLOSERS = {"{": "}", "[": "]"}


def repair_json_object(text: str) -> dict[str, Any] | None:
    """The JSON object `text` unambiguously meant, or None.

    Repairs: a code fence around the JSON, trailing commas before a closing bracket, and
    closing brackets missing at the very end.
    """
    candidate = text.strip()
    fenced = _FENCE.match(candidate)
    if fenced is not None:
        candidate = fenced.group("body").strip()
    if not candidate.startswith("{"):
        return None
    out: list[str] = []
    stack: list[str] = []
    in_string = False
    escaped = False
    for char in candidate:
        if in_string:
            out.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in _CLOSERS:
            stack.append(char)
        elif char in "}]":
            if not stack or _CLOSERS[stack.pop()] != char:
                return None  # a bracket closed that was never opened: no single reading
            _drop_trailing_comma(out)
        out.append(char)
    if in_string:
        return None  # cut off inside a string: what followed is unknown
    if stack:
        _drop_trailing_comma(out)
        out.extend(_CLOSERS[opener] for opener in reversed(stack))
    try:
        parsed = json.loads("".join(out))
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _drop_trailing_comma(out: list[str]) -> None:
    """Remove a comma (and the whitespace after it) at the end of `out`."""
    end = len(out)
    while end and out[end - 1].isspace():
        end -= 1
    if end and out[end - 1] == ",":
        del out[end - 1 :]
