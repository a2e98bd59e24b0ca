"""The body of a Responses API request: input items, tools, tool_choice, text format, settings.

The conversation is already Responses-shaped, so the input goes nearly as it is; what must not
reach OpenAI is removed here: the placeholder id Chat Completions items carry, provider-only
data riding on items (`provider_data`), and reasoning another provider produced (OpenAI accepts
only its own reasoning items back).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from agents.exceptions import UserError
from agents.hosted_tools import CodeInterpreterTool
from agents.hosted_tools import FileSearchTool
from agents.hosted_tools import HostedMCPTool
from agents.hosted_tools import ImageGenerationTool
from agents.hosted_tools import ToolSearchTool
from agents.hosted_tools import WebSearchTool
from agents.items import ItemHelpers
from agents.items import TResponseInputItem
from agents.models.fake_id import FAKE_RESPONSES_ID
from agents.models.responses.tool_search import tool_search_param
from agents.models.responses.tool_search import with_namespaces
from agents.models.wire.content import PROVIDER_DATA
from agents.structured.plan import OutputPlan
from agents.structured.prompts import final_tool_description

if TYPE_CHECKING:
    from agents.handoffs import Handoff
    from agents.model_settings import ModelSettings
    from agents.models._request import ModelRequest
    from agents.tool import Tool

logger = logging.getLogger("openai.agents")

HOSTED_TOOL_CHOICES = frozenset(
    {
        "file_search",
        "web_search",
        "web_search_preview",
        "computer_use_preview",
        "image_generation",
        "code_interpreter",
    }
)
"""`tool_choice` values that name a hosted tool type rather than a function."""

_NOT_ON_RESPONSES = ("frequency_penalty", "presence_penalty")
_warned: set[str] = set()


def clean_input(input: str | list[TResponseInputItem]) -> list[dict[str, Any]]:
    """The conversation as OpenAI accepts it; the caller's items are not modified."""
    cleaned: list[dict[str, Any]] = []
    for raw in ItemHelpers.input_to_new_input_list(input):
        item: dict[str, Any] = dict(raw)
        if item.get("type") == "reasoning" and (
            item.get(PROVIDER_DATA) or item.get("id") in (None, FAKE_RESPONSES_ID)
        ):
            # Another provider's reasoning: OpenAI rejects reasoning items it did not make.
            continue
        item.pop(PROVIDER_DATA, None)
        if item.get("id") == FAKE_RESPONSES_ID:
            del item["id"]
        cleaned.append(item)
    return cleaned


def _dumped(value: Any) -> Any:
    """TypedDict configs go as they are; pydantic models (the reference's filter types) dumped."""
    dump = getattr(value, "model_dump", None)
    return dump(exclude_none=True, mode="json") if callable(dump) else value


def _as_is(value: Any) -> Any:
    return value


def _set_fields(tool: Any, **to_wire: Callable[[Any], Any]) -> dict[str, Any]:
    """A hosted tool's optional fields that are set, each in its wire form, in the order
    named (a field left as None is not sent)."""
    values = {name: getattr(tool, name) for name in to_wire}
    return {name: to_wire[name](value) for name, value in values.items() if value is not None}


def tool_param(tool: Tool, model: str | None = None) -> tuple[dict[str, Any], str | None]:
    """One tool's declaration, and the `include` value it needs (if any). Local tools (shell,
    apply_patch, computer, custom, local_shell) are declared as the API's built-in types;
    `model` chooses the computer tool's form."""
    from agents.tool import FunctionTool
    from agents.tool import LocalTool

    if isinstance(tool, LocalTool):
        return tool.responses_tool(model), None
    if isinstance(tool, FunctionTool):
        declared: dict[str, Any] = {
            "type": "function",
            "name": tool.name,
            "description": tool.description or "",
            "parameters": tool.params_json_schema,
            "strict": tool.strict_json_schema,
        }
        if tool.defer_loading:
            declared["defer_loading"] = True
        if tool.allowed_callers is not None:
            declared["allowed_callers"] = list(tool.allowed_callers)
        if tool.output_json_schema is not None:
            declared["output_schema"] = tool.output_json_schema
        return declared, None
    if isinstance(tool, WebSearchTool):
        web: dict[str, Any] = {
            "type": "web_search",
            "search_context_size": tool.search_context_size,
            **_set_fields(
                tool,
                user_location=_dumped,
                filters=_dumped,
                external_web_access=_as_is,
                search_content_types=list,
                image_settings=dict,
            ),
        }
        images = "image" in (tool.search_content_types or ())
        return web, "web_search_call.results" if images else None
    if isinstance(tool, ToolSearchTool):
        return tool_search_param(tool), None
    if isinstance(tool, FileSearchTool):
        files: dict[str, Any] = {
            "type": "file_search",
            "vector_store_ids": list(tool.vector_store_ids),
            **_set_fields(tool, max_num_results=_as_is, ranking_options=_dumped, filters=_dumped),
        }
        return files, "file_search_call.results" if tool.include_search_results else None
    if isinstance(tool, HostedMCPTool | CodeInterpreterTool | ImageGenerationTool):
        return dict(_dumped(tool.tool_config)), None
    raise UserError(
        f"Tool {tool!r} is not a FunctionTool, a local tool or a hosted tool (WebSearchTool, "
        "FileSearchTool, CodeInterpreterTool, ImageGenerationTool, HostedMCPTool); the "
        "Responses API cannot declare it."
    )


def handoff_param(handoff: Handoff[Any, Any]) -> dict[str, Any]:
    return {
        "type": "function",
        "name": handoff.tool_name,
        "description": handoff.tool_description,
        "parameters": handoff.input_json_schema,
        "strict": handoff.strict_json_schema,
    }


