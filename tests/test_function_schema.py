import dataclasses
import enum
import functools
import sys
import types
from typing import Annotated
from typing import Any
from typing import Literal

import pytest
from pydantic import BaseModel
from pydantic import Field
from pydantic import ValidationError
from typing_extensions import TypedDict

from agents.exceptions import UserError
from agents.function_schema import FuncSchema
from agents.function_schema import function_schema
from agents.function_schema import generate_func_documentation
from agents.run_context import RunContextWrapper
from agents.tool_context import ToolContext


def call(schema: FuncSchema, func: Any, arguments: dict[str, Any], *context: Any) -> Any:
    """Validate `arguments` the way a tool invocation does and call `func` with them."""
    data = schema.params_pydantic_model.model_validate(arguments)
    args, kwargs = schema.to_call_args(data)
    return func(*context, *args, **kwargs)


# --- primitives and docstrings --------------------------------------------------------------


def get_weather(city: str, days: int, metric: bool, scale: float) -> str:
    """Fetch the weather forecast.

    Uses the configured provider.

    Args:
        city: The city to look up.
        days (int): How many days
            to forecast.
        metric: Use metric units.
        scale: Unused: kept for compatibility.

    Returns:
        A forecast.
    """
    return f"{city}:{days}:{metric}:{scale}"


def strict_object(title: str, **properties: Any) -> dict[str, Any]:
    """The schema of a model in strict mode: every property required, no others allowed."""
    return {
        "properties": properties,
        "required": list(properties),
        "title": title,
        "type": "object",
        "additionalProperties": False,
    }


def test_primitives_with_google_docstring() -> None:
    schema = function_schema(get_weather)
    assert schema.name == "get_weather"
    assert schema.description == "Fetch the weather forecast.\n\nUses the configured provider."
    assert schema.takes_context is False
    assert schema.strict_json_schema is True
    assert schema.params_json_schema == strict_object(
        "get_weather_args",
        city={"description": "The city to look up.", "title": "City", "type": "string"},
        days={"description": "How many days\nto forecast.", "title": "Days", "type": "integer"},
        metric={"description": "Use metric units.", "title": "Metric", "type": "boolean"},
        scale={
            "description": "Unused: kept for compatibility.",
            "title": "Scale",
            "type": "number",
        },
    )
    args = {"city": "Oslo", "days": 3, "metric": True, "scale": 1.5}
    assert call(schema, get_weather, args) == "Oslo:3:True:1.5"


def search(query: str, limit: int | None = None, lang: str = "en") -> str:
    """Search."""
    return f"{query}:{limit}:{lang}"


def test_optional_and_defaults_are_required_in_strict_mode() -> None:
    schema = function_schema(search)
    assert schema.params_json_schema == strict_object(
        "search_args",
        query={"title": "Query", "type": "string"},
        limit={"anyOf": [{"type": "integer"}, {"type": "null"}], "title": "Limit"},
        lang={"default": "en", "title": "Lang", "type": "string"},
    )
    # The pydantic model still applies defaults when a (non-strict) caller omits fields.
    assert call(schema, search, {"query": "q"}) == "q:None:en"


def test_non_strict_schema_keeps_optional_fields_optional() -> None:
    schema = function_schema(search, strict_json_schema=False)
    assert schema.strict_json_schema is False
    assert schema.params_json_schema == {
        "properties": {
            "query": {"title": "Query", "type": "string"},
            "limit": {
                "anyOf": [{"type": "integer"}, {"type": "null"}],
                "default": None,
                "title": "Limit",
            },
            "lang": {"default": "en", "title": "Lang", "type": "string"},
        },
        "required": ["query"],
        "title": "search_args",
        "type": "object",
    }


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


def paint(color: Color, finish: Literal["matte", "gloss"], coats: Literal[1, 2] = 1) -> str:
    return f"{color.value}:{finish}:{coats}"


def test_literal_and_enum() -> None:
    schema = function_schema(paint)
    assert schema.description is None
    assert schema.params_json_schema == {
        "$defs": {"Color": {"enum": ["red", "green"], "title": "Color", "type": "string"}},
        **strict_object(
            "paint_args",
            color={"$ref": "#/$defs/Color"},
            finish={"enum": ["matte", "gloss"], "title": "Finish", "type": "string"},
            coats={"default": 1, "enum": [1, 2], "title": "Coats", "type": "integer"},
        ),
    }
    assert call(schema, paint, {"color": "green", "finish": "gloss", "coats": 2}) == "green:gloss:2"
    with pytest.raises(ValidationError):
        schema.params_pydantic_model.model_validate({"color": "blue", "finish": "matte"})


