"""Model Context Protocol servers as tool sources for agents (the `mcp` extra).

Importing this package does not import `mcp`: the servers load it when they connect, so
`pip install 'freeagents[mcp]'` is needed only by programs that actually talk to a server.

Import rule: declarations layer (its servers give tools); never the run loop or the CLI.
"""

from __future__ import annotations

from agents.mcp.manager import MCPServerManager
from agents.mcp.server import LocalMCPApprovalCallable
from agents.mcp.server import MCPServer
from agents.mcp.server import MCPServerSse
from agents.mcp.server import MCPServerSseParams
from agents.mcp.server import MCPServerStdio
from agents.mcp.server import MCPServerStdioParams
from agents.mcp.server import MCPServerStreamableHttp
from agents.mcp.server import MCPServerStreamableHttpParams
from agents.mcp.util import MCPToolCustomDataContext
from agents.mcp.util import MCPToolCustomDataExtractor
from agents.mcp.util import MCPToolMetaContext
from agents.mcp.util import MCPToolMetaResolver
from agents.mcp.util import MCPUtil
from agents.mcp.util import ToolFilter
from agents.mcp.util import ToolFilterCallable
from agents.mcp.util import ToolFilterContext
from agents.mcp.util import ToolFilterStatic
from agents.mcp.util import create_static_tool_filter

__all__ = [
    "LocalMCPApprovalCallable",
    "MCPServer",
    "MCPServerManager",
    "MCPServerSse",
    "MCPServerSseParams",
    "MCPServerStdio",
    "MCPServerStdioParams",
    "MCPServerStreamableHttp",
    "MCPServerStreamableHttpParams",
    "MCPToolCustomDataContext",
    "MCPToolCustomDataExtractor",
    "MCPToolMetaContext",
    "MCPToolMetaResolver",
    "MCPUtil",
    "ToolFilter",
    "ToolFilterCallable",
    "ToolFilterContext",
    "ToolFilterStatic",
    "create_static_tool_filter",
]
