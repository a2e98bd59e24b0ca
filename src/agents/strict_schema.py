"""Rewrite JSON schemas into the subset OpenAI accepts for ``strict`` structured outputs.

Strict mode lets the model's sampler be constrained to the schema, which only works when
every object is closed (``additionalProperties: false``) and every property is required.
Pydantic does not emit schemas in that shape, so tool and output schemas pass through
:func:`ensure_strict_json_schema` before they are sent.

Schemas are also untrusted input: an MCP server advertises its tools' schemas, and a hostile
or broken one can nest ten thousand levels deep or chain ``$ref`` s that double at every step.
The conversion therefore checks the nesting depth before touching the schema (iteratively, so
the check itself cannot overflow the stack) and spends a node budget while expanding, so the
worst case is a quick :class:`~agents.exceptions.UserError`, never a ``RecursionError`` or
minutes of CPU.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import replace
from typing import Any
from typing import TypeGuard
from urllib.parse import unquote

from agents.exceptions import UserError

__all__ = ["check_schema_depth", "copy_json_schema", "ensure_strict_json_schema", "resolve_ref"]

MAX_SCHEMA_DEPTH = 100
"""Nested containers (dicts and lists, schema maps such as ``properties`` included) a schema
may have. Real schemas stay far below; the bound keeps the recursive passes (the rewrite,
``copy.deepcopy``, ``json.dumps``) well inside Python's recursion limit."""

MAX_SCHEMA_NODES = 100_000
"""Schema nodes the rewrite may visit, ``$ref`` expansions included. A ``$ref`` ladder whose
every rung references the next twice doubles per rung; this stops it after a fraction of a
second."""

_EMPTY_SCHEMA: dict[str, Any] = {
    "additionalProperties": False,
    "type": "object",
    "properties": {},
    "required": [],
}

# Keywords that annotate a `$ref` without constraining the values it accepts, so the
# referenced schema can be inlined under them without changing its meaning.
_ANNOTATIONS = frozenset(
    {
        "$anchor",
        "$comment",
        "$defs",
        "$schema",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "default",
        "definitions",
        "deprecated",
        "description",
        "examples",
        "readOnly",
        "title",
        "writeOnly",
    }
)
# The root's `$id` names the document that every local `$ref` resolves against.
_ROOT_ANNOTATIONS = _ANNOTATIONS | {"$id"}

_TOO_DEEP = (
    f"JSON schema is too deeply nested to process safely (more than {MAX_SCHEMA_DEPTH} "
    f"levels of objects and lists). Flatten the schema, or turn strict mode off."
)
_TOO_LARGE = (
    f"JSON schema is too large to convert to a strict schema (more than {MAX_SCHEMA_NODES} "
    f"nodes once its $refs are expanded). A $ref that expands exponentially points to a "
    f"malformed or malicious schema; simplify it, or turn strict mode off."
)
_OPEN_OBJECT = (
    "Strict JSON schema does not allow additionalProperties on objects (found {value!r} at "
    "{where}). Free-form dicts such as dict[str, Any] cannot be expressed in strict mode: use "
    "a Pydantic model, dataclass or TypedDict with fixed keys, or turn strict mode off."
)
_UNDECLARED_PROPERTIES = (
    "JSON schema at {where} is an object that permits undeclared properties; closing it for "
    "strict mode would change the values it accepts."
)
_NESTED_RESOURCE = (
    "JSON schema at {where} has a $ref owned by or crossing a nested `$id` resource; it cannot "
    "be resolved against the document root. Inline the referenced schema, or turn strict mode "
    "off."
)


def check_schema_depth(schema: object) -> None:
    """Raise UserError when ``schema`` nests deeper than :data:`MAX_SCHEMA_DEPTH`.

    Iterative on purpose: the point is to refuse a schema before any recursive code (a deep
    copy included) meets it.
    """
    stack: list[tuple[object, int]] = [(schema, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_SCHEMA_DEPTH:
            raise UserError(_TOO_DEEP)
        children: Iterable[object] = (
            value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        )
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))


