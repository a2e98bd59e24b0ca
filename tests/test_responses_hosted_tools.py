"""Hosted tools: their wire form on the Responses route, their calls in the run, and a clear
error before any request where nothing runs them (Chat Completions providers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openai import AsyncOpenAI

import agents
from agents import Agent
from agents import CodeInterpreterTool
from agents import FileSearchTool
from agents import HostedMCPTool
from agents import ImageGenerationTool
from agents import MCPApprovalRequestItem
from agents import MCPApprovalResponseItem
from agents import MCPListToolsItem
from agents import MCPToolApprovalFunctionResult
from agents import MCPToolApprovalRequest
from agents import OpenAIChatCompletionsModel
from agents import Runner
from agents import ToolCallItem
from agents import UserError
from agents import WebSearchTool
from agents import set_default_openai_client
from agents.testing import LoopbackProvider
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply

from .guide_blocks import guide_path
from .responses_helpers import responses_model
from .responses_helpers import run
from .responses_helpers import server

__all__ = ["server"]

MCP_CONFIG: Any = {
    "type": "mcp",
    "server_label": "deepwiki",
    "server_url": "https://mcp.deepwiki.com/mcp",
    "require_approval": "never",
    "allowed_tools": ["ask_question"],
}

WIRE_FORMS: list[tuple[Any, dict[str, Any], list[str]]] = [
    (WebSearchTool(), {"type": "web_search", "search_context_size": "medium"}, []),
    (
        WebSearchTool(
            user_location={"type": "approximate", "city": "Oslo", "country": "NO"},
            filters={"allowed_domains": ["python.org"]},
            search_context_size="high",
        ),
        {
            "type": "web_search",
            "search_context_size": "high",
            "user_location": {"type": "approximate", "city": "Oslo", "country": "NO"},
            "filters": {"allowed_domains": ["python.org"]},
        },
        [],
    ),
    (
        FileSearchTool(vector_store_ids=["vs_1", "vs_2"]),
        {"type": "file_search", "vector_store_ids": ["vs_1", "vs_2"]},
        [],
    ),
    (
        FileSearchTool(
            vector_store_ids=["vs_1"],
            max_num_results=4,
            include_search_results=True,
            ranking_options={"ranker": "auto", "score_threshold": 0.5},
            filters={"type": "eq", "key": "lang", "value": "en"},
        ),
        {
            "type": "file_search",
            "vector_store_ids": ["vs_1"],
            "max_num_results": 4,
            "ranking_options": {"ranker": "auto", "score_threshold": 0.5},
            "filters": {"type": "eq", "key": "lang", "value": "en"},
        },
        ["file_search_call.results"],
    ),
    (
        CodeInterpreterTool(
            tool_config={"type": "code_interpreter", "container": {"type": "auto"}}
        ),
        {"type": "code_interpreter", "container": {"type": "auto"}},
        [],
    ),
    (
        ImageGenerationTool(
            tool_config={"type": "image_generation", "size": "1024x1024", "quality": "low"}
        ),
        {"type": "image_generation", "size": "1024x1024", "quality": "low"},
        [],
    ),
    (HostedMCPTool(tool_config=MCP_CONFIG), dict(MCP_CONFIG), []),
]


@pytest.mark.parametrize(
    ("tool", "wire", "include"), WIRE_FORMS, ids=lambda v: type(v).__name__ if v else ""
)
async def test_hosted_tool_wire_form(
    server: ResponsesLoopback, tool: Any, wire: dict[str, Any], include: list[str]
) -> None:
    agent = Agent(name="h", tools=[tool], model=responses_model(server))
    result = await Runner.run(agent, "use it")
    assert result.final_output.startswith("[openai:gpt-4.1]")
    body = server.response_requests[0]
    assert body["tools"] == [wire]
    assert body.get("include", []) == include


def test_hosted_tools_are_public_names() -> None:
    for name in (
        "WebSearchTool",
        "FileSearchTool",
        "CodeInterpreterTool",
        "ImageGenerationTool",
        "HostedMCPTool",
    ):
        assert name in agents.__all__
    assert WebSearchTool().name == "web_search"
    assert FileSearchTool(vector_store_ids=[]).name == "file_search"
    assert HostedMCPTool(tool_config=MCP_CONFIG).name == "hosted_mcp"
    assert len(HOSTED_TOOLS) == 5


HOSTED_CALLS: list[dict[str, Any]] = [
    {
        "type": "web_search_call",
        "status": "completed",
        "action": {"type": "search", "query": "python 3.13"},
    },
    {
        "type": "file_search_call",
        "status": "completed",
        "queries": ["release notes"],
        "results": None,
    },
    {
        "type": "code_interpreter_call",
        "status": "completed",
        "code": "print(6*7)",
        "container_id": "cntr_1",
        "outputs": [{"type": "logs", "logs": "42"}],
    },
    {"type": "image_generation_call", "status": "completed", "result": "aGVsbG8="},
    {
        "type": "mcp_list_tools",
        "server_label": "deepwiki",
        "tools": [{"name": "ask_question", "input_schema": {"type": "object"}}],
    },
    {
        "type": "mcp_call",
        "server_label": "deepwiki",
        "name": "ask_question",
        "arguments": '{"q": "x"}',
        "output": "an answer",
    },
]


async def test_hosted_calls_become_tool_call_items(
    server: ResponsesLoopback, streamed: bool
) -> None:
    tools: list[Any] = [
        WebSearchTool(),
        FileSearchTool(vector_store_ids=["vs_1"]),
        CodeInterpreterTool(
            tool_config={"type": "code_interpreter", "container": {"type": "auto"}}
        ),
        ImageGenerationTool(tool_config={"type": "image_generation"}),
        HostedMCPTool(tool_config=MCP_CONFIG),
    ]
    agent = Agent(name="h", tools=tools, model=responses_model(server))
    server.enqueue(ResponsesReply(output=HOSTED_CALLS, text="All done."))
    result = await run(agent, "do everything", streamed=streamed)

    assert result.final_output == "All done."
    calls = [i for i in result.new_items if isinstance(i, ToolCallItem | MCPListToolsItem)]
    assert [c.raw_item.type for c in calls] == [c["type"] for c in HOSTED_CALLS]
    assert [type(c).__name__ for c in calls].count("MCPListToolsItem") == 1
    assert len(server.response_requests) == 1, "hosted calls ran server-side: no second call"

    # The calls go back as they came when the conversation continues without server state.
    server.enqueue(ResponsesReply(text="Still here."))
    follow_up = [*result.to_input_list(), {"role": "user", "content": "thanks"}]
    again = await Runner.run(agent, follow_up)
    assert again.final_output == "Still here."
    sent = server.response_requests[1]["input"]
    assert [item.get("type", "message") for item in sent[1:7]] == [c["type"] for c in HOSTED_CALLS]


def approval_request(item_id: str, arguments: str) -> dict[str, Any]:
    """The server's request for approval of a call to deepwiki's `ask_question`."""
    return {
        "type": "mcp_approval_request",
        "id": item_id,
        "server_label": "deepwiki",
        "name": "ask_question",
        "arguments": arguments,
    }


@pytest.mark.parametrize("approve", [True, False])
async def test_mcp_approval_requests_are_answered(server: ResponsesLoopback, approve: bool) -> None:
    asked: list[MCPToolApprovalRequest] = []

    async def decide(request: MCPToolApprovalRequest) -> MCPToolApprovalFunctionResult:
        asked.append(request)
        if approve:
            return {"approve": True}
        return {"approve": False, "reason": "not on weekends"}

    tool = HostedMCPTool(
        tool_config={**MCP_CONFIG, "require_approval": "always"}, on_approval_request=decide
    )
    agent = Agent(name="m", tools=[tool], model=responses_model(server))
    request_item = approval_request("mcpr_1", '{"q": "x"}')
    server.enqueue(ResponsesReply(output=[request_item]), ResponsesReply(text="Answered."))
    result = await Runner.run(agent, "ask deepwiki")

    assert result.final_output == "Answered."
    assert [r.data.name for r in asked] == ["ask_question"]
    assert asked[0].ctx_wrapper is result.context_wrapper
    expected: dict[str, Any] = {
        "type": "mcp_approval_response",
        "approval_request_id": "mcpr_1",
        "approve": approve,
    }
    if not approve:
        expected["reason"] = "not on weekends"
    assert server.response_requests[1]["input"][-1] == expected
    answers = [i for i in result.new_items if isinstance(i, MCPApprovalResponseItem)]
    assert [a.raw_item for a in answers] == [expected]
    requests = [i for i in result.new_items if isinstance(i, MCPApprovalRequestItem)]
    assert [r.raw_item.id for r in requests] == ["mcpr_1"]


async def test_mcp_approval_with_previous_response_id(server: ResponsesLoopback) -> None:
    tool = HostedMCPTool(
        tool_config={**MCP_CONFIG, "require_approval": "always"},
        on_approval_request=lambda request: {"approve": True},
    )
    agent = Agent(name="m", tools=[tool], model=responses_model(server))
    request_item = approval_request("mcpr_2", "{}")
    server.enqueue(
        ResponsesReply(text="Hello."),
        ResponsesReply(output=[request_item]),
        ResponsesReply(text="Answered."),
    )
    first = await Runner.run(agent, "hi")
    result = await Runner.run(agent, "ask", previous_response_id=first.last_response_id)
    assert result.final_output == "Answered."
    answer_request = server.response_requests[2]
    assert answer_request["previous_response_id"] == result.raw_responses[0].response_id
    assert answer_request["input"] == [
        {"type": "mcp_approval_response", "approval_request_id": "mcpr_2", "approve": True}
    ]


async def test_unanswerable_mcp_approval_says_how_to_fix(server: ResponsesLoopback) -> None:
    agent = Agent(
        name="m", tools=[HostedMCPTool(tool_config=MCP_CONFIG)], model=responses_model(server)
    )
    server.enqueue(
        ResponsesReply(
            output=[
                {
                    "type": "mcp_approval_request",
                    "server_label": "deepwiki",
                    "name": "ask_question",
                    "arguments": "{}",
                }
            ]
        )
    )
    with pytest.raises(UserError, match="on_approval_request") as info:
        await Runner.run(agent, "ask")
    assert "require_approval" in str(info.value) and "deepwiki" in str(info.value)


HOSTED_TOOLS: list[Any] = list({type(tool): tool for tool, _, _ in WIRE_FORMS}.values())


@pytest.mark.parametrize("tool", HOSTED_TOOLS, ids=lambda t: type(t).__name__)
async def test_hosted_tool_on_chat_completions_fails_before_any_request(
    tool: Any, streamed: bool
) -> None:
    with LoopbackProvider("gemini", api_key="gk") as gemini:
        client = AsyncOpenAI(api_key="gk", base_url=gemini.base_url)
        model = OpenAIChatCompletionsModel(model="gemini-2.5-flash", openai_client=client)
        agent = Agent(name="g", tools=[tool], model=model)
        with pytest.raises(UserError) as info:
            await run(agent, "search", streamed=streamed)
        assert gemini.requests == [], "the error comes before any request"
    message = str(info.value)
    assert type(tool).__name__ in message
    assert gemini.base_url in message and "'gemini-2.5-flash'" in message
    assert "@function_tool" in message and "def search_web(query: str) -> str:" in message


async def test_hosted_tool_with_the_guides_global_gemini_client() -> None:
    """Global Client Setup: a Gemini client for every model named by string."""
    with LoopbackProvider("gemini", api_key="gk") as gemini:
        set_default_openai_client(AsyncOpenAI(api_key="gk", base_url=gemini.base_url))
        agent = Agent(name="g", model="gemini-2.5-flash", tools=[WebSearchTool()])
        with pytest.raises(UserError, match="WebSearchTool is a hosted tool"):
            await Runner.run(agent, "search")
        assert gemini.requests == []


def _missing_features_block() -> str:
    text = guide_path().read_text()
    section = text.split("**4. Missing Features**", 1)[1]
    return section.split("```python", 1)[1].split("```", 1)[0]


async def test_guide_missing_features_block_runs_as_written(server: ResponsesLoopback) -> None:
    class SearchApi:
        def search(self, query: str) -> str:
            return f"3 results for {query}"

    namespace: dict[str, Any] = {"function_tool": agents.function_tool, "search_api": SearchApi()}
    exec(compile(_missing_features_block(), "<guide:missing-features>", "exec"), namespace)
    search_web = namespace["search_web"]
    assert isinstance(search_web, agents.FunctionTool)

    # The workaround runs on every route; on the Responses route as a function tool.
    from agents.testing import ToolCall

    server.enqueue(
        ResponsesReply(tool_calls=[ToolCall("search_web", {"query": "freeagents"})]),
        ResponsesReply(text="Found it."),
    )
    agent = Agent(name="s", tools=[search_web], model=responses_model(server))
    result = await Runner.run(agent, "find freeagents")
    assert result.final_output == "Found it."
    assert server.response_requests[1]["input"][-1]["output"] == "3 results for freeagents"
    assert server.response_requests[0]["tools"][0]["name"] == "search_web"

    # And the error for a hosted tool elsewhere shows exactly this workaround.
    with LoopbackProvider("groq", api_key="k") as groq:
        client = AsyncOpenAI(api_key="k", base_url=groq.base_url)
        model = OpenAIChatCompletionsModel(model="llama-3.1-8b-instant", openai_client=client)
        with pytest.raises(UserError) as info:
            await Runner.run(Agent(name="x", tools=[WebSearchTool()], model=model), "hi")
    guide_code = [line.strip() for line in _missing_features_block().splitlines()]
    for line in ("@function_tool", "def search_web(query: str) -> str:", '"""Search the web."""'):
        assert line in guide_code and line in str(info.value)


def test_guide_lists_the_hosted_tools_it_names() -> None:
    text = Path(guide_path()).read_text()
    assert "Hosted tools (WebSearchTool, CodeInterpreterTool)" in text
    assert {"WebSearchTool", "CodeInterpreterTool"} <= set(agents.__all__)
