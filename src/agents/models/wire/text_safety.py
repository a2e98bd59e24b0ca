"""Text a model sends that cannot be stored or sent again, replaced where it enters.

JSON allows `"\\ud800"`, a lone UTF-16 surrogate, and Python decodes it into a string that
cannot be encoded as UTF-8. Kept as it is, an answer holding one is saved to the session and
every later request (which encodes the history) fails with `UnicodeEncodeError`: one odd
character would end the conversation for good. Lone surrogates are replaced with U+FFFD, the
replacement character, in every answer on every route before the run sees it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterable
from typing import Any
from typing import TypeVar
from typing import cast

from pydantic import BaseModel

T = TypeVar("T")
C = TypeVar("C", list[Any], dict[Any, Any])

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
    fixed in place, without validation, since only strings change).

    Every answer passes here whole, so the common values are told apart by their exact type
    first (an ASCII string, a number, None: nothing to do) before any `isinstance`."""
    return cast(T, _clean(value))


def _clean(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return value if value.isascii() else clean_text(value)
    if kind in _ATOMIC:
        return value
    if kind is list:
        return _clean_list(value)
    if kind is dict:
        return _clean_dict(value)
    if isinstance(value, BaseModel):
        fields = value.__dict__
        for name, inner in fields.items():
            if type(inner) in _ATOMIC or (type(inner) is str and inner.isascii()):
                continue
            fixed = _clean(inner)
            if fixed is not inner:
                fields[name] = fixed
        return value
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return _clean_list(value)
    if isinstance(value, dict):
        return _clean_dict(value)
    return value


_ATOMIC = frozenset({int, float, bool, type(None)})
"""Types that hold no text: passed over without a call."""


def _clean_list(items: list[Any]) -> list[Any]:
    return _cleaned_copy(items, enumerate(items), list)


def _clean_dict(mapping: dict[Any, Any]) -> dict[Any, Any]:
    return _cleaned_copy(mapping, mapping.items(), dict)


def _cleaned_copy(container: C, entries: Iterable[tuple[Any, Any]], copy: Callable[[C], C]) -> C:
    """`container` itself when none of its `entries` (key, value) changed, else a copy
    with the changed values put in."""
    fixed: Any = None
    for key, inner in entries:
        new = _clean(inner)
        if new is not inner:
            if fixed is None:
                fixed = copy(container)
            fixed[key] = new
    return container if fixed is None else cast(C, fixed)


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
