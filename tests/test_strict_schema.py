import copy
from typing import Any
from typing import Optional

import pytest
from pydantic import BaseModel
from pydantic import Field

from agents.exceptions import UserError
from agents.strict_schema import ensure_strict_json_schema


def test_empty_schema_becomes_closed_empty_object() -> None:
    assert ensure_strict_json_schema({}) == {
        "additionalProperties": False,
        "type": "object",
        "properties": {},
        "required": [],
    }


def test_object_is_closed_and_every_property_required() -> None:
    schema = {
        "type": "object",
        "properties": {
            "a": {"type": "integer"},
            "b": {"type": "string", "default": "x"},
        },
        "required": ["a"],
    }
    assert ensure_strict_json_schema(schema) == {
        "type": "object",
        "properties": {
            "a": {"type": "integer"},
            "b": {"type": "string", "default": "x"},
        },
        "required": ["a", "b"],
        "additionalProperties": False,
    }


def test_recurses_into_items_anyof_and_defs() -> None:
    schema = {
        "type": "object",
        "properties": {
            "rows": {"type": "array", "items": {"type": "object", "properties": {"x": {}}}},
            "either": {
                "anyOf": [{"type": "object", "properties": {"y": {}}}, {"type": "null"}],
            },
        },
        "$defs": {"D": {"type": "object", "properties": {"z": {"type": "integer"}}}},
        "definitions": {"E": {"type": "object", "properties": {}}},
    }
    assert ensure_strict_json_schema(schema) == {
        "type": "object",
        "properties": {
            "rows": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"x": {}},
                    "required": ["x"],
                    "additionalProperties": False,
                },
            },
            "either": {
                "anyOf": [
                    {
                        "type": "object",
                        "properties": {"y": {}},
                        "required": ["y"],
                        "additionalProperties": False,
                    },
                    {"type": "null"},
                ],
            },
        },
        "required": ["rows", "either"],
        "additionalProperties": False,
        "$defs": {
            "D": {
                "type": "object",
                "properties": {"z": {"type": "integer"}},
                "required": ["z"],
                "additionalProperties": False,
            }
        },
        "definitions": {
            "E": {
                "type": "object",
                "properties": {},
                "required": [],
                "additionalProperties": False,
            }
        },
    }


def test_single_allof_is_inlined_and_local_keys_win() -> None:
    schema = {
        "description": "outer",
        "allOf": [{"type": "object", "description": "inner", "properties": {"a": {}}}],
    }
    assert ensure_strict_json_schema(schema) == {
        "description": "outer",
        "type": "object",
        "properties": {"a": {}},
        "required": ["a"],
        "additionalProperties": False,
    }


def test_multi_allof_entries_are_made_strict() -> None:
    schema = {"allOf": [{"type": "object", "properties": {}}, {"type": "object"}]}
    assert ensure_strict_json_schema(schema) == {
        "allOf": [
            {"type": "object", "properties": {}, "required": [], "additionalProperties": False},
            {"type": "object", "additionalProperties": False},
        ]
    }


def test_none_default_is_dropped_other_defaults_kept() -> None:
    schema = {
        "type": "object",
        "properties": {
            "a": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": None},
            "b": {"type": "integer", "default": 0},
        },
    }
    result = ensure_strict_json_schema(schema)
    assert result["properties"] == {
        "a": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
        "b": {"type": "integer", "default": 0},
    }


def test_ref_with_siblings_is_expanded_and_lone_ref_kept() -> None:
    schema = {
        "type": "object",
        "properties": {
            "described": {"$ref": "#/$defs/Point", "description": "where"},
            "plain": {"$ref": "#/$defs/Point"},
        },
        "$defs": {
            "Point": {"type": "object", "properties": {"x": {"type": "number"}}},
        },
    }
    result = ensure_strict_json_schema(schema)
    point = {
        "type": "object",
        "properties": {"x": {"type": "number"}},
        "required": ["x"],
        "additionalProperties": False,
    }
    assert result["properties"]["described"] == {**point, "description": "where"}
    assert result["properties"]["plain"] == {"$ref": "#/$defs/Point"}
    assert result["$defs"]["Point"] == point


