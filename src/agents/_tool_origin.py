"""Where a function-tool-backed run item came from: a plain function, an MCP server, or another
agent run as a tool (`Agent.as_tool`).

A core type: items carry it, so it imports nothing of the package. It travels through a
RunState as a small JSON object, and reading one back tolerates anything malformed (a state
written by another version must still load; an unreadable origin is simply dropped).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any
from typing import Literal
from typing import TypeAlias

ToolCaller: TypeAlias = Literal["direct", "programmatic"]
"""Who may call a tool: the model itself ("direct") or code the model wrote ("programmatic",
OpenAI's programmatic tool calling)."""


class ToolOriginType(str, Enum):
    """The kind of thing behind a function tool."""

    FUNCTION = "function"
    MCP = "mcp"
    AGENT_AS_TOOL = "agent_as_tool"


@dataclass(frozen=True)
class ToolOrigin:
    """Where a tool call item or tool output item came from (JSON-serialisable)."""

    type: ToolOriginType
    mcp_server_name: str | None = None
    """The MCP server's name, for MCP tools."""

    agent_name: str | None = None
    """The agent run by the tool, for `Agent.as_tool` tools."""

    agent_tool_name: str | None = None
    """The name the tool has for the model, for `Agent.as_tool` tools."""

    def to_json_dict(self) -> dict[str, str]:
        """The origin as JSON data; unset fields are left out."""
        data = {"type": self.type.value}
        for key in ("mcp_server_name", "agent_name", "agent_tool_name"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data

    @classmethod
    def from_json_dict(cls, data: Any) -> ToolOrigin | None:
        """An origin read back from `to_json_dict` output; None when `data` is not one."""
        if not isinstance(data, Mapping):
            return None
        try:
            kind = ToolOriginType(data.get("type"))
        except ValueError:
            return None

        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) else None

        return cls(
            type=kind,
            mcp_server_name=text("mcp_server_name"),
            agent_name=text("agent_name"),
            agent_tool_name=text("agent_tool_name"),
        )
