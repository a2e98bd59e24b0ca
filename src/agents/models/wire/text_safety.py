"""Text a model sends that cannot be stored or sent again, replaced where it enters.

JSON allows `"\\ud800"`, a lone UTF-16 surrogate, and Python decodes it into a string that
cannot be encoded as UTF-8. Kept as it is, an answer holding one is saved to the session and
every later request (which encodes the history) fails with `UnicodeEncodeError`: one odd
character would end the conversation for good. Lone surrogates are replaced with U+FFFD, the
replacement character, in every answer on every route before the run sees it.
"""

from __future__ import annotations

import re
from typing import Any
from typing import TypeVar

from pydantic import BaseModel

T = TypeVar("T")

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


_SLICE = 1 << 20


def has_surrogate(text: str) -> bool:
    """Whether `text` holds a surrogate code point.

    Fast on long answers: an ASCII string (known in constant time) holds none, and the
    UTF-16 encoder, which refuses surrogates, scans several times faster than a regular
    expression; it runs on slices so that a 100 MB answer is not copied whole.
    """
    if text.isascii():
        return False
    for start in range(0, len(text), _SLICE):
        try:
            text[start : start + _SLICE].encode("utf-16-le")
        except UnicodeEncodeError:
            return True
    return False


def clean_text(text: str) -> str:
    """`text` with each lone surrogate replaced (a Python string holds no valid pairs)."""
    return _SURROGATE.sub(REPLACEMENT, text) if has_surrogate(text) else text


def clean(value: T) -> T:
    """`value` with lone surrogates replaced in every string inside it (pydantic models are
    fixed in place, without validation, since only strings change)."""
    if isinstance(value, str):
        return clean_text(value)  # type: ignore[return-value]
    if isinstance(value, BaseModel):
        fields = value.__dict__
        for name, inner in fields.items():
            if isinstance(inner, str | list | dict | BaseModel):
                fixed = clean(inner)
                if fixed is not inner:
                    fields[name] = fixed
        return value
    if isinstance(value, list):
        fixed_items = [clean(item) for item in value]
        changed = any(a is not b for a, b in zip(fixed_items, value, strict=True))
        return fixed_items if changed else value  # type: ignore[return-value]
    if isinstance(value, dict):
        fixed_map = {key: clean(inner) for key, inner in value.items()}
        changed = any(fixed_map[key] is not inner for key, inner in value.items())
        return fixed_map if changed else value  # type: ignore[return-value]
    return value


_DELTAS = ("response.output_text.delta", "response.reasoning_summary_text.delta")


def clean_event(event: Any) -> Any:
    """A stream event with its text cleaned: deltas, and the items of the closing events."""
    kind = getattr(event, "type", None)
    if kind in _DELTAS:  # one per chunk: an ASCII delta (most) is answered without a call
        delta = getattr(event, "delta", None)
        if type(delta) is str and delta.isascii():
            return event
        if isinstance(delta, str) and has_surrogate(delta):
            event.__dict__["delta"] = clean_text(delta)
        return event
    if kind in ("response.completed", "response.incomplete", "response.output_item.done"):
        return clean(event)
    if kind == "response.function_call_arguments.done":
        return clean(event)
    return event