class LineItem(BaseModel):
    sku: str
    quantity: int = 1


class Order(BaseModel):
    customer: str
    items: list[LineItem]
    note: str | None = None


def place_order(order: Order) -> int:
    """Place an order.

    Args:
        order: The order to place.
    """
    return sum(item.quantity for item in order.items)


def test_nested_pydantic_model() -> None:
    schema = function_schema(place_order)
    line_item = strict_object(
        "LineItem",
        sku={"title": "Sku", "type": "string"},
        quantity={"default": 1, "title": "Quantity", "type": "integer"},
    )
    order_schema = strict_object(
        "Order",
        customer={"title": "Customer", "type": "string"},
        items={"items": {"$ref": "#/$defs/LineItem"}, "title": "Items", "type": "array"},
        note={"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Note"},
    )
    assert schema.params_json_schema == {
        "$defs": {"LineItem": line_item, "Order": order_schema},
        **strict_object(
            "place_order_args",
            # A description next to a $ref is not allowed in strict mode, so the ref is inlined.
            order={**order_schema, "description": "The order to place."},
        ),
    }
    order = {"customer": "c", "items": [{"sku": "a", "quantity": 2}, {"sku": "b"}], "note": None}
    assert call(schema, place_order, {"order": order}) == 3


@dataclasses.dataclass
class Point:
    x: float
    y: float = 0.0


class Span(TypedDict):
    start: int
    end: int


def measure(point: Point, span: Span) -> float:
    return point.x + point.y + span["end"] - span["start"]


def test_dataclass_and_typeddict_params() -> None:
    schema = function_schema(measure)
    assert schema.params_json_schema == {
        "$defs": {
            "Point": strict_object(
                "Point",
                x={"title": "X", "type": "number"},
                y={"default": 0.0, "title": "Y", "type": "number"},
            ),
            "Span": strict_object(
                "Span",
                start={"title": "Start", "type": "integer"},
                end={"title": "End", "type": "integer"},
            ),
        },
        **strict_object(
            "measure_args", point={"$ref": "#/$defs/Point"}, span={"$ref": "#/$defs/Span"}
        ),
    }
    arguments = {"point": {"x": 1.0, "y": 2.0}, "span": {"start": 1, "end": 4}}
    data = schema.params_pydantic_model.model_validate(arguments)
    args, _ = schema.to_call_args(data)
    assert isinstance(args[0], Point)
    assert call(schema, measure, arguments) == 6.0


def summarize(rows: list[dict[str, Any]], tags: list[str]) -> int:
    return len(rows) + len(tags)


def test_list_of_free_form_dicts_cannot_be_strict() -> None:
    with pytest.raises(UserError, match=r"'summarize'.*#/properties/rows/items.*strict_mode"):
        function_schema(summarize)


def test_list_of_free_form_dicts_non_strict() -> None:
    schema = function_schema(summarize, strict_json_schema=False)
    assert schema.params_json_schema == {
        "properties": {
            "rows": {
                "items": {"additionalProperties": True, "type": "object"},
                "title": "Rows",
                "type": "array",
            },
            "tags": {"items": {"type": "string"}, "title": "Tags", "type": "array"},
        },
        "required": ["rows", "tags"],
        "title": "summarize_args",
        "type": "object",
    }
    assert call(schema, summarize, {"rows": [{"a": 1}, {}], "tags": ["t"]}) == 3


def test_unannotated_parameter_is_any() -> None:
    def echo(value, count: int = 1):  # type: ignore[no-untyped-def]
        return value

    schema = function_schema(echo)
    assert schema.params_json_schema["properties"]["value"] == {"title": "Value"}
    assert call(schema, echo, {"value": [1, "x"], "count": 2}) == [1, "x"]


# --- Annotated and Field ---------------------------------------------------------------------


def annotated(
    age: Annotated[int, Field(description="Age in years", ge=0)],
    nickname: Annotated[str, "What friends call them"],
    height: Annotated[float, Field(description="Overridden by the docstring")] = 1.8,
    score: int = Field(default=5, le=10, description="Out of ten"),
) -> None:
    """Describe a person.

    Args:
        height: Height in meters.
    """


