"""Rewrite JSON schemas into the subset OpenAI accepts for ``strict`` structured outputs.

Strict mode lets the model's sampler be constrained to the schema, which only works when
every object is closed (``additionalProperties: false``) and every property is required.
Pydantic does not emit schemas in that shape, so tool and output schemas pass through
:func:`ensure_strict_json_schema` before they are sent.
"""

from __future__ import annotations

import copy
from typing import Any, TypeGuard

__all__ = ["ensure_strict_json_schema", "resolve_ref"]


def ensure_strict_json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Return a strict-mode copy of ``schema``; the argument is left untouched.

    Callers often hand in schemas they keep using elsewhere (a Pydantic model's cached
    schema, a user-supplied dict), so the rewrite works on a deep copy.

    Raises:
        UserError: an object schema explicitly allows additional properties. Strict mode
            cannot express open-ended objects, and silently closing them would make the
            model drop data the user asked for.
    """
    if not schema:
        # An empty schema means "no parameters"; strict mode still needs a closed object.
        return {"additionalProperties": False, "type": "object", "properties": {}, "required": []}
    root = copy.deepcopy(schema)
    return _make_strict(root, path=(), root=root, expanding=frozenset())


def _strict_defs(
    node: dict[str, Any],
    *,
    path: tuple[str, ...],
    root: dict[str, Any],
    expanding: frozenset[str],
) -> None:
    for defs_key in ("$defs", "definitions"):
        defs = node.get(defs_key)
        if _is_dict(defs):
            for def_name, def_schema in defs.items():
                def_path = (*path, defs_key, def_name)
                # Inside a definition, a $ref back to itself must stay a $ref.
                def_ref = "#/" + "/".join(_escape(part) for part in def_path)
                defs[def_name] = _make_strict(
                    def_schema, path=def_path, root=root, expanding=expanding | {def_ref}
                )


def _close_object(node: dict[str, Any], path: tuple[str, ...]) -> None:
    additional = node.get("additionalProperties", False)
    if additional is not False:
        # Importing here keeps this module importable while the exceptions module
        # is still being assembled, and avoids an import cycle through the package.
        from agents.exceptions import UserError

        raise UserError(
            f"Strict JSON schema does not allow additionalProperties on objects "
            f"(found {additional!r} at {_fmt(path)}). Free-form dicts such as "
            f"dict[str, Any] cannot be expressed in strict mode: use a Pydantic model, "
            f"dataclass or TypedDict with fixed keys, or turn strict mode off."
        )
    node["additionalProperties"] = False


def _strict_combinators(
    node: dict[str, Any],
    *,
    path: tuple[str, ...],
    root: dict[str, Any],
    expanding: frozenset[str],
) -> None:
    """anyOf, oneOf and allOf made strict: oneOf joins anyOf, a lone allOf is inlined."""
    any_of = node.get("anyOf")
    if _is_list(any_of):
        node["anyOf"] = _strict_each(any_of, path=(*path, "anyOf"), root=root, expanding=expanding)

    # Strict mode rejects oneOf in nested positions; for the discriminated unions Pydantic
    # emits, the branches are mutually exclusive anyway, so anyOf accepts the same values.
    one_of = node.pop("oneOf", None)
    if _is_list(one_of):
        existing = node.get("anyOf")
        merged: list[object] = list(existing) if _is_list(existing) else []
        merged.extend(_strict_each(one_of, path=(*path, "oneOf"), root=root, expanding=expanding))
        node["anyOf"] = merged

    all_of = node.get("allOf")
    if _is_list(all_of):
        if len(all_of) == 1:
            # Pydantic wraps a lone $ref in allOf to attach siblings; inlining keeps the
            # schema flat, and the $ref expansion below then handles the siblings. Local
            # keys win, matching how $ref siblings are treated.
            inner = _make_strict(
                all_of[0], path=(*path, "allOf", "0"), root=root, expanding=expanding
            )
            del node["allOf"]
            for key, value in inner.items():
                node.setdefault(key, value)
        else:
            node["allOf"] = _strict_each(
                all_of, path=(*path, "allOf"), root=root, expanding=expanding
            )


def _make_strict(
    node: object,
    *,
    path: tuple[str, ...],
    root: dict[str, Any],
    expanding: frozenset[str],
) -> dict[str, Any]:
    if not _is_dict(node):
        raise TypeError(f"Expected a JSON schema object at {_fmt(path)}, got {node!r}")

    _strict_defs(node, path=path, root=root, expanding=expanding)
    if node.get("type") == "object":
        _close_object(node, path)

    properties = node.get("properties")
    if _is_dict(properties):
        node["properties"] = {
            key: _make_strict(prop, path=(*path, "properties", key), root=root, expanding=expanding)
            for key, prop in properties.items()
        }
        node["required"] = list(properties)

    items = node.get("items")
    if _is_dict(items):
        node["items"] = _make_strict(items, path=(*path, "items"), root=root, expanding=expanding)
    elif _is_list(items):
        node["items"] = _strict_each(items, path=(*path, "items"), root=root, expanding=expanding)

    prefix_items = node.get("prefixItems")
    if _is_list(prefix_items):
        node["prefixItems"] = _strict_each(
            prefix_items, path=(*path, "prefixItems"), root=root, expanding=expanding
        )

    _strict_combinators(node, path=path, root=root, expanding=expanding)

    # A None default is redundant once every field is required and nullable via anyOf,
    # and strict mode rejects it.
    if "default" in node and node["default"] is None:
        del node["default"]

    ref = node.get("$ref")
    if ref is not None and len(node) > 1:
        # Strict mode ignores or rejects keys next to $ref (typically a description), so
        # the referenced schema is inlined with the local keys taking precedence.
        if not isinstance(ref, str):
            raise TypeError(f"Expected $ref to be a string at {_fmt(path)}, got {ref!r}")
        if ref in expanding:
            # A self-referencing model would inline forever; leave the $ref in place.
            return node
        resolved = resolve_ref(root=root, ref=ref)
        if not _is_dict(resolved):
            raise ValueError(f"Expected $ref {ref!r} to resolve to an object, got {resolved!r}")
        inlined = {**copy.deepcopy(resolved), **node}
        del inlined["$ref"]
        # The referenced schema may predate the strict pass (e.g. a sibling $defs entry
        # not yet visited), so the inlined result goes through the rewrite again.
        return _make_strict(inlined, path=path, root=root, expanding=expanding | {ref})

    return node


def _strict_each(
    entries: list[object],
    *,
    path: tuple[str, ...],
    root: dict[str, Any],
    expanding: frozenset[str],
) -> list[object]:
    return [
        _make_strict(entry, path=(*path, str(i)), root=root, expanding=expanding)
        for i, entry in enumerate(entries)
    ]


def resolve_ref(*, root: dict[str, Any], ref: str) -> object:
    """Follow a local JSON pointer such as ``#/$defs/Model`` inside ``root``.

    Only document-local refs are supported because tool schemas are self-contained.
    """
    if not ref.startswith("#/"):
        raise ValueError(f"Unsupported $ref {ref!r}: only local refs starting with '#/' work")
    resolved: object = root
    for raw_key in ref[2:].split("/"):
        key = raw_key.replace("~1", "/").replace("~0", "~")
        if not _is_dict(resolved) or key not in resolved:
            raise ValueError(f"Cannot resolve $ref {ref!r}: missing key {key!r}")
        resolved = resolved[key]
    return resolved


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _fmt(path: tuple[str, ...]) -> str:
    return "#/" + "/".join(path) if path else "the schema root"


def _is_dict(obj: object) -> TypeGuard[dict[str, Any]]:
    return isinstance(obj, dict)


def _is_list(obj: object) -> TypeGuard[list[object]]:
    return isinstance(obj, list)
