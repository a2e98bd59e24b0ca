"""An MCP server (stdio) whose tool schemas are hostile or merely unusual, as a third-party
server may advertise them: a `$ref` expansion bomb, nesting past the safe depth, an open map,
and an ordinary tool beside them. Run as `python hostile_mcp_server.py`."""

from __future__ import annotations

from typing import Any


def ref_bomb(rungs: int = 30) -> dict[str, Any]:
    """Each rung references the next twice: 2**rungs nodes once inlined."""
    defs: dict[str, Any] = {
        f"L{i}": {
            "type": "object",
            "properties": {
                "a": {"$ref": f"#/$defs/L{i + 1}", "title": "a"},
                "b": {"$ref": f"#/$defs/L{i + 1}", "title": "b"},
            },
        }
        for i in range(rungs)
    }
    defs[f"L{rungs}"] = {"type": "string"}
    return {
        "$defs": defs,
        "type": "object",
        "properties": {"root": {"$ref": "#/$defs/L0", "title": "root"}},
    }


def nested(levels: int) -> dict[str, Any]:
    """Objects nested `levels` deep (two containers per level: the node and its properties)."""
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(levels):
        schema = {"type": "object", "properties": {"x": schema}}
    return schema


OPEN_MAP = {
    "type": "object",
    "properties": {"meta": {"type": "object", "additionalProperties": {"type": "string"}}},
}
FINE = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}
SCHEMAS = {"bomb": ref_bomb(), "deep": nested(60), "open_map": OPEN_MAP, "fine": FINE}


def main() -> None:
    """Serve the tools over stdio (imported here: the tests import the schemas without mcp)."""
    from mcp.server.mcpserver import MCPServer
    from mcp.types import Tool

    class HostileServer(MCPServer):
        async def list_tools(self) -> list[Tool]:
            return [Tool(name=name, input_schema=schema) for name, schema in SCHEMAS.items()]

    HostileServer("hostile").run("stdio")


if __name__ == "__main__":
    main()
