"""Hosted MCP on the Responses route: the reference's typed items and stream event names."""

from __future__ import annotations

from typing import Any

from openai import AsyncOpenAI

from agents import Agent
from agents import HostedMCPTool
from agents import MCPApprovalRequestItem
from agents import MCPApprovalResponseItem
from agents import MCPListToolsItem
from agents import OpenAIResponsesModel
from agents import Runner
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from tests.mcp.conftest import KEY

LIST_TOOLS = {
    "type": "mcp_list_tools",
    "id": "mcpl_1",
    "server_label": "wiki",
    "tools": [{"name": "ask", "input_schema": {"type": "object"}}],
}
APPROVAL = {
    "type": "mcp_approval_request",
    "id": "mcpr_1",
    "server_label": "wiki",
    "name": "ask",
    "arguments": "{}",
}


async def test_streamed_hosted_mcp_items_and_events() -> None:
    with ResponsesLoopback("openai", api_key=KEY) as server:
        client = AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
        tool = HostedMCPTool(
            tool_config={
                "type": "mcp",
                "server_label": "wiki",
                "server_url": "https://example.invalid/mcp",
                "require_approval": "always",
            },
            on_approval_request=lambda request: {"approve": True},
        )
        agent = Agent(
            name="h", tools=[tool], model=OpenAIResponsesModel("gpt-4.1", openai_client=client)
        )
        server.enqueue(
            ResponsesReply(output=[LIST_TOOLS, APPROVAL]), ResponsesReply(text="Answered.")
        )
        result = Runner.run_streamed(agent, "ask the wiki")
        names: list[tuple[str, str]] = []
        async for event in result.stream_events():
            if event.type == "run_item_stream_event":
                names.append((event.name, type(event.item).__name__))
    assert result.final_output == "Answered."
    assert names[:3] == [
        ("mcp_list_tools", "MCPListToolsItem"),
        ("mcp_approval_requested", "MCPApprovalRequestItem"),
        ("mcp_approval_response", "MCPApprovalResponseItem"),
    ]
    kinds: list[Any] = [type(i) for i in result.new_items]
    assert kinds[:3] == [MCPListToolsItem, MCPApprovalRequestItem, MCPApprovalResponseItem]
    sent = server.response_requests[1]["input"]
    answer = {"type": "mcp_approval_response", "approval_request_id": "mcpr_1", "approve": True}
    assert sent[-1] == answer
    assert [i["type"] for i in result.to_input_list()[1:4]] == [
        "mcp_list_tools",
        "mcp_approval_request",
        "mcp_approval_response",
    ]