def test_annotated_and_field_metadata() -> None:
    schema = function_schema(annotated)
    assert schema.params_json_schema["properties"] == {
        "age": {"description": "Age in years", "minimum": 0, "title": "Age", "type": "integer"},
        "nickname": {
            "description": "What friends call them",
            "title": "Nickname",
            "type": "string",
        },
        "height": {
            "default": 1.8,
            "description": "Height in meters.",
            "title": "Height",
            "type": "number",
        },
        "score": {
            "default": 5,
            "description": "Out of ten",
            "maximum": 10,
            "title": "Score",
            "type": "integer",
        },
    }
    model = schema.params_pydantic_model
    assert model.model_validate({"age": 3, "nickname": "n"}).model_dump() == {
        "age": 3,
        "nickname": "n",
        "height": 1.8,
        "score": 5,
    }
    with pytest.raises(ValidationError):
        model.model_validate({"age": -1, "nickname": "n"})
    with pytest.raises(ValidationError):
        model.model_validate({"age": 1, "nickname": "n", "score": 11})


def reserved(_token: str, schema: str, json: int = 0) -> str:
    """Parameter names that pydantic cannot use as field names directly.

    Args:
        _token: Private-looking name.
        schema: Shadows BaseModel.schema.
    """
    return f"{_token}:{schema}:{json}"


def test_parameter_names_reserved_by_pydantic_keep_their_names() -> None:
    schema = function_schema(reserved)
    assert schema.params_json_schema["properties"] == {
        "_token": {"description": "Private-looking name.", "title": "Token", "type": "string"},
        "schema": {"description": "Shadows BaseModel.schema.", "title": "Schema", "type": "string"},
        "json": {"default": 0, "title": "Json", "type": "integer"},
    }
    assert schema.params_json_schema["required"] == ["_token", "schema", "json"]
    assert call(schema, reserved, {"_token": "t", "schema": "s", "json": 2}) == "t:s:2"


# --- other docstring styles ------------------------------------------------------------------


def sphinx_style(name: str, count: int) -> str:
    """Greet someone.

    :param name: Who to greet.
    :param int count: How many
        times.
    :type name: str
    :returns: The greeting.
    """
    return name * count


def numpy_style(name: str, count: int, loud: bool) -> str:
    """Greet someone.

    Longer explanation.

    Parameters
    ----------
    name : str
        Who to greet.
    count, loud : int
        Shared
        description.

    Returns
    -------
    str
        The greeting.
    """
    return name * count


def test_sphinx_docstring() -> None:
    schema = function_schema(sphinx_style)
    assert schema.description == "Greet someone."
    assert schema.params_json_schema == strict_object(
        "sphinx_style_args",
        name={"description": "Who to greet.", "title": "Name", "type": "string"},
        count={"description": "How many\ntimes.", "title": "Count", "type": "integer"},
    )


def test_numpy_docstring() -> None:
    doc = generate_func_documentation(numpy_style)
    assert doc.name == "numpy_style"
    assert doc.description == "Greet someone.\n\nLonger explanation."
    assert doc.param_descriptions == {
        "name": "Who to greet.",
        "count": "Shared\ndescription.",
        "loud": "Shared\ndescription.",
    }
    schema = function_schema(numpy_style, docstring_style="numpy")
    assert schema.params_json_schema["properties"]["name"] == {
        "description": "Who to greet.",
        "title": "Name",
        "type": "string",
    }


def test_explicit_style_wins_over_detection() -> None:
    # Parsed as Google, the Sphinx fields are just prose: no parameter descriptions.
    doc = generate_func_documentation(sphinx_style, style="google")
    assert doc.param_descriptions is None
    assert doc.description is not None
    assert doc.description.startswith("Greet someone.\n\n:param name:")


def test_docstring_without_sections_and_without_docstring() -> None:
    def plain() -> None:
        """Just prose, spanning
        two lines."""

    def bare() -> None:
        pass

    assert generate_func_documentation(plain).description == "Just prose, spanning\ntwo lines."
    assert generate_func_documentation(plain).param_descriptions is None
    assert generate_func_documentation(bare).description is None


