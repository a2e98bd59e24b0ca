"""Tool search on OpenAI's Responses API: the `tool_search` declaration and the namespaces
(`tool_namespace(...)`) whose tools it searches.

A namespace groups function tools into one `{"type": "namespace", ...}` declaration, at the
place of its first tool. The checks here fail before any request, with the fix: one
`ToolSearchTool` at most, something for it to search, one description per namespace.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from agents.exceptions import UserError
from agents.hosted_tools import HostedMCPTool
from agents.hosted_tools import ToolSearchTool

if TYPE_CHECKING:
    from agents.tool import Tool


def tool_search_param(tool: ToolSearchTool) -> dict[str, Any]:
    param: dict[str, Any] = {"type": "tool_search"}
    if isinstance(tool.description, str):
        param["description"] = tool.description
    if tool.execution is not None:
        param["execution"] = tool.execution
    if tool.parameters is not None:
        param["parameters"] = tool.parameters
    return param


def _namespace(tool: Tool) -> tuple[str, str] | None:
    from agents.tool import FunctionTool

    if isinstance(tool, FunctionTool) and tool._tool_namespace:
        return tool._tool_namespace, tool._tool_namespace_description or ""
    return None


def check_tool_search(tools: Sequence[Tool]) -> None:
    searches = [tool for tool in tools if isinstance(tool, ToolSearchTool)]
    if len(searches) > 1:
        raise UserError(
            f"An agent may have one ToolSearchTool on OpenAI's Responses API, found "
            f"{len(searches)}: keep one."
        )
    from agents.tool import FunctionTool

    deferred = [t.name for t in tools if isinstance(t, FunctionTool) and t.defer_loading]
    if deferred and not searches:
        raise UserError(
            f"Function tools with defer_loading=True ({', '.join(deferred)}) are hidden until "
            "tool search loads them: add ToolSearchTool() to the agent's tools on OpenAI's "
            "Responses API, or drop defer_loading."
        )
    searchable = (
        bool(deferred)
        or any(_namespace(tool) for tool in tools)
        or any(
            isinstance(tool, HostedMCPTool) and tool.tool_config.get("defer_loading")
            for tool in tools
        )
    )
    if searches and not searchable:
        raise UserError(
            "ToolSearchTool() has nothing to search: group function tools with "
            "tool_namespace(name=..., description=..., tools=[...]), give a function tool "
            "defer_loading=True, or give a HostedMCPTool 'defer_loading': True in its "
            "tool_config."
        )


def with_namespaces(tools: Sequence[Tool], params: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`params` (one per tool, in order) with each namespace's tools inside one declaration."""
    check_tool_search(tools)
    grouped: list[dict[str, Any]] = []
    namespaces: dict[str, dict[str, Any]] = {}
    for tool, param in zip(tools, params, strict=True):
        found = _namespace(tool)
        if found is None:
            grouped.append(param)
            continue
        name, description = found
        namespace = namespaces.get(name)
        if namespace is None:
            namespace = {"type": "namespace", "name": name, "description": description}
            namespace["tools"] = []
            namespaces[name] = namespace
            grouped.append(namespace)
        elif namespace["description"] != description:
            raise UserError(
                f"The tools of namespace {name!r} have different descriptions "
                f"({namespace['description']!r}, {description!r}): give tool_namespace() one."
            )
        namespace["tools"].append(param)
    return grouped