def copy_json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of ``schema``, refused with UserError when too deep to copy safely."""
    check_schema_depth(schema)
    return copy.deepcopy(schema)


def ensure_strict_json_schema(
    schema: dict[str, Any], *, _reject_open_objects: bool = False
) -> dict[str, Any]:
    """Return a strict-mode copy of ``schema``; the argument is left untouched.

    Callers often hand in schemas they keep using elsewhere (a Pydantic model's cached
    schema, a user-supplied dict, an MCP tool's schema served non-strict when this fails),
    so the rewrite works on a deep copy.

    ``_reject_open_objects`` (used for MCP tools) also refuses objects that declare no
    properties and are not closed: closing ``{"type": "object"}`` would turn "any object"
    into "the empty object".

    Raises:
        TypeError: ``schema`` (or a nested schema) is not a dict.
        UserError: the schema cannot be made strict without changing what it accepts (open
            maps, a union or nullable object at the root, conflicting ``$ref`` or ``allOf``
            siblings), or it is too deep or expands too far to convert safely.
        ValueError: a ``$ref`` does not resolve inside the document.
    """
    if not isinstance(schema, dict):
        raise TypeError(f"Expected a JSON schema dict, got {type(schema).__name__}: {schema!r}")
    check_schema_depth(schema)
    if not schema:
        # An empty schema means "no parameters"; strict mode still needs a closed object.
        return copy.deepcopy(_EMPTY_SCHEMA)
    root = copy.deepcopy(schema)
    walk = _Walk(root=root, source=schema, reject_open_objects=_reject_open_objects)
    return _check_root(walk.strict(root, path=(), at=_Place(depth=1)))


def _check_root(schema: dict[str, Any]) -> dict[str, Any]:
    """Strict mode wants a plain object at the root; a union there cannot be closed."""
    if _is_list(schema.get("anyOf")):
        raise UserError(
            "The root of a strict JSON schema must be an object, not a union (anyOf/oneOf). "
            "Make the union a property of an object, or turn strict mode off."
        )
    typ = schema.get("type")
    if _is_list(typ) and "object" in typ:
        if typ != ["object"]:
            raise UserError(
                f"The root of a strict JSON schema must be a non-nullable object, but its type "
                f"is {typ}. Make the root a plain object, or turn strict mode off."
            )
        schema["type"] = "object"
    return schema


@dataclass(frozen=True)
class _Place:
    """Where a node sits: how deep the recursion is (``$ref`` expansions included, so a long
    ``$ref`` chain stops at the same bound as deep nesting), whether it is inside a nested
    ``$id`` resource, and the refs being inlined around it (meeting one again means a
    recursive model, whose ``$ref`` stays a ``$ref``)."""

    depth: int
    in_resource: bool = False
    expanding: frozenset[str] = frozenset()

    def expanding_also(self, ref: str) -> _Place:
        return replace(self, expanding=self.expanding | {ref})


@dataclass
class _Walk:
    """One conversion: the document being rewritten in place and its node budget.

    $refs resolve against ``source``, the caller's untouched document, and inline a metered
    copy of it: the same target in ``root`` may already have been expanded (definitions are
    rewritten first), and copying that would redo the exponential work the budget exists to
    stop. The copy is rewritten where it lands, so the result is the same.
    """

    root: dict[str, Any]
    source: dict[str, Any]
    reject_open_objects: bool
    remaining: int = MAX_SCHEMA_NODES

    def spend(self) -> None:
        self.remaining -= 1
        if self.remaining < 0:
            raise UserError(_TOO_LARGE)

    def strict(
        self,
        node: object,
        *,
        path: tuple[str, ...],
        at: _Place,
    ) -> dict[str, Any]:
        """Rewrite ``node`` in place and return it."""
        if at.depth > MAX_SCHEMA_DEPTH:
            raise UserError(_TOO_DEEP)
        if not _is_dict(node):
            raise TypeError(f"Expected a JSON schema dict at {_fmt(path)}, got {node!r}")
        self.spend()
        closed_by_author = node.get("additionalProperties") is False
        in_resource = at.in_resource or (node is not self.root and _declares_resource(node))
        if "$ref" in node:
            self._check_ref_siblings(node, path, in_resource)
        nested = replace(at, depth=at.depth + 1, in_resource=in_resource)

        self._strict_defs(node, path, nested)
        self._close_object(node, path)
        properties = node.get("properties")
        if _is_dict(properties):
            node["required"] = list(properties)
            node["properties"] = {
                key: self.strict(value, path=(*path, "properties", key), at=nested)
                for key, value in properties.items()
            }
        items = node.get("items")
        if _is_dict(items):
            node["items"] = self.strict(items, path=(*path, "items"), at=nested)
        self._strict_unions(node, path, nested)

        all_of = node.get("allOf")
        if _is_list(all_of) and len(all_of) == 1:
            self._inline_single_all_of(node, path, in_resource, closed_by_author, nested)
            return self.strict(node, path=path, at=nested)
        if _is_list(all_of):
            node["allOf"] = self._strict_each(all_of, (*path, "allOf"), nested)

        # Every property is required and nullable through anyOf, so a None default says
        # nothing, and strict mode rejects it.
        if "default" in node and node["default"] is None:
            del node["default"]

        ref = node.get("$ref")
        if ref is not None and len(node) > 1:
            if not isinstance(ref, str):
                raise UserError(f"$ref at {_fmt(path)} must be a string, got {ref!r}")
            if ref not in at.expanding:
                self._inline_ref(node, ref)
                return self.strict(node, path=path, at=nested.expanding_also(ref))
        if self.reject_open_objects and "$ref" in node:
            raise UserError(
                f"JSON schema at {_fmt(path)} keeps a $ref ({node['$ref']!r}) whose target "
                f"was not checked for strict mode."
            )
        return node

    def copy(self, value: Any) -> Any:
        """A deep copy that spends the budget per object copied. Inlined targets are copied
        rather than shared, so that rewriting one place never changes another."""
        if isinstance(value, dict):
            self.spend()
            return {key: self.copy(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.copy(item) for item in value]
        return value

    def _check_ref_siblings(
        self, node: dict[str, Any], path: tuple[str, ...], in_resource: bool
    ) -> None:
        """Inlining merges a $ref's siblings over its target; only annotations merge safely."""
        if in_resource:
            raise UserError(_NESTED_RESOURCE.format(where=_fmt(path)))
        allowed = _ROOT_ANNOTATIONS if node is self.root else _ANNOTATIONS
        clashing = sorted(set(node) - {"$ref"} - allowed)
        if clashing:
            raise UserError(
                f"JSON schema at {_fmt(path)} has a $ref with incompatible sibling keyword(s) "
                f"({', '.join(clashing)}): merging them with the referenced schema would "
                f"change the values it accepts. Move them into the referenced schema, or turn "
                f"strict mode off."
            )

    def _strict_defs(self, node: dict[str, Any], path: tuple[str, ...], nested: _Place) -> None:
        for defs_key in ("$defs", "definitions"):
            defs = node.get(defs_key)
            if not _is_dict(defs):
                continue
            for name, definition in defs.items():
                def_path = (*path, defs_key, name)
                # Inside a definition, a $ref back to itself must stay a $ref.
                own_ref = "#/" + "/".join(_escape(part) for part in def_path)
                self.strict(definition, path=def_path, at=nested.expanding_also(own_ref))

    def _close_object(self, node: dict[str, Any], path: tuple[str, ...]) -> None:
        typ = node.get("type")
        has_properties = _is_dict(node.get("properties"))
        additional = node.get("additionalProperties", False)
        if typ is None and has_properties:
            # A type-less schema with properties is an object in every validator's eyes.
            typ = node["type"] = "object"
        elif typ is None and additional is not False:
            raise UserError(_OPEN_OBJECT.format(value=additional, where=_fmt(path)))
        if not (typ == "object" or (_is_list(typ) and "object" in typ)):
            return
        declared = node.get("properties")
        if (
            self.reject_open_objects
            and (declared is None or declared == {})
            and node.get("additionalProperties") is not False
        ):
            raise UserError(_UNDECLARED_PROPERTIES.format(where=_fmt(path)))
        # `is not False`: `additionalProperties: {}` (allow anything) is falsy in Python.
        if "additionalProperties" in node and node["additionalProperties"] is not False:
            raise UserError(
                _OPEN_OBJECT.format(value=node["additionalProperties"], where=_fmt(path))
            )
        node["additionalProperties"] = False

    def _strict_unions(self, node: dict[str, Any], path: tuple[str, ...], nested: _Place) -> None:
        """anyOf made strict; oneOf joins it (strict mode rejects nested oneOf, and for the
        discriminated unions Pydantic emits the branches exclude each other anyway)."""
        any_of = node.get("anyOf")
        if _is_list(any_of):
            node["anyOf"] = self._strict_each(any_of, (*path, "anyOf"), nested)
        one_of = node.get("oneOf")
        if _is_list(one_of):
            existing = node.get("anyOf")
            merged = list(existing) if _is_list(existing) else []
            node["anyOf"] = merged + self._strict_each(one_of, (*path, "oneOf"), nested)
            del node["oneOf"]

    def _inline_single_all_of(
        self,
        node: dict[str, Any],
        path: tuple[str, ...],
        in_resource: bool,
        closed_by_author: bool,
        nested: _Place,
    ) -> None:
        """A lone allOf entry (Pydantic's way to attach siblings to a $ref) merged into its
        parent, refusing any keyword both sides constrain differently."""
        entry = node["allOf"][0]
        if _is_dict(entry) and "$ref" in entry and not set(entry) - {"$ref"} - _ANNOTATIONS:
            if in_resource:
                raise UserError(_NESTED_RESOURCE.format(where=_fmt(path)))
            self.spend()
            strict_entry = self._follow_annotated_refs(entry)
        else:
            strict_entry = self.strict(entry, path=(*path, "allOf", "0"), at=nested)
        del node["allOf"]
        if not closed_by_author:
            # The merged object is closed on the next pass, once its properties are known.
            node.pop("additionalProperties", None)
        merged = _merge_all_of_entry(strict_entry, node, path)
        node.clear()
        node.update(merged)

    def _follow_annotated_refs(self, entry: dict[str, Any]) -> dict[str, Any]:
        """The target of a chain of annotated $refs, under the annotations met on the way
        (the outermost wins)."""
        current, seen, carried = entry, set[str](), dict[str, Any]()
        while "$ref" in current and not set(current) - {"$ref"} - _ANNOTATIONS:
            ref = current["$ref"]
            if not isinstance(ref, str):
                raise UserError(f"$ref must be a string, got {ref!r}")
            if ref in seen:
                raise UserError(f"JSON schema contains a circular $ref chain through {ref!r}.")
            seen.add(ref)
            carried = {**{k: v for k, v in current.items() if k != "$ref"}, **carried}
            self.spend()
            target = resolve_ref(root=self.source, ref=ref)
            if not _is_dict(target):
                raise ValueError(f"Expected $ref {ref!r} to resolve to an object, got {target!r}")
            current = target
        return {**self.copy(current), **carried}

    def _inline_ref(self, node: dict[str, Any], ref: str) -> None:
        """Replace an annotated $ref by its target in place; the node's own keys win."""
        target = resolve_ref(root=self.source, ref=ref)
        if not _is_dict(target):
            raise ValueError(f"Expected $ref {ref!r} to resolve to an object, got {target!r}")
        # The node's $ref goes first, so a target that is itself a $ref (a chained alias)
        # brings its own $ref in and the next pass follows it. Keys already on the node keep
        # their place; the target's are added after them.
        del node["$ref"]
        node.update({**self.copy(target), **node})

    def _strict_each(
        self, entries: list[object], path: tuple[str, ...], nested: _Place
    ) -> list[object]:
        return [
            self.strict(entry, path=(*path, str(i)), at=nested) for i, entry in enumerate(entries)
        ]


def _merge_all_of_entry(
    entry: dict[str, Any], parent: dict[str, Any], path: tuple[str, ...]
) -> dict[str, Any]:
    """``entry`` with the parent's keys added; annotations from the parent win, and any other
    keyword set on both sides must be equal as JSON (or empty on the parent's side)."""
    merged = dict(entry)
    clashing: list[str] = []
    entry_properties = entry.get("properties")
    if (
        parent.get("additionalProperties") is False
        and parent.get("properties", {}) == {}
        and _is_dict(entry_properties)
        and entry_properties
    ):
        # additionalProperties only sees the properties declared beside it, not in allOf,
        # so a closed parent would reject every property the entry declares.
        clashing.append("properties")
    for key, value in parent.items():
        if key not in merged or key in _ANNOTATIONS:
            merged[key] = value
        elif (
            _same_json(value, merged[key])
            or (key == "properties" and value == {})
            or (key == "required" and value == [])
        ):
            continue
        else:
            clashing.append(key)
    if clashing:
        raise UserError(
            f"JSON schema at {_fmt(path)} has a singleton `allOf` entry with incompatible "
            f"parent keyword(s) ({', '.join(sorted(clashing))}): merging them would change "
            f"the values it accepts. Turn strict mode off, or restructure the schema."
        )
    return merged


def _same_json(left: object, right: object) -> bool:
    """Equality as JSON sees it: ``True`` is not ``1``, but ``1`` is ``1.0``."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left == right
    if isinstance(left, list) or isinstance(right, list):
        return (
            isinstance(left, list)
            and isinstance(right, list)
            and len(left) == len(right)
            and all(_same_json(a, b) for a, b in zip(left, right, strict=True))
        )
    if isinstance(left, dict) or isinstance(right, dict):
        return (
            isinstance(left, dict)
            and isinstance(right, dict)
            and left.keys() == right.keys()
            and all(_same_json(left[k], right[k]) for k in left)
        )
    return type(left) is type(right) and bool(left == right)


def resolve_ref(*, root: dict[str, Any], ref: str) -> object:
    """Follow a local JSON pointer such as ``#/$defs/Model`` inside ``root``.

    Only document-local refs are supported because tool schemas are self-contained; a
    pointer through a nested ``$id`` resource would resolve against that resource, not the
    root, so it is refused.
    """
    if not ref.startswith("#/"):
        raise ValueError(f"Unsupported $ref {ref!r}: only local refs starting with '#/' work")
    resolved: object = root
    for raw_key in unquote(ref[2:], errors="strict").split("/"):
        key = raw_key.replace("~1", "/").replace("~0", "~")
        if not _is_dict(resolved) or key not in resolved:
            raise ValueError(f"Cannot resolve $ref {ref!r}: missing key {key!r}")
        resolved = resolved[key]
        if _is_dict(resolved) and _declares_resource(resolved):
            raise UserError(_NESTED_RESOURCE.format(where=ref))
    return resolved


def _declares_resource(node: dict[str, Any]) -> bool:
    return isinstance(node.get("$id"), str)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _fmt(path: tuple[str, ...]) -> str:
    return "#/" + "/".join(path) if path else "the schema root"


def _is_dict(obj: object) -> TypeGuard[dict[str, Any]]:
    return isinstance(obj, dict)


def _is_list(obj: object) -> TypeGuard[list[object]]:
    return isinstance(obj, list)