def test_google_admonitions_and_trailing_sections_end_the_summary() -> None:
    def documented(a: int) -> None:
        """Summary.

        Note:
            Not part of the summary.

        Arguments:
            a (dict[str, int]): Typed: with a colon.
        """

    doc = generate_func_documentation(documented)
    assert doc.description == "Summary."
    assert doc.param_descriptions == {"a": "Typed: with a colon."}


# --- overrides -------------------------------------------------------------------------------


def test_name_and_description_overrides() -> None:
    schema = function_schema(get_weather, name_override="weather", description_override="Forecast")
    assert schema.name == "weather"
    assert schema.description == "Forecast"
    assert schema.params_json_schema["title"] == "weather_args"
    assert schema.params_json_schema["properties"]["city"]["description"] == "The city to look up."


def test_docstring_info_can_be_ignored() -> None:
    schema = function_schema(get_weather, use_docstring_info=False)
    assert schema.name == "get_weather"
    assert schema.description is None
    assert schema.params_json_schema["properties"]["city"] == {"title": "City", "type": "string"}
    overridden = function_schema(get_weather, use_docstring_info=False, description_override="D")
    assert overridden.description == "D"


# --- context parameter -----------------------------------------------------------------------


def with_context(ctx: RunContextWrapper[dict[str, int]], key: str) -> int:
    """Look a key up in the run context.

    Args:
        ctx: The run context.
        key: The key.
    """
    return ctx.context[key]


def with_tool_context(ctx: ToolContext[Any], n: int) -> str:
    return f"{ctx.tool_name}:{n}"


def test_context_first_parameter_is_excluded() -> None:
    schema = function_schema(with_context)
    assert schema.takes_context is True
    assert schema.params_json_schema == strict_object(
        "with_context_args",
        key={"description": "The key.", "title": "Key", "type": "string"},
    )
    # Only the annotation matters here; any object with `.context` stands in at runtime.
    ctx = types.SimpleNamespace(context={"a": 7})
    assert call(schema, with_context, {"key": "a"}, ctx) == 7


def test_tool_context_first_parameter_is_excluded() -> None:
    schema = function_schema(with_tool_context)
    assert schema.takes_context is True
    assert list(schema.params_json_schema["properties"]) == ["n"]
    ctx = types.SimpleNamespace(context=None, tool_name="t", tool_call_id="1")
    assert call(schema, with_tool_context, {"n": 2}, ctx) == "t:2"


def test_unparameterized_and_annotated_context_is_detected() -> None:
    def bare_wrapper(ctx: RunContextWrapper, x: int) -> None:
        pass

    def annotated_wrapper(ctx: Annotated[RunContextWrapper[Any], "ctx"], x: int) -> None:
        pass

    for func in (bare_wrapper, annotated_wrapper):
        schema = function_schema(func)
        assert schema.takes_context is True
        assert list(schema.params_json_schema["properties"]) == ["x"]


def test_context_parameter_not_first_is_an_error() -> None:
    def late_context(x: int, ctx: RunContextWrapper[Any]) -> None:
        pass

    with pytest.raises(UserError, match=r"'late_context'.*'ctx'.*first parameter"):
        function_schema(late_context)


@dataclasses.dataclass
class NamedLikeContext:
    """A user class that merely shares the SDK context class's name."""

    context: int


NamedLikeContext.__name__ = "RunContextWrapper"


def takes_lookalike(ctx: NamedLikeContext, x: int) -> None:
    pass


def test_context_detection_falls_back_to_class_name(monkeypatch: pytest.MonkeyPatch) -> None:
    # With the real module importable, only the real class (or a subclass) counts.
    schema = function_schema(takes_lookalike)
    assert schema.takes_context is False
    assert list(schema.params_json_schema["properties"]) == ["ctx", "x"]
    # Without it (a partial install, or mid-refactor), the class name decides.
    monkeypatch.setitem(sys.modules, "agents.run_context", None)
    schema = function_schema(takes_lookalike)
    assert schema.takes_context is True
    assert list(schema.params_json_schema["properties"]) == ["x"]


def test_context_annotation_resolved_when_only_imported_for_type_checking() -> None:
    # Simulates `from __future__ import annotations` plus an `if TYPE_CHECKING:` import.
    namespace: dict[str, Any] = {"Any": Any}
    exec(
        "def lazy(ctx: 'RunContextWrapper[Any]', x: 'int') -> 'int':\n    return x\n",
        namespace,
    )
    schema = function_schema(namespace["lazy"])
    assert schema.takes_context is True
    assert list(schema.params_json_schema["properties"]) == ["x"]


