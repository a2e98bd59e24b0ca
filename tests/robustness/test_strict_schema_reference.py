"""Item 13: strict JSON schema conversion behaves as the reference's on its own cases.

Each case is a fact read from openai-agents 0.24 (`ensure_strict_json_schema` run on the same
input): what it rewrites, and what it refuses with UserError because no strict schema
accepts the same values.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from agents.exceptions import UserError
from agents.strict_schema import ensure_strict_json_schema

OBJ_A: dict[str, Any] = {"type": "object", "properties": {"a": {"type": "string"}}}


def at(node: Any, *path: str | int) -> Any:
    for key in path:
        node = node[key]
    return node


def test_empty_schema_is_a_fresh_closed_object_each_time() -> None:
    first = ensure_strict_json_schema({})
    first["properties"]["polluted"] = {}
    second = ensure_strict_json_schema({})
    assert second == {
        "additionalProperties": False,
        "type": "object",
        "properties": {},
        "required": [],
    }


@pytest.mark.parametrize("schema", [[], "object", None, 3])
def test_non_dict_schema_is_a_type_error(schema: Any) -> None:
    with pytest.raises(TypeError):
        ensure_strict_json_schema(schema)


def test_typeless_root_with_properties_becomes_a_closed_object() -> None:
    assert ensure_strict_json_schema({"properties": {"a": {"type": "string"}}}) == {
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "additionalProperties": False,
        "required": ["a"],
    }


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        (
            {"type": "object", "properties": {"config": {"properties": {}}}},
            ("properties", "config"),
        ),
        ({"type": "array", "items": {"properties": {}}}, ("items",)),
        (
            {
                "type": "object",
                "properties": {"v": {"anyOf": [{"properties": {}}, {"type": "null"}]}},
            },
            ("properties", "v", "anyOf", 0),
        ),
        (
            {"type": "object", "properties": {"a": {"properties": {"b": {"properties": {}}}}}},
            ("properties", "a", "properties", "b"),
        ),
    ],
    ids=["property", "array-item", "any-of", "two-levels"],
)
def test_nested_typeless_objects_are_closed(schema: dict[str, Any], path: tuple[Any]) -> None:
    node = at(ensure_strict_json_schema(schema), *path)
    assert node["type"] == "object"
    assert node["additionalProperties"] is False
    assert node["required"] == list(node["properties"])


def test_object_gets_closed_and_every_property_required() -> None:
    result = ensure_strict_json_schema(OBJ_A)
    assert result == {**OBJ_A, "additionalProperties": False, "required": ["a"]}
    assert result["properties"]["a"] == {"type": "string"}  # no object, nothing added


def test_nested_nullable_object_keeps_its_type_union() -> None:
    config = {"type": ["object", "null"], "properties": {"key": {"type": "string"}}}
    result = ensure_strict_json_schema({"type": "object", "properties": {"config": config}})
    assert result["properties"]["config"] == {
        **config,
        "additionalProperties": False,
        "required": ["key"],
    }


def test_root_type_list_of_object_alone_becomes_object() -> None:
    assert ensure_strict_json_schema({"type": ["object"], "properties": {}})["type"] == "object"


def test_non_object_with_properties_is_left_alone() -> None:
    schema = {"type": "string", "properties": {}, "required": [], "additionalProperties": True}
    assert ensure_strict_json_schema(copy.deepcopy(schema)) == schema


@pytest.mark.parametrize(
    "schema",
    [
        {"anyOf": [{"properties": {"a": {"type": "string"}}}, {"type": "null"}]},
        {"oneOf": [{"properties": {"a": {"type": "string"}}}, {"type": "null"}]},
        {"type": ["object", "null"], "properties": {"a": {"type": "string"}}},
    ],
    ids=["anyOf-root", "oneOf-root", "nullable-object-root"],
)
def test_roots_strict_mode_cannot_express_are_refused(schema: dict[str, Any]) -> None:
    with pytest.raises(UserError, match="root of a strict JSON schema"):
        ensure_strict_json_schema(schema)


@pytest.mark.parametrize(
    "schema",
    [
        {**OBJ_A, "additionalProperties": True},
        {**OBJ_A, "additionalProperties": {}},
        {**OBJ_A, "additionalProperties": {"type": "string"}},
        {**OBJ_A, "additionalProperties": None},
        {"properties": {"a": {"type": "number"}}, "additionalProperties": True},
        {"additionalProperties": {"type": "string"}},
        {"type": "object", "properties": {"meta": {"additionalProperties": {"type": "string"}}}},
        {"properties": {"a": {"type": "string"}}, "allOf": [{"additionalProperties": True}]},
        {"properties": {"a": {"type": "string"}}, "allOf": [{"additionalProperties": {}}]},
    ],
    ids=[
        "true",
        "empty-schema",
        "value-schema",
        "none",
        "typeless-true",
        "typeless-open-map-root",
        "nested-typeless-open-map",
        "allOf-true",
        "allOf-empty",
    ],
)
def test_open_maps_are_refused(schema: dict[str, Any]) -> None:
    with pytest.raises(UserError, match="additionalProperties"):
        ensure_strict_json_schema(schema)


def test_explicitly_closed_object_is_accepted() -> None:
    result = ensure_strict_json_schema({**OBJ_A, "additionalProperties": False})
    assert result["additionalProperties"] is False and result["required"] == ["a"]


def test_none_defaults_are_dropped_in_items_unions_and_refs() -> None:
    assert ensure_strict_json_schema({"type": "string", "default": None}) == {"type": "string"}
    items = ensure_strict_json_schema(
        {"type": "array", "items": {"type": "number", "default": None}}
    )
    assert items["items"] == {"type": "number"}
    union = ensure_strict_json_schema(
        {
            "type": "object",
            "properties": {
                "v": {
                    "anyOf": [
                        {"type": "object", "properties": {}},
                        {"type": "number", "default": None},
                    ]
                }
            },
        }
    )
    variants = union["properties"]["v"]["anyOf"]
    assert variants[0]["additionalProperties"] is False and variants[0]["required"] == []
    assert variants[1] == {"type": "number"}
    ref = ensure_strict_json_schema(
        {
            "definitions": {"R": {"type": "string", "default": None}},
            "type": "object",
            "properties": {"a": {"$ref": "#/definitions/R", "description": "desc"}},
        }
    )
    assert ref["properties"]["a"] == {"description": "desc", "type": "string"}


def test_nested_oneof_joins_anyof() -> None:
    schema = {
        "type": "object",
        "properties": {"u": {"anyOf": [{"type": "integer"}], "oneOf": [{"type": "string"}]}},
    }
    assert ensure_strict_json_schema(schema)["properties"]["u"] == {
        "anyOf": [{"type": "integer"}, {"type": "string"}]
    }


def test_single_allof_entry_is_merged() -> None:
    schema = {"type": "object", "allOf": [{"properties": {"a": {"type": "boolean"}}}]}
    assert ensure_strict_json_schema(schema) == {
        "type": "object",
        "properties": {"a": {"type": "boolean"}},
        "additionalProperties": False,
        "required": ["a"],
    }


def test_single_allof_ref_chain_is_followed_and_annotations_kept() -> None:
    schema = {
        "components": {
            "schemas": {
                "Inner": {
                    "type": "object",
                    "description": "inner",
                    "properties": {"value": {"type": "string"}},
                },
                "Outer": {"$ref": "#/components/schemas/Inner", "description": "outer"},
            }
        },
        "type": "object",
        "allOf": [{"$ref": "#/components/schemas/Outer", "title": "entry"}],
    }
    result = ensure_strict_json_schema(schema)
    assert "$ref" not in result and "allOf" not in result
    assert (result["description"], result["title"]) == ("outer", "entry")
    assert result["properties"] == {"value": {"type": "string"}}
    assert result["required"] == ["value"] and result["additionalProperties"] is False


@pytest.mark.parametrize(
    "schema",
    [
        {
            "$defs": {"T": {"type": "object", "properties": {"inner": {"type": "string"}}}},
            "type": "object",
            "properties": {"outer": {"type": "string"}},
            "allOf": [{"$ref": "#/$defs/T", "description": "alias"}],
        },
        {
            "$defs": {"T": {"type": "object", "properties": {"inner": {"type": "string"}}}},
            "type": "object",
            "properties": {"outer": {"type": "string"}},
            "allOf": [{"allOf": [{"$ref": "#/$defs/T"}]}],
        },
        {"$defs": {"T": {"const": 1}}, "const": True, "allOf": [{"$ref": "#/$defs/T"}]},
        {
            "$defs": {"T": {"const": {"n": [1]}}},
            "const": {"n": [True]},
            "allOf": [{"$ref": "#/$defs/T"}],
        },
        {
            "type": "object",
            "additionalProperties": False,
            "allOf": [{"properties": {"a": {}}}],
        },
    ],
    ids=["overlapping-properties", "nested-allOf", "true-is-not-1", "nested-bool", "closed"],
)
def test_single_allof_with_clashing_parent_is_refused(schema: dict[str, Any]) -> None:
    with pytest.raises(UserError, match="singleton `allOf`"):
        ensure_strict_json_schema(schema)


def test_single_allof_accepts_json_equal_numbers() -> None:
    schema = {"$defs": {"T": {"const": 1}}, "const": 1.0, "allOf": [{"$ref": "#/$defs/T"}]}
    assert ensure_strict_json_schema(schema)["const"] == 1


@pytest.mark.parametrize("annotated", [False, True])
def test_circular_allof_ref_chain_is_refused(annotated: bool) -> None:
    extra = {"description": "x"} if annotated else {}
    schema = {
        "$defs": {"A": {"$ref": "#/$defs/B", **extra}, "B": {"$ref": "#/$defs/A", **extra}},
        "type": "object",
        "allOf": [{"$ref": "#/$defs/A"}],
    }
    with pytest.raises(UserError, match="circular"):
        ensure_strict_json_schema(schema)


@pytest.mark.parametrize(
    ("name", "token"), [("a/b", "a~1b"), ("a~b", "a~0b"), ("a~1b", "a~01b"), ("a b", "a%20b")]
)
def test_refs_decode_json_pointer_and_percent_escapes(name: str, token: str) -> None:
    schema = {
        "$defs": {name: {"type": "object", "properties": {"value": {"type": "string"}}}},
        "type": "object",
        "allOf": [{"$ref": f"#/$defs/{token}"}],
    }
    result = ensure_strict_json_schema(schema)
    assert result["properties"] == {"value": {"type": "string"}}
    assert result["required"] == ["value"]


def test_annotated_ref_is_expanded_and_lone_ref_kept() -> None:
    schema = {
        "$defs": {
            "T": {"type": "object", "properties": {"b": {"type": "string"}}, "required": ["b"]},
            "Inner": {"type": "string"},
            "Outer": {"$ref": "#/$defs/Inner"},
        },
        "type": "object",
        "properties": {
            "node": {
                "contentMediaType": "application/json",
                "description": "a node",
                "title": "Node",
                "$ref": "#/$defs/T",
            },
            "chained": {"$ref": "#/$defs/Outer", "description": "desc"},
            "anchored": {"$anchor": "v", "$ref": "#/$defs/Inner"},
            "plain": {"$ref": "#/$defs/T"},
        },
    }
    props = ensure_strict_json_schema(schema)["properties"]
    assert props["node"] == {
        "contentMediaType": "application/json",
        "description": "a node",
        "title": "Node",
        "type": "object",
        "properties": {"b": {"type": "string"}},
        "required": ["b"],
        "additionalProperties": False,
    }
    assert props["chained"] == {"description": "desc", "type": "string"}
    assert props["anchored"] == {"$anchor": "v", "type": "string"}
    assert props["plain"] == {"$ref": "#/$defs/T"}
    assert ensure_strict_json_schema({"$ref": "#/definitions/x"}) == {"$ref": "#/definitions/x"}


@pytest.mark.parametrize("root_key", ["$schema", "$id"])
def test_root_ref_with_schema_or_id_is_expanded(root_key: str) -> None:
    schema = {
        root_key: "https://example.test/root",
        "$defs": {"T": {"type": "object", "properties": {"value": {"type": "string"}}}},
        "$ref": "#/$defs/T",
    }
    result = ensure_strict_json_schema(schema)
    assert result[root_key] == "https://example.test/root" and "$ref" not in result
    assert result["required"] == ["value"] and result["additionalProperties"] is False


@pytest.mark.parametrize(
    "node",
    [
        {"properties": {"a": {"type": "string"}}, "required": ["a"], "$ref": "#/$defs/T"},
        {"type": "string", "$ref": "#/$defs/T"},
        {"$ref": "#/$defs/T", "minLength": 1},
        {"$ref": "#/$defs/T", "additionalProperties": False},
        {"$ref": "#/$defs/T", "allOf": [{"$ref": "#/$defs/T"}]},
    ],
    ids=["properties", "type", "validation", "additionalProperties", "allOf"],
)
def test_ref_with_constraining_sibling_is_refused(node: dict[str, Any]) -> None:
    schema = {
        "$defs": {"T": {"type": "object", "properties": {"b": {"type": "string"}}}},
        "type": "object",
        "properties": {"node": node},
    }
    with pytest.raises(UserError, match="incompatible sibling"):
        ensure_strict_json_schema(schema)


@pytest.mark.parametrize(
    "schema",
    [
        {
            "$defs": {"T": {"type": "string"}},
            "type": "object",
            "properties": {
                "v": {"$id": "https://x.test/n", "$defs": {"T": {}}, "$ref": "#/$defs/T"}
            },
        },
        {
            "$defs": {"T": {"type": "string"}},
            "contentSchema": {"$id": "https://x.test/n", "$ref": "#/$defs/T"},
            "type": "object",
            "allOf": [{"$ref": "#/contentSchema"}],
        },
        {
            "$defs": {"T": {"type": "string"}},
            "type": "object",
            "properties": {
                "n": {
                    "$id": "https://x.test/n",
                    "$defs": {"T": {}},
                    "allOf": [{"$ref": "#/$defs/T"}],
                }
            },
        },
        {
            "$defs": {"T": {"type": "string"}},
            "contentSchema": {"$id": "https://x.test/n", "target": {"$ref": "#/$defs/T"}},
            "type": "object",
            "allOf": [{"$ref": "#/contentSchema/target"}],
        },
    ],
    ids=["ref-owned-by-resource", "target-is-resource", "allOf-in-resource", "below-resource"],
)
def test_refs_through_nested_id_resources_are_refused(schema: dict[str, Any]) -> None:
    with pytest.raises(UserError, match=r"nested `\$id` resource"):
        ensure_strict_json_schema(schema)


def test_id_as_a_definition_name_is_only_a_name() -> None:
    defs = {"$id": {"type": "object", "properties": {}}, "T": {"type": "string"}}
    by_ref = {
        "$defs": defs,
        "type": "object",
        "properties": {"v": {"$ref": "#/$defs/T", "description": "value"}},
    }
    result = ensure_strict_json_schema(by_ref)
    assert result["properties"]["v"] == {"description": "value", "type": "string"}
    by_all_of = {"$defs": defs, "type": "object", "allOf": [{"$ref": "#/$defs/$id"}]}
    result = ensure_strict_json_schema(by_all_of)
    assert result["properties"] == {} and result["additionalProperties"] is False


@pytest.mark.parametrize("ref", ["invalid", "#/$defs/Missing"])
def test_unresolvable_ref_is_a_value_error(ref: str) -> None:
    with pytest.raises(ValueError, match="ref"):
        ensure_strict_json_schema(
            {"type": "object", "properties": {"a": {"$ref": ref, "description": "d"}}}
        )


def test_open_object_rejection_is_opt_in() -> None:
    """MCP tools ask for it: an object declaring no properties accepts any keys."""
    assert ensure_strict_json_schema({"type": "object", "properties": {}})["required"] == []
    with pytest.raises(UserError, match="permits undeclared properties"):
        ensure_strict_json_schema({"type": "object", "properties": {}}, _reject_open_objects=True)
    lone_ref = {
        "$defs": {"v": {"type": "string"}},
        "type": "object",
        "properties": {"v": {"$ref": "#/$defs/v"}},
    }
    assert ensure_strict_json_schema(lone_ref)["properties"]["v"] == {"$ref": "#/$defs/v"}
    with pytest.raises(UserError, match="not checked for strict mode"):
        ensure_strict_json_schema(lone_ref, _reject_open_objects=True)
