"""The parts of a Chat Completions request that depend on the provider's dialect.

Tools, tool_choice, response_format and the settings parameters are spelled per profile here:
what a provider does not accept is left out rather than sent to fail the request (a 400 for
`strict`, a 422 for `stream_options`), and what it spells differently is renamed.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING
from typing import Any
from typing import cast

from agents.exceptions import UserError
from agents.models.dialects.profiles import DEFAULT_PROFILE
from agents.models.dialects.profiles import ModelProfile

if TYPE_CHECKING:
    from agents.agent_output import AgentOutputSchemaBase
    from agents.handoffs import Handoff
    from agents.structured.plan import OutputPlan
    from agents.tool import FunctionTool
    from agents.tool import Tool


def function_param(
    name: str,
    description: str,
    parameters: dict[str, Any],
    strict: bool,
    profile: ModelProfile,
) -> dict[str, Any]:
    """One function declaration as this provider wants it."""
    if not profile.supports_tools:
        raise UserError(
            f"The agent has a tool ({name!r}), but {profile.provider}'s profile says its models "
            "take no tools. Use a model that supports function calling, or remove the tools."
        )
    if profile.json_schema_transform is not None:
        parameters = profile.json_schema_transform(parameters)
    function: dict[str, Any] = {"name": name, "description": description, "parameters": parameters}
    if strict and profile.supports_strict_tools:
        function["strict"] = True
    return {"type": "function", "function": function}


_CACHE_ATTR = "_chat_tool_param"


def tool_to_param(tool: Tool, profile: ModelProfile = DEFAULT_PROFILE) -> dict[str, Any]:
    """The tool's declaration for this provider, built once per tool and profile.

    An agent sends the same tools every turn; the declaration is kept on the tool and
    rebuilt when a field it is made of is reassigned. Without a schema transform the
    declaration holds the tool's own schema dict, so a change inside it shows as it is;
    with one, the transformed copy is kept only while the schema still equals the one it
    was made from.
    """
    own = getattr(tool, "__dict__", None)
    cached = None if own is None else own.get(_CACHE_ATTR)
    # Only a function tool is given a declaration: a hit needs no type check.
    function = cast("FunctionTool", tool) if cached is not None else require_function_tool(tool)
    schema = function.params_json_schema
    key = (function.name, function.description, id(schema), function.strict_json_schema)
    if cached is not None and cached[0] is profile and cached[1] == key:
        snapshot = cached[2]
        if snapshot is None or snapshot == schema:
            return cached[3]  # type: ignore[no-any-return]
    param = function_param(
        function.name, function.description or "", schema, function.strict_json_schema, profile
    )
    snapshot = copy.deepcopy(schema) if profile.json_schema_transform is not None else None
    vars(function)[_CACHE_ATTR] = (profile, key, snapshot, param)
    return param


def require_function_tool(tool: Tool) -> FunctionTool:
    """`tool`, which must be a function tool: only those have a Chat Completions declaration."""
    from agents.tool import FunctionTool

    if not isinstance(tool, FunctionTool):
        raise UserError(
            f"Tool {type(tool).__name__} is a hosted tool, which only OpenAI's Responses API "
            "provides. Write a @function_tool that does the same job instead."
        )
    return tool


def handoff_to_param(
    handoff: Handoff[Any, Any], profile: ModelProfile = DEFAULT_PROFILE
) -> dict[str, Any]:
    return function_param(
        handoff.tool_name,
        handoff.tool_description,
        handoff.input_json_schema,
        handoff.strict_json_schema,
        profile,
    )


def tool_choice_param(tool_choice: str | None, profile: ModelProfile = DEFAULT_PROFILE) -> Any:
    """`tool_choice` in the provider's spelling; None leaves it out of the request.

    A choice the provider cannot express is left out (the model then chooses freely) rather
    than failing the request; forcing one named tool falls back to forcing some tool call.
    """
    if tool_choice is None:
        return None
    if tool_choice in ("auto", "none"):
        return tool_choice
    if tool_choice != "required" and profile.supports_tool_choice_function:
        return {"type": "function", "function": {"name": tool_choice}}
    if profile.supports_tool_choice_required:
        return profile.tool_choice_required
    return None


def response_format_param(
    output_schema: AgentOutputSchemaBase | None, profile: ModelProfile = DEFAULT_PROFILE
) -> dict[str, Any] | None:
    """The response_format for a structured output: json_schema where the provider takes it,
    else JSON mode where it takes that, else nothing (the schema must then be prompted)."""
    if output_schema is None or output_schema.is_plain_text():
        return None
    if profile.supports_json_schema:
        schema = output_schema.json_schema()
        if profile.json_schema_transform is not None:
            schema = profile.json_schema_transform(schema)
        return {
            "type": "json_schema",
            "json_schema": {
                "name": "final_output",
                "strict": output_schema.is_strict_json_schema(),
                "schema": schema,
            },
        }
    if profile.supports_json_object:
        return {"type": "json_object"}
    return None


_JSON_OBJECT: dict[str, Any] = {"type": "json_object"}


def apply_output_plan(
    body: dict[str, Any],
    plan: OutputPlan | None,
    tool_choice: str | None,
    profile: ModelProfile | None = None,
) -> None:
    """Put a structured-output plan into a request body: its response_format, or its
    final-output tool (forced when the agent has no other tools and the user chose nothing).
    `profile` spells the tool (default: the one the plan was chosen for).

    The fragments are built once per plan and shared by every request that uses it.
    """
    if plan is None:
        return
    if profile is None:
        profile = plan.profile if isinstance(plan.profile, ModelProfile) else DEFAULT_PROFILE
    if plan.strategy == "native":
        body["response_format"] = plan.wire(
            "chat.response_format",
            lambda: {
                "type": "json_schema",
                "json_schema": {
                    "name": "final_output",
                    "strict": plan.strict,
                    "schema": plan.wire_schema,
                },
            },
        )
    elif plan.strategy == "json_mode":
        body["response_format"] = _JSON_OBJECT
    elif plan.strategy == "tool" and plan.tool_name is not None:
        name = plan.tool_name
        from agents.structured.prompts import final_tool_description

        tool = plan.wire(
            "chat.tool",
            lambda: function_param(
                name,
                final_tool_description(),
                plan.schema.json_schema(),
                plan.strict,
                profile,
            ),
        )
        body["tools"] = [*body.get("tools", []), tool]
        if plan.force_tool and tool_choice in (None, "auto"):
            choice = tool_choice_param(name, profile)
            if choice is not None:
                body["tool_choice"] = choice


def shape_params(body: dict[str, Any], profile: ModelProfile) -> dict[str, Any]:
    """Drop the parameters the provider rejects and rename those it spells differently.

    Applied to the parameters built from settings, before `extra_args`/`extra_body`: what a
    user passes there explicitly is sent as written.
    """
    for name in profile.dropped_params:
        body.pop(name, None)
    for ours, theirs in profile.renamed_params:
        if ours in body:
            body[theirs] = body.pop(ours)
    return body