def test_unresolvable_type_hint_is_a_user_error() -> None:
    namespace: dict[str, Any] = {}
    exec("def broken(x: 'Missing') -> None:\n    pass\n", namespace)
    with pytest.raises(UserError, match=r"'broken'.*Missing"):
        function_schema(namespace["broken"])


# --- calling convention ----------------------------------------------------------------------


def variadic(
    ctx: RunContextWrapper[Any],
    first: int,
    /,
    second: str,
    *rest: int,
    flag: bool = False,
    **extra: float,
) -> dict[str, Any]:
    """Exercise every parameter kind.

    Args:
        rest: More numbers.
        **extra: Named numbers.
    """
    return {"first": first, "second": second, "rest": rest, "flag": flag, "extra": extra}


def test_to_call_args_round_trip_with_varargs() -> None:
    schema = function_schema(variadic, strict_json_schema=False)
    assert schema.takes_context is True
    assert schema.params_json_schema == {
        "properties": {
            "first": {"title": "First", "type": "integer"},
            "second": {"title": "Second", "type": "string"},
            "rest": {
                "description": "More numbers.",
                "items": {"type": "integer"},
                "title": "Rest",
                "type": "array",
            },
            "flag": {"default": False, "title": "Flag", "type": "boolean"},
            "extra": {
                "additionalProperties": {"type": "number"},
                "description": "Named numbers.",
                "title": "Extra",
                "type": "object",
            },
        },
        "required": ["first", "second"],
        "title": "variadic_args",
        "type": "object",
    }
    data = schema.params_pydantic_model.model_validate(
        {"first": 1, "second": "s", "rest": [2, 3], "flag": True, "extra": {"a": 1.5}}
    )
    args, kwargs = schema.to_call_args(data)
    assert args == [1, "s", 2, 3]
    assert kwargs == {"flag": True, "a": 1.5}
    ctx: Any = types.SimpleNamespace(context=None)
    assert variadic(ctx, *args, **kwargs) == {
        "first": 1,
        "second": "s",
        "rest": (2, 3),
        "flag": True,
        "extra": {"a": 1.5},
    }
    # Omitted variadics default to empty.
    data = schema.params_pydantic_model.model_validate({"first": 1, "second": "s"})
    assert schema.to_call_args(data) == ([1, "s"], {"flag": False})


def test_varargs_typed_as_containers() -> None:
    def containers(*nums: tuple[int, ...], **named: dict[str, str]) -> None:
        pass

    schema = function_schema(containers, strict_json_schema=False)
    properties = schema.params_json_schema["properties"]
    assert properties["nums"]["items"] == {"type": "integer"}
    assert properties["named"]["additionalProperties"] == {"type": "string"}


def test_kwargs_cannot_be_strict() -> None:
    def open_ended(**options: int) -> None:
        pass

    with pytest.raises(UserError, match="'open_ended'"):
        function_schema(open_ended)


def test_methods_partials_and_callable_objects() -> None:
    class Greeter:
        def greet(self, name: str) -> str:
            """Greet by name."""
            return f"hi {name}"

        def __call__(self, name: str, times: int) -> str:
            return name * times

    def scaled(factor: int, value: int) -> int:
        """Scale a value."""
        return factor * value

    method_schema = function_schema(Greeter().greet)
    assert method_schema.name == "greet"
    assert method_schema.description == "Greet by name."
    assert call(method_schema, Greeter().greet, {"name": "x"}) == "hi x"

    partial = functools.partial(scaled, 3)
    partial_schema = function_schema(partial)
    assert partial_schema.name == "scaled"
    assert partial_schema.description == "Scale a value."
    assert list(partial_schema.params_json_schema["properties"]) == ["value"]
    assert call(partial_schema, partial, {"value": 2}) == 6

    instance_schema = function_schema(Greeter(), name_override="greeter")
    assert instance_schema.params_json_schema["required"] == ["name", "times"]
    assert call(instance_schema, Greeter(), {"name": "a", "times": 2}) == "aa"


class Opaque:
    pass


def test_type_without_schema_names_the_parameter() -> None:
    def uses_opaque(ok: int, thing: Opaque) -> None:
        pass

    with pytest.raises(UserError, match=r"'uses_opaque'.*parameter 'thing'"):
        function_schema(uses_opaque)
