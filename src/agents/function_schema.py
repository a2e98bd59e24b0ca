"""Turn a Python function's signature and docstring into a tool-calling JSON schema.

The model only sees a name, a description and a JSON schema, so everything a user wrote
about a tool in Python (type hints, defaults, docstring prose) is folded into those three.
Arguments come back as JSON, are validated by a Pydantic model built from the same
signature, and are then mapped back onto the function's calling convention.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from typing import Any
from typing import cast
from typing import get_args
from typing import get_origin
from typing import get_type_hints

from pydantic import BaseModel
from pydantic import Field
from pydantic import create_model
from pydantic.errors import PydanticInvalidForJsonSchema
from pydantic.errors import PydanticSchemaGenerationError
from pydantic.fields import FieldInfo

from agents._docstrings import DocstringStyle
from agents._docstrings import parse_docstring
from agents.strict_schema import ensure_strict_json_schema

__all__ = [
    "DocstringStyle",
    "FuncDocumentation",
    "FuncSchema",
    "function_schema",
    "generate_func_documentation",
]

_CONTEXT_CLASS_NAMES = frozenset({"RunContextWrapper", "ToolContext"})


@dataclass
class FuncSchema:
    """Everything needed to expose a function as a tool and to call it with model output."""

    name: str
    """The tool name shown to the model."""
    description: str | None
    """The tool description shown to the model, if any."""
    params_pydantic_model: type[BaseModel]
    """Validates the model's JSON arguments before the function is called."""
    params_json_schema: dict[str, Any]
    """The schema sent to the model; strict-mode compliant when `strict_json_schema` is set."""
    signature: inspect.Signature
    """Kept so validated arguments can be mapped back onto the original calling convention."""
    takes_context: bool = False
    """The first parameter receives the run context; the caller must supply it itself."""
    strict_json_schema: bool = True
    """Strict schemas let the provider constrain decoding, which sharply reduces bad calls."""

    def to_call_args(self, data: BaseModel) -> tuple[list[Any], dict[str, Any]]:
        """Split validated arguments into ``(args, kwargs)`` for calling the function.

        The context parameter, when present, is skipped: the caller prepends it.
        """
        # Parameters whose names Pydantic cannot use directly are stored under another
        # field name with the parameter name as alias (see `_field_name_for`).
        field_for_param = {
            (info.alias or field_name): field_name
            for field_name, info in type(data).model_fields.items()
        }
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for index, (name, param) in enumerate(self.signature.parameters.items()):
            if index == 0 and self.takes_context:
                continue
            value = getattr(data, field_for_param.get(name, name), None)
            if param.kind is param.VAR_POSITIONAL:
                args.extend(value or ())
            elif param.kind is param.VAR_KEYWORD:
                kwargs.update(value or {})
            elif param.kind is param.KEYWORD_ONLY:
                kwargs[name] = value
            else:
                args.append(value)
        return args, kwargs


@dataclass
class FuncDocumentation:
    """What a function's docstring says about it, ready to be shown to a model."""

    name: str
    """The function's ``__name__``."""
    description: str | None
    """The prose before the first docstring section, if any."""
    param_descriptions: dict[str, str] | None
    """Parameter name to description; None when the docstring documents no parameters."""


def generate_func_documentation(
    func: Callable[..., Any], style: DocstringStyle | None = None
) -> FuncDocumentation:
    """Read the description and per-parameter docs out of ``func``'s docstring.

    Args:
        func: The function whose docstring is read.
        style: The docstring convention; guessed from the docstring's content when None.
    """
    name = _callable_name(func)
    doc = inspect.getdoc(_unwrap_partial(func))
    if not doc:
        return FuncDocumentation(name=name, description=None, param_descriptions=None)
    description, params = parse_docstring(doc, style)
    return FuncDocumentation(name=name, description=description, param_descriptions=params or None)


