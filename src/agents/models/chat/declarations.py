"""The tools block of a Chat Completions request, prepared once per set of tools.

An agent sends the same tools turn after turn, and with a hundred of them the declarations
(and their 50 KB of JSON) cost more than the rest of a turn when they are made, checked or
encoded one tool at a time. Here they are kept per profile and sequence of tool objects, with
their encoded bytes, and reused while a check made for all the tools at once finds nothing
they are made of changed: the same tool objects in the same order, each with the same name,
description and strictness and the same schema dict, still equal to the copy the entry was
made from (so a schema changed in place is sent changed, on the next request). The schemas
function tools make for themselves count their own changes (agents.util._watched): while the
count has not moved, only the other schemas (a non-strict hand-written one, say) are compared.

The declarations hold that copy, not the tool's own dict: what an entry hands out (the
declaration dicts, the bytes) does not change after it is made, so a request that begins with
an entry's declarations, in order, is encoded with the entry's bytes and only what follows
them (handoffs, a structured-output tool) is encoded afresh.
"""

from __future__ import annotations

import contextlib
import copy
import operator
from collections.abc import Callable
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from agents.models.chat.request import function_param
from agents.models.chat.request import require_function_tool
from agents.models.dialects.profiles import ModelProfile
from agents.util._watched import changes
from agents.util._watched import fully_watched

if TYPE_CHECKING:
    from agents.tool import FunctionTool
    from agents.tool import Tool

__all__ = ["declared_parts", "tool_params"]

_text_fields = operator.attrgetter("name", "description", "strict_json_schema")
_schema = operator.attrgetter("params_json_schema")

Dumps = Callable[[Any], bytes]


class _Declared:
    """The declarations of one sequence of tools for one profile."""

    __slots__ = (
        "copies",
        "encoded",
        "fields",
        "params",
        "profile",
        "schemas",
        "seen",
        "tools",
        "unwatched",
    )

    def __init__(self, profile: ModelProfile, tools: Sequence[FunctionTool]) -> None:
        self.seen = changes()
        self.profile = profile
        self.tools = tuple(tools)
        """Held so that no other object can take one of the ids in the entry's key."""
        self.fields: list[tuple[Any, ...]] = list(map(_text_fields, tools))
        self.schemas: list[Any] = list(map(_schema, tools))
        self.copies = [_json_copy(schema) for schema in self.schemas]
        self.unwatched = _unwatched(self.schemas)
        self.params = [
            function_param(name, description or "", schema, strict, profile)
            for (name, description, strict), schema in zip(self.fields, self.copies, strict=True)
        ]
        self.encoded: bytes | None = None
        """The declarations as the client's encoder writes them, without the brackets
        (made at the first request that posts them as bytes)."""

    def unchanged(self, tools: Sequence[Tool]) -> bool:
        try:
            schemas = list(map(_schema, tools))
            if not all(map(operator.is_, schemas, self.schemas)):
                return False
            if list(map(_text_fields, tools)) != self.fields:
                return False
        except AttributeError:  # not a function tool: building the entry says so
            return False
        now = changes()
        if now == self.seen:  # no watched schema changed: compare only the others
            copies = self.copies
            return all(schemas[i] == copies[i] for i in self.unwatched)
        if schemas != self.copies:
            return False
        # Unchanged, as of the count read before comparing; a plain dict may have been put
        # into a watched schema since the last look.
        self.unwatched = _unwatched(schemas)  # first: a count read with it must be the new one
        self.seen = now
        return True


def _unwatched(schemas: list[Any]) -> list[int]:
    """Where the schemas are whose changes are not all counted (compared on every turn)."""
    return [i for i, schema in enumerate(schemas) if not fully_watched(schema)]


_DECLARED: dict[tuple[object, ...], _Declared] = {}
_BY_FIRST: dict[int, _Declared] = {}
"""Entries by the id of their first declaration, for the transport to find their bytes."""
_KEPT = 32


def tool_params(tools: Sequence[Tool], profile: ModelProfile) -> list[dict[str, Any]]:
    """The declarations of `tools` for this profile, in order: a new list, whose dicts are
    shared with every request made while the tools are unchanged (nobody may change them)."""
    if not tools:
        return []
    key = (_profile_key(profile), *map(id, tools))
    found = _DECLARED.get(key)
    if found is None or not found.unchanged(tools):
        found = _Declared(profile, [require_function_tool(tool) for tool in tools])
        _keep(key, found)
    return list(found.params)


def _profile_key(profile: ModelProfile) -> object:
    """The profile itself, so that an equal one made for another model (one model per run)
    shares the entry; its id when it holds something unhashable (a dict of options)."""
    try:
        hash(profile)
    except TypeError:
        return id(profile)  # the entry holds the profile: the id stays its own
    return profile


def _keep(key: tuple[object, ...], entry: _Declared) -> None:
    # Oldest first when there are many. Another thread's run doing the same at worst
    # builds an entry again, or encodes a request without one.
    old = _DECLARED.pop(key, None)
    if old is not None and _BY_FIRST.get(id(old.params[0])) is old:
        del _BY_FIRST[id(old.params[0])]
    _DECLARED[key] = entry
    _BY_FIRST[id(entry.params[0])] = entry
    if len(_DECLARED) > _KEPT:
        with contextlib.suppress(KeyError, StopIteration, RuntimeError):
            gone = _DECLARED.pop(next(iter(_DECLARED)))
            if _BY_FIRST.get(id(gone.params[0])) is gone:
                del _BY_FIRST[id(gone.params[0])]


def declared_parts(tools: list[Any], dumps: Dumps) -> list[bytes] | None:
    """The pieces of `dumps(tools)` when `tools` begins with an entry's declarations (the
    entry's bytes reused, the rest encoded now); None when it does not."""
    if not tools:
        return None
    entry = _BY_FIRST.get(id(tools[0]))
    if entry is None:
        return None
    params = entry.params
    count = len(params)
    if len(tools) < count or not all(map(operator.is_, tools, params)):
        return None
    encoded = entry.encoded
    if encoded is None:
        encoded = entry.encoded = dumps(params)[1:-1]
    if len(tools) == count:
        return [b"[", encoded, b"]"]
    return [b"[", encoded, b",", b",".join(map(dumps, tools[count:])), b"]"]


_ATOMS = (str, int, float, bool, type(None))


def _json_copy(value: Any) -> Any:
    """A deep copy of JSON-shaped data (much faster than `copy.deepcopy` on it); anything
    else in it is copied by `copy.deepcopy`."""
    if isinstance(value, dict):
        return {key: _json_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_copy(item) for item in value]
    if isinstance(value, _ATOMS):
        return value
    return copy.deepcopy(value)
