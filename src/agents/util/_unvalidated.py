"""Small `openai` models built on hot paths without pydantic validation.

Some objects are made once per chunk or several times per turn (a text delta event, the
token-details objects of every usage), and validating them costs more than the work
around them. Their values are already right (ints and strings freeagents holds, and
constants), so an instance can be put together as validation would leave it: the same
`__dict__` in the same field order, the same fields set, no extras, no private state.
Users still get the `openai` package's own classes, equal to validated ones field for
field, in `model_dump()` and in `model_fields_set`.

That holds for the `openai` and `pydantic` versions it was written against; a later one
could add a field with a default or store models differently. So each builder is compared,
when it is made, with the validated construction on values other than its layout's, and
the validated construction is used instead whenever anything differs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from typing import TypeVar

from pydantic import BaseModel

__all__ = ["checked", "checked_builder", "layout_builder", "same_as_validated"]

M = TypeVar("M", bound=BaseModel)

Setter = Callable[[Any, Any], None]

_new = object.__new__


def _setters() -> tuple[Setter, Setter, Setter, Setter]:
    """The storage a pydantic model keeps per instance (its slots), written directly: the
    descriptors' own `__set__`, cheaper than `object.__setattr__` finding them each time."""
    slots = vars(BaseModel)
    return tuple(
        slots[name].__set__
        for name in (
            "__dict__",
            "__pydantic_fields_set__",
            "__pydantic_extra__",
            "__pydantic_private__",
        )
    )


def layout_builder(validated: Callable[..., M], sample: dict[str, Any]) -> Callable[..., M]:
    """A builder taking the fields of `sample` (by position in its order, or by name) that
    lays each instance out as `validated(**sample)` is laid out: the sample's `__dict__`
    (field order and constants), fields set, extras and private state, with the given
    values put in and each list or dict of the sample made anew.

    The builder's body is generated for its fields, as `dataclasses` generates `__init__`:
    one store per field and no loop, which on a text delta event (one per streamed chunk)
    costs a third less than a generic body."""
    made = validated(**sample)
    cls = type(made)
    template = dict(vars(made))
    names = tuple(sample)
    if not set(names) <= set(template) or not all(name.isidentifier() for name in names):
        return validated  # a field this openai version lacks: validation decides
    fields = set(made.model_fields_set)
    extra, private = made.__pydantic_extra__, made.__pydantic_private__
    if extra or private:  # state that validation made per instance: validate each one
        return validated
    fresh = [
        f"    layout[{key!r}] = {'[]' if value == [] else f'template[{key!r}].copy()'}"
        for key, value in template.items()
        if isinstance(value, list | dict) and key not in names
    ]
    source = "\n".join(
        [
            f"def build({', '.join(names)}):",
            "    layout = template.copy()",
            *(f"    layout[{name!r}] = {name}" for name in names),
            *fresh,
            "    instance = new(cls)",
            "    set_dict(instance, layout)",
            "    set_fields(instance, fields.copy())",
            f"    set_extra(instance, {'{}' if extra is not None else 'None'})",
            f"    set_private(instance, {'{}' if private is not None else 'None'})",
            "    return instance",
        ]
    )
    set_dict, set_fields, set_extra, set_private = _setters()
    namespace: dict[str, Any] = {
        "template": template,
        "fields": fields,
        "cls": cls,
        "new": _new,
        "set_dict": set_dict,
        "set_fields": set_fields,
        "set_extra": set_extra,
        "set_private": set_private,
    }
    exec(compile(source, f"<{cls.__name__} builder>", "exec"), namespace)
    build: Callable[..., M] = namespace["build"]
    return build


def same_as_validated(built: BaseModel, validated: BaseModel) -> bool:
    """Whether `built` is indistinguishable from `validated`: equal, the same fields in the
    same order, the same fields set, extras and private state, and the same dumps."""
    return (
        type(built) is type(validated)
        and built == validated
        and list(vars(built)) == list(vars(validated))
        and built.model_fields_set == validated.model_fields_set
        and built.__pydantic_extra__ == validated.__pydantic_extra__
        and built.__pydantic_private__ == validated.__pydantic_private__
        and built.model_dump() == validated.model_dump()
        and built.model_dump_json() == validated.model_dump_json()
    )


def checked(
    make_builder: Callable[[], Callable[..., M]],
    validated: Callable[..., M],
    check: dict[str, Any],
) -> Callable[..., M]:
    """The builder `make_builder` makes when it gives what `validated` gives on `check`,
    else `validated` itself."""
    try:
        built = make_builder()
        same = same_as_validated(built(**check), validated(**check))
    except Exception:  # an openai or pydantic this was not written for: validate
        return validated
    return built if same else validated


def checked_builder(
    validated: Callable[..., M], sample: dict[str, Any], check: dict[str, Any]
) -> Callable[..., M]:
    """`layout_builder(validated, sample)` when it gives what `validated` gives on `check`
    (values other than the layout's own), else `validated` itself."""
    return checked(lambda: layout_builder(validated, sample), validated, check)