def function_schema(
    func: Callable[..., Any],
    docstring_style: DocstringStyle | None = None,
    name_override: str | None = None,
    description_override: str | None = None,
    use_docstring_info: bool = True,
    strict_json_schema: bool = True,
) -> FuncSchema:
    """Build the tool schema of ``func`` from its type hints and docstring.

    Unannotated parameters are treated as ``Any`` (schema ``{}``), matching the reference
    SDK; providers may reject such a property in strict mode, so annotate tool parameters.

    Args:
        func: The function to describe.
        docstring_style: The docstring convention; guessed when None.
        name_override: Tool name to use instead of the function's ``__name__``.
        description_override: Tool description to use instead of the docstring summary.
        use_docstring_info: Whether the docstring supplies the descriptions at all.
        strict_json_schema: Rewrite the schema for OpenAI strict mode (recommended).

    Raises:
        UserError: A run-context parameter is not the first parameter, a parameter's type
            has no JSON schema, a type hint cannot be resolved, or the schema cannot be
            made strict.
    """
    from agents.exceptions import UserError

    doc_info = generate_func_documentation(func, docstring_style) if use_docstring_info else None
    param_descriptions = (doc_info.param_descriptions if doc_info else None) or {}
    func_name = name_override or _callable_name(func)
    description = description_override or (doc_info.description if doc_info else None)

    signature = inspect.signature(func)
    hints = _resolve_type_hints(func, func_name)
    params = list(signature.parameters.values())

    takes_context = _takes_context(params, hints, func_name)
    schema_params = params[1:] if takes_context else params
    reserved = {p.name for p in schema_params}
    fields: dict[str, Any] = {}
    for param in schema_params:
        annotation = hints.get(param.name, param.annotation)
        if annotation is inspect.Parameter.empty:
            annotation = Any
        fields[_field_name_for(param.name, reserved)] = _field_definition(
            param, annotation, param_descriptions.get(param.name)
        )

    model, json_schema = _arguments_model(func_name, fields)

    if strict_json_schema:
        try:
            json_schema = ensure_strict_json_schema(json_schema)
        except UserError as exc:
            raise UserError(
                f"Function {func_name!r}: {exc} For a tool, pass strict_mode=False to "
                f"function_tool (strict_json_schema=False to function_schema)."
            ) from exc

    return FuncSchema(
        name=func_name,
        description=description,
        params_pydantic_model=model,
        params_json_schema=json_schema,
        signature=signature,
        takes_context=takes_context,
        strict_json_schema=strict_json_schema,
    )


def _takes_context(params: list[inspect.Parameter], hints: dict[str, Any], func_name: str) -> bool:
    """Whether the first parameter is the run context; anywhere else it is a UserError."""
    from agents.exceptions import UserError

    takes_context = False
    for index, param in enumerate(params):
        annotation = hints.get(param.name, param.annotation)
        if annotation is inspect.Parameter.empty or not _is_context_annotation(annotation):
            continue
        if index != 0:
            raise UserError(
                f"Function {func_name!r}: parameter {param.name!r} is a RunContextWrapper/"
                f"ToolContext, which is only allowed as the first parameter. Move it first."
            )
        takes_context = True
    return takes_context


def _arguments_model(
    func_name: str, fields: dict[str, Any]
) -> tuple[type[BaseModel], dict[str, Any]]:
    """The pydantic model of the arguments and its JSON schema (a UserError naming the
    parameter whose type has none)."""
    from agents.exceptions import UserError

    try:
        model = create_model(f"{func_name}_args", __base__=BaseModel, **fields)
        return model, model.model_json_schema()
    except (PydanticSchemaGenerationError, PydanticInvalidForJsonSchema) as exc:
        culprit = _find_unschematizable_field(fields)
        where = f"parameter {culprit!r}" if culprit else "its parameters"
        raise UserError(
            f"Function {func_name!r}: cannot build a JSON schema for {where}: {exc}"
        ) from exc


# --- parameters ---------------------------------------------------------------------------


def _field_definition(
    param: inspect.Parameter, annotation: Any, doc_description: str | None
) -> tuple[Any, FieldInfo]:
    """Return the ``(annotation, FieldInfo)`` pair that `create_model` expects."""
    base, metadata = _split_annotated(annotation)
    extra: dict[str, Any] = {}
    description = doc_description or _metadata_description(metadata)
    if description:
        # Passing description only when known lets an Annotated Field's own one survive.
        extra["description"] = description
    alias = param.name if _needs_alias(param.name) else None
    if alias:
        extra["alias"] = alias

    if param.kind is param.VAR_POSITIONAL:
        item = _variadic_item(base, tuple, lambda args: args[0] if args[1:] == (...,) else None)
        return _subscript(list, item), Field(default_factory=list, **extra)
    if param.kind is param.VAR_KEYWORD:
        value = _variadic_item(base, dict, lambda args: args[1] if len(args) == 2 else None)
        return _subscript(dict, (str, value)), Field(default_factory=dict, **extra)

    default = param.default
    if isinstance(default, FieldInfo):
        # `x: int = Field(ge=1)`: stacking it into Annotated lets Pydantic merge it with the
        # description below without the deprecated FieldInfo.merge_field_infos.
        return _subscript(Annotated, (annotation, default)), Field(**extra)
    if default is not inspect.Parameter.empty:
        extra["default"] = default
    return annotation, Field(**extra)


def _variadic_item(annotation: Any, container: type, pick: Callable[[tuple[Any, ...]], Any]) -> Any:
    """Element type of ``*args``/``**kwargs``.

    Python types each element (``*args: int``), but the reference SDK also accepts the
    whole container (``*args: tuple[int, ...]``, ``**kwargs: dict[str, int]``); both work.
    """
    if get_origin(annotation) is container:
        picked = pick(get_args(annotation))
        return Any if picked is None else picked
    return annotation


