"""The local tools' names and the modules they live in, without importing those modules.

The local-tool modules build on `agents.tool`, so `agents.tool` names their classes from this
table and loads them on first use; each local-tool module reads its `__all__` from here.
"""

from __future__ import annotations

from typing import Any

from agents._lazy import lazy_attribute

LOCAL_TOOL_MODULES: dict[str, str] = {
    **dict.fromkeys(
        (
            "LocalShellCommandRequest",
            "LocalShellExecutor",
            "LocalShellTool",
            "ShellActionRequest",
            "ShellCallData",
            "ShellCallOutcome",
            "ShellCommandOutput",
            "ShellCommandRequest",
            "ShellExecutor",
            "ShellResult",
            "ShellTool",
            "ShellToolEnvironment",
            "ShellToolLocalEnvironment",
            "ShellToolLocalSkill",
            "subprocess_shell_executor",
        ),
        "agents._local_tools.shell",
    ),
    **dict.fromkeys(
        ("ApplyPatchTool", "CustomTool", "LocalFileEditor"), "agents._local_tools.editing"
    ),
    **dict.fromkeys(
        (
            "ComputerProvider",
            "ComputerTool",
            "ComputerToolSafetyCheckData",
            "dispose_resolved_computers",
            "resolve_computer",
        ),
        "agents._local_tools.computer_use",
    ),
    **dict.fromkeys(
        (
            "ApplyPatchToolCustomDataContext",
            "ApplyPatchToolCustomDataExtractor",
            "ComputerToolCustomDataContext",
            "ComputerToolCustomDataExtractor",
            "CustomToolCustomDataContext",
            "CustomToolCustomDataExtractor",
        ),
        "agents._local_tools.custom_data",
    ),
    **dict.fromkeys(
        (
            "ShellToolContainerAutoEnvironment",
            "ShellToolContainerNetworkPolicy",
            "ShellToolContainerNetworkPolicyAllowlist",
            "ShellToolContainerNetworkPolicyDisabled",
            "ShellToolContainerNetworkPolicyDomainSecret",
            "ShellToolContainerReferenceEnvironment",
            "ShellToolContainerSkill",
            "ShellToolHostedEnvironment",
            "ShellToolInlineSkill",
            "ShellToolInlineSkillSource",
            "ShellToolSkillReference",
        ),
        "agents._local_tools.hosted_shell",
    ),
}
"""Where the local tools live; they load on first use. The one list of their names: each
module's `__all__` is read from here (`local_tool_names`)."""


def local_tool_names(module: str) -> list[str]:
    """The public names of one local-tool module, in the order the table lists them."""
    return [name for name, home in LOCAL_TOOL_MODULES.items() if home == module]


DECLARED_ONLY: dict[str, str] = {
    **dict.fromkeys(
        (
            "ShellToolContainerAutoEnvironment",
            "ShellToolContainerReferenceEnvironment",
            "ShellToolEnvironment",
        ),
        "agents._local_tools.shell",
    ),
    "ToolSearchTool": "agents.hosted_tools",
}
"""Reference names freeagents declares but does not run (hosted containers, tool search):
Temporal's plug-in imports them from `agents.tool`. Not exported from `agents`."""


def load_tool_name(name: str) -> Any:
    """`agents.tool.<name>` for a local tool or a declared-only name, imported on first use."""
    home = LOCAL_TOOL_MODULES if name in LOCAL_TOOL_MODULES else DECLARED_ONLY
    return lazy_attribute("agents.tool", home, name)