def test_oneof_becomes_anyof() -> None:
    union = {"oneOf": [{"type": "object", "properties": {}}, {"type": "string"}]}
    schema = {"type": "object", "properties": {"u": union}}
    assert ensure_strict_json_schema(schema)["properties"]["u"] == {
        "anyOf": [
            {"type": "object", "properties": {}, "required": [], "additionalProperties": False},
            {"type": "string"},
        ]
    }
    # At the root a union cannot be made strict (the reference refuses it too).
    with pytest.raises(UserError, match="root of a strict JSON schema"):
        ensure_strict_json_schema(union)


@pytest.mark.parametrize("additional", [True, {}, {"type": "string"}])
def test_open_objects_are_rejected(additional: object) -> None:
    schema = {
        "type": "object",
        "properties": {"meta": {"type": "object", "additionalProperties": additional}},
    }
    with pytest.raises(UserError, match=r"additionalProperties.*#/properties/meta"):
        ensure_strict_json_schema(schema)


def test_explicit_false_additional_properties_is_accepted() -> None:
    schema = {"type": "object", "properties": {}, "additionalProperties": False}
    assert ensure_strict_json_schema(schema)["additionalProperties"] is False


def test_input_is_not_mutated() -> None:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "p": {"$ref": "#/$defs/P", "description": "d", "default": None},
            "q": {"allOf": [{"$ref": "#/$defs/P"}]},
        },
        "$defs": {"P": {"type": "object", "properties": {"v": {"type": "integer"}}}},
    }
    before = copy.deepcopy(schema)
    result = ensure_strict_json_schema(schema)
    assert schema == before
    assert result != before
    # The result shares no nested containers with the input.
    result["$defs"]["P"]["properties"]["v"]["type"] = "string"
    assert schema == before


def test_unresolvable_ref_raises() -> None:
    with pytest.raises(ValueError, match="Missing"):
        ensure_strict_json_schema({"$ref": "#/$defs/Missing", "description": "x"})


class Tree(BaseModel):
    label: str
    children: list["Tree"] = Field(default_factory=list)
    parent: Optional["Tree"] = None
    twin: "Tree" = Field(description="a described self reference")


def test_recursive_pydantic_model_terminates_and_is_strict() -> None:
    result = ensure_strict_json_schema(Tree.model_json_schema())
    tree = result["$defs"]["Tree"]
    assert tree["additionalProperties"] is False
    assert tree["required"] == ["label", "children", "parent", "twin"]
    # A self reference inside the definition stays a reference (inlining would not end).
    assert tree["properties"]["twin"] == {
        "$ref": "#/$defs/Tree",
        "description": "a described self reference",
    }
    assert tree["properties"]["parent"] == {"anyOf": [{"$ref": "#/$defs/Tree"}, {"type": "null"}]}
    # The root `$ref` has `$defs` beside it, so it is inlined: strict mode wants an object root.
    assert "$ref" not in result
    assert result["type"] == "object"
    assert result["properties"] == tree["properties"]


class Address(BaseModel):
    street: str
    zip_code: str | None = None


class Person(BaseModel):
    name: str
    home: Address = Field(description="Where they live")


def test_realistic_pydantic_schema() -> None:
    # The referenced model, strict: every property required, nullable ones as anyOf with null.
    address = {
        "properties": {
            "street": {"title": "Street", "type": "string"},
            "zip_code": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Zip Code"},
        },
        "required": ["street", "zip_code"],
        "title": "Address",
        "type": "object",
        "additionalProperties": False,
    }
    assert ensure_strict_json_schema(Person.model_json_schema()) == {
        "$defs": {"Address": address},
        "properties": {
            "name": {"title": "Name", "type": "string"},
            # A $ref with a sibling (the description) is inlined.
            "home": {**address, "description": "Where they live"},
        },
        "required": ["name", "home"],
        "title": "Person",
        "type": "object",
        "additionalProperties": False,
    }