_LOCAL_CHOICES = {"shell": "shell", "apply_patch": "apply_patch", "local_shell": "local_shell"}
_COMPUTER_CHOICES = ("computer", "computer_use", "computer_use_preview")


def tool_choice_param(
    tool_choice: str | None, tools: Sequence[Tool], model: str | None = None
) -> Any:
    """`tool_choice` in the Responses spelling; None leaves it out."""
    from agents.tool import LocalTool

    if tool_choice is None:
        return None
    if tool_choice in ("auto", "required", "none"):
        return tool_choice
    local = {t.name: t for t in tools if isinstance(t, LocalTool)}
    if tool_choice in _COMPUTER_CHOICES and "computer_use_preview" in local:
        declared = local["computer_use_preview"].responses_tool(model)["type"]
        return {"type": declared}
    if tool_choice in local:
        kind = getattr(local[tool_choice], "type", None)
        if kind in _LOCAL_CHOICES:
            return {"type": kind}
        if kind == "custom":
            return {"type": "custom", "name": tool_choice}
    if tool_choice in HOSTED_TOOL_CHOICES:
        return {"type": tool_choice}
    if tool_choice == "mcp":
        labels = [t.tool_config["server_label"] for t in tools if isinstance(t, HostedMCPTool)]
        if len(labels) != 1:
            raise UserError(
                'tool_choice="mcp" needs exactly one HostedMCPTool on the agent, found '
                f"{len(labels)}"
            )
        return {"type": "mcp", "server_label": labels[0]}
    return {"type": "function", "name": tool_choice}


_JSON_OBJECT_FORMAT: dict[str, Any] = {"type": "json_object"}


def text_param(plan: OutputPlan | None, verbosity: str | None) -> dict[str, Any] | None:
    """`text`: the structured-output format (json_schema or JSON mode) and the verbosity."""
    text: dict[str, Any] = {}
    if plan is not None and plan.strategy == "native":
        text["format"] = plan.wire(
            "responses.format",
            lambda: {
                "type": "json_schema",
                "name": "final_output",
                "schema": plan.wire_schema,
                "strict": plan.strict,
            },
        )
    elif plan is not None and plan.strategy == "json_mode":
        text["format"] = _JSON_OBJECT_FORMAT
    if verbosity is not None:
        text["verbosity"] = verbosity
    return text or None


def final_tool_param(plan: OutputPlan | None) -> dict[str, Any] | None:
    """The final-output tool's declaration, for the "tool" strategy."""
    if plan is None or plan.strategy != "tool" or plan.tool_name is None:
        return None
    name = plan.tool_name
    return plan.wire(
        "responses.tool",
        lambda: {
            "type": "function",
            "name": name,
            "description": final_tool_description(),
            "parameters": plan.wire_schema,
            "strict": plan.strict,
        },
    )


def _warn_unsupported(settings: ModelSettings) -> None:
    for name in _NOT_ON_RESPONSES:
        if getattr(settings, name) is not None and name not in _warned:
            _warned.add(name)
            logger.warning(
                "ModelSettings.%s is not a Responses API parameter and is not sent; use a "
                "Chat Completions model (set_default_openai_api('chat_completions')) if you "
                "need it.",
                name,
            )


def build_request(
    model: str, request: ModelRequest, *, stream: bool, plan: OutputPlan | None
) -> dict[str, Any]:
    """Keyword arguments for `client.responses.create`, built once per call.

    `plan` is the structured-output plan already chosen for the call (None: plain text)."""
    settings, tools = request.model_settings, request.tools
    _warn_unsupported(settings)
    system_instructions = request.system_instructions
    if plan is not None:
        system_instructions = plan.system_prompt(system_instructions)
    declared = [tool_param(tool, model) for tool in tools]
    tool_params = with_namespaces(tools, [param for param, _ in declared])
    tool_params += [handoff_param(h) for h in request.handoffs]
    final_tool = final_tool_param(plan)
    if final_tool is not None:
        tool_params.append(final_tool)
    tool_choice = tool_choice_param(settings.tool_choice, tools, model)
    if plan is not None and plan.force_tool and tool_choice in (None, "auto"):
        tool_choice = {"type": "function", "name": plan.tool_name}
    include = [value for _, value in declared if value is not None]
    for value in settings.response_include or []:
        if value not in include:
            include.append(value)
    if settings.top_logprobs is not None and "message.output_text.logprobs" not in include:
        include.append("message.output_text.logprobs")

    body: dict[str, Any] = {"model": model, "input": clean_input(request.input)}
    optional: Mapping[str, Any] = {
        "instructions": system_instructions or None,
        "previous_response_id": request.previous_response_id,
        "conversation": request.conversation_id,
        "prompt": request.prompt,
        "tools": tool_params or None,
        "tool_choice": tool_choice,
        "parallel_tool_calls": settings.parallel_tool_calls if tool_params else None,
        "include": include or None,
        "text": text_param(plan, settings.verbosity),
        "temperature": settings.temperature,
        "top_p": settings.top_p,
        "truncation": settings.truncation,
        "max_output_tokens": settings.max_tokens,
        "reasoning": _dumped(settings.reasoning) if settings.reasoning is not None else None,
        "metadata": settings.metadata,
        "store": settings.store,
        "top_logprobs": settings.top_logprobs,
        "prompt_cache_retention": settings.prompt_cache_retention,
        "prompt_cache_options": settings.prompt_cache_options,
        "context_management": settings.context_management,
        "extra_headers": settings.extra_headers or None,
        "extra_query": settings.extra_query or None,
        "extra_body": settings.extra_body or None,
    }
    body.update((name, value) for name, value in optional.items() if value is not None)
    if stream:
        body["stream"] = True
    if settings.extra_args:
        body.update(settings.extra_args)
    return body
