"""JSON containers that count the changes made to them, so a check for changes can be skipped.

A function tool's schema goes out with every request, and may be changed in place between
turns; the Chat Completions route keeps each tool set's encoded declarations and must notice
such a change. Comparing a hundred schemas with copies on every turn costs more than the rest
of the turn (it reads every dict of every schema, mostly from memory rather than the cache).
A schema made of these containers says it was not changed more cheaply: every mutating
method bumps one process-wide count after it changed the container, so a count equal to the
one read before the last comparison means no watched container changed since.

Only the containers themselves are watched: a plain dict put inside one is not, which is why
`fully_watched` walks a schema again after a change. Reads cost what a dict's or a list's do;
`isinstance(x, dict)`, equality and `json` treat them as what they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from typing import SupportsIndex

__all__ = ["WatchedDict", "WatchedList", "changes", "fully_watched", "watched"]

_count = 0


def changes() -> int:
    """The count of changes made to watched containers so far (read it before comparing)."""
    return _count


def _changed() -> None:
    # Called after the change: a check that read the count before comparing then sees
    # either the change or a new count. Two threads bumping at once may count one change,
    # which still differs from the count either read before.
    global _count
    _count += 1


class WatchedDict(dict[Any, Any]):
    """A dict whose changes are counted (see the module's docstring)."""

    __slots__ = ()

    def __reduce_ex__(self, protocol: SupportsIndex) -> Any:
        # Copies and pickles are built from a plain dict, without counting changes.
        return (type(self), (dict(self),))

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        _changed()

    def __delitem__(self, key: Any) -> None:
        super().__delitem__(key)
        _changed()

    def __ior__(self, other: Any) -> WatchedDict:  # type: ignore[misc]
        super().__ior__(other)
        _changed()
        return self

    def clear(self) -> None:
        super().clear()
        _changed()

    def pop(self, *args: Any) -> Any:
        try:
            return super().pop(*args)
        finally:
            _changed()

    def popitem(self) -> tuple[Any, Any]:
        try:
            return super().popitem()
        finally:
            _changed()

    def setdefault(self, key: Any, default: Any = None) -> Any:
        try:
            return super().setdefault(key, default)
        finally:
            _changed()

    def update(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().update(*args, **kwargs)
        finally:
            _changed()


class WatchedList(list[Any]):
    """A list whose changes are counted (see the module's docstring)."""

    __slots__ = ()

    def __reduce_ex__(self, protocol: SupportsIndex) -> Any:
        return (type(self), (list(self),))

    def __setitem__(self, index: Any, value: Any) -> None:
        super().__setitem__(index, value)
        _changed()

    def __delitem__(self, index: Any) -> None:
        super().__delitem__(index)
        _changed()

    def __iadd__(self, other: Iterable[Any]) -> WatchedList:  # type: ignore[misc]
        super().__iadd__(other)
        _changed()
        return self

    def __imul__(self, count: SupportsIndex) -> WatchedList:
        super().__imul__(count)
        _changed()
        return self

    def append(self, value: Any) -> None:
        super().append(value)
        _changed()

    def extend(self, values: Iterable[Any]) -> None:
        try:
            super().extend(values)
        finally:
            _changed()

    def insert(self, index: SupportsIndex, value: Any) -> None:
        super().insert(index, value)
        _changed()

    def remove(self, value: Any) -> None:
        super().remove(value)
        _changed()

    def pop(self, index: SupportsIndex = -1) -> Any:
        found = super().pop(index)
        _changed()
        return found

    def clear(self) -> None:
        super().clear()
        _changed()

    def sort(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().sort(*args, **kwargs)
        finally:
            _changed()

    def reverse(self) -> None:
        super().reverse()
        _changed()


_ATOMS = frozenset({str, int, float, bool, type(None)})


def watched(value: Any) -> Any:
    """A copy of JSON-shaped `value` made of watched containers (other objects are kept)."""
    if isinstance(value, dict):
        return WatchedDict({key: watched(item) for key, item in value.items()})
    if isinstance(value, list):
        return WatchedList([watched(item) for item in value])
    return value


def fully_watched(value: Any) -> bool:
    """Whether no change inside `value` can go uncounted: watched containers all the way
    down, holding only strings, numbers, booleans and None."""
    kind = type(value)
    if kind is WatchedDict:
        return all(type(key) in _ATOMS for key in value) and all(map(fully_watched, value.values()))
    if kind is WatchedList:
        return all(map(fully_watched, value))
    return kind in _ATOMS