def _split_annotated(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    metadata: tuple[Any, ...] = ()
    while get_origin(annotation) is Annotated:
        base, *extras = get_args(annotation)
        metadata = (*metadata, *extras)
        annotation = base
    return annotation, metadata


def _metadata_description(metadata: tuple[Any, ...]) -> str | None:
    """``Annotated[int, "the user's age"]`` is a common way to describe a parameter."""
    if any(isinstance(item, FieldInfo) and item.description for item in metadata):
        return None  # Pydantic applies the Field's own description.
    return next((item for item in metadata if isinstance(item, str)), None)


def _needs_alias(name: str) -> bool:
    # Pydantic turns leading-underscore names into private attributes and refuses (or warns
    # about) names that shadow BaseModel members such as `schema`, `json` or `copy`.
    return name.startswith("_") or hasattr(BaseModel, name)


def _field_name_for(name: str, reserved: set[str]) -> str:
    if not _needs_alias(name):
        return name
    candidate = "p_" + name.lstrip("_")
    while candidate in reserved or hasattr(BaseModel, candidate):
        candidate = "p" + candidate
    reserved.add(candidate)
    return candidate


def _subscript(generic: Any, params: Any) -> Any:
    """Subscript a generic with runtime values, which static type checkers cannot follow."""
    return cast(Any, generic)[params]


def _find_unschematizable_field(fields: dict[str, Any]) -> str | None:
    """Name the parameter behind a schema failure, so the error message can point at it."""
    for field_name, definition in fields.items():
        try:
            create_model(
                "probe", __base__=BaseModel, **{field_name: definition}
            ).model_json_schema()
        except (PydanticSchemaGenerationError, PydanticInvalidForJsonSchema):
            info = definition[1]
            return info.alias or field_name if isinstance(info, FieldInfo) else field_name
    return None


# --- context parameter --------------------------------------------------------------------


def _is_context_annotation(annotation: Any) -> bool:
    base, _ = _split_annotated(annotation)
    origin = get_origin(base) or base
    if not isinstance(origin, type):
        return False
    try:
        from agents.run_context import RunContextWrapper
    except ImportError:
        # Lets this module work before (or without) the run-context module; ToolContext
        # subclasses RunContextWrapper, so the MRO check catches user subclasses too.
        return any(klass.__name__ in _CONTEXT_CLASS_NAMES for klass in origin.__mro__)
    return issubclass(origin, RunContextWrapper)


# --- type hints ---------------------------------------------------------------------------


def _unwrap_partial(func: Callable[..., Any]) -> Callable[..., Any]:
    while isinstance(func, functools.partial):
        func = func.func
    return func


def _callable_name(func: Callable[..., Any]) -> str:
    target = _unwrap_partial(func)
    name = getattr(target, "__name__", None)
    return name if isinstance(name, str) else type(target).__name__


def _resolve_type_hints(func: Callable[..., Any], func_name: str) -> dict[str, Any]:
    """Evaluate annotations, including ones written as strings.

    A common failure is ``from __future__ import annotations`` with ``RunContextWrapper``
    imported only under ``TYPE_CHECKING``; the SDK's own context classes are therefore
    offered as a fallback namespace before giving up.
    """

    target = _unwrap_partial(func)
    if not (inspect.isfunction(target) or inspect.ismethod(target)):
        call = getattr(target, "__call__", None)  # noqa: B004 - need the bound method
        if inspect.ismethod(call):
            target = call
    try:
        return get_type_hints(target, include_extras=True)
    except NameError as first_error:
        fallback: dict[str, Any] = {}
        try:
            from agents.run_context import RunContextWrapper
            from agents.tool_context import ToolContext
        except ImportError:
            pass
        else:
            fallback = {"RunContextWrapper": RunContextWrapper, "ToolContext": ToolContext}
        try:
            return get_type_hints(target, localns=fallback, include_extras=True)
        except NameError:
            return _resolve_each_hint(target, func_name, fallback, first_error)


def _resolve_each_hint(
    target: Any, func_name: str, fallback: dict[str, Any], error: NameError
) -> dict[str, Any]:
    """Resolve parameters one by one, so one unresolvable context generic is not fatal.

    `RunContextWrapper[LocalClass]` under `from __future__ import annotations` cannot be
    evaluated when LocalClass lives inside a function; the context parameter is excluded
    from the schema anyway, so its bare class is enough.
    """
    from agents.exceptions import UserError

    hints: dict[str, Any] = {}
    namespace = {**getattr(target, "__globals__", {}), **fallback}
    for name, param in inspect.signature(target).parameters.items():
        annotation = param.annotation
        if annotation is inspect.Parameter.empty:
            continue
        if not isinstance(annotation, str):
            hints[name] = annotation
            continue
        try:
            hints[name] = eval(annotation, namespace)
        except NameError as exc:
            head = annotation.split("[", 1)[0].strip()
            if head in fallback:
                hints[name] = fallback[head]
                continue
            raise UserError(
                f"Function {func_name!r}: cannot resolve the type hint of parameter {name!r} "
                f"({exc}). Define or import the type at module level, not only under "
                "TYPE_CHECKING or inside a function."
            ) from error
    return hints
