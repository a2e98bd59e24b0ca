"""The reference's helper modules at their paths: handoff history, the agent graph, the Chat
Completions converter and helpers, default models, the tool output trimmer, apply_diff,
stored prompts, and what a call to a missing tool does."""

from __future__ import annotations

import json
from typing import Any

import pytest

from agents import Agent
from agents import GenerateDynamicPromptData
from agents import ModelBehaviorError
from agents import ModelSettings
from agents import RunConfig
from agents import Runner
from agents import ToolErrorFormatterArgs
from agents import ToolOutputFileContent
from agents import UserError
from agents import function_tool
from agents import get_conversation_history_wrappers
from agents import handoff
from agents import nest_handoff_history
from agents import reset_conversation_history_wrappers
from agents import set_conversation_history_wrappers
from agents.apply_diff import apply_diff
from agents.extensions.tool_output_trimmer import ToolOutputTrimmer
from agents.extensions.visualization import draw_graph
from agents.extensions.visualization import get_main_graph
from agents.handoffs import HandoffInputData
from agents.model_input import CallModelData
from agents.model_input import ModelInputData
from agents.models.chatcmpl_converter import Converter
from agents.models.chatcmpl_helpers import ChatCmplHelpers
from agents.models.default_models import get_default_model_settings
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall
from tests.compat.conftest import Route
from tests.compat.conftest import chat_route
from tests.compat.conftest import responses_route
from tests.compat.conftest import run

CONFIG = RunConfig(tracing_disabled=True)


@function_tool
def lookup(order: str) -> str:
    """Look an order up."""
    return f"order {order}: shipped"


async def test_nest_handoff_history_in_a_run(chat_server: LoopbackProvider) -> None:
    route = chat_route(chat_server)
    support = Agent(name="support", model=route.model)
    triage = Agent(name="triage", model=route.model, tools=[lookup], handoffs=[support])
    chat_server.enqueue(
        Reply(tool_calls=[ToolCall("lookup", {"order": "42"})]),
        Reply(tool_calls=[ToolCall("transfer_to_support", {})]),
        Reply(text="Support here."),
    )
    config = RunConfig(tracing_disabled=True, nest_handoff_history=True)
    result = await Runner.run(triage, "Where is order 42?", run_config=config)
    assert result.final_output == "Support here."
    sent = chat_server.chat_requests[-1]["messages"]
    assert [m["role"] for m in sent] == ["assistant"]  # one summary, no tool traffic
    summary = sent[0]["content"]
    assert summary.startswith("For context, here is the conversation so far")
    assert "<CONVERSATION HISTORY>" in summary and "order 42: shipped" in summary
    assert "1. user: Where is order 42?" in summary
    kinds = [item.type for item in result.new_items]  # the run keeps everything
    assert kinds.count("tool_call_output_item") == 1 and "handoff_output_item" in kinds


def test_history_wrappers_and_mapper() -> None:
    set_conversation_history_wrappers(start="<<", end=">>")
    try:
        assert get_conversation_history_wrappers() == ("<<", ">>")
        data = HandoffInputData(input_history="hi", pre_handoff_items=(), new_items=())
        nested = nest_handoff_history(data)
        content = nested.input_history[0]["content"]  # type: ignore[index]
        assert "<<\n1. user: hi\n>>" in content and nested.input_items == ()
        mapped = nest_handoff_history(data, history_mapper=lambda t: t[-1:])
        assert mapped.input_history == ({"content": "hi", "role": "user"},)
    finally:
        reset_conversation_history_wrappers()
    assert get_conversation_history_wrappers()[0] == "<CONVERSATION HISTORY>"


def test_agent_graph_as_dot() -> None:
    billing = Agent(name="Billing")
    refunds = Agent(name="Refunds", tools=[lookup])
    triage = Agent(name="Triage", tools=[lookup], handoffs=[billing, handoff(refunds)])
    dot = get_main_graph(triage)
    assert dot.startswith("digraph G {")
    for line in (
        '"__start__" -> "Triage";',
        '"Triage" -> "Billing";',
        '"Triage" -> "Refunds";',
        '"Triage" -> "lookup" [style=dotted, penwidth=1.5];',
        '"Billing" -> "__end__";',
    ):
        assert line in dot
    try:
        import graphviz  # noqa: F401
    except ImportError:
        with pytest.raises(UserError, match=r"freeagents\[viz\]"):
            draw_graph(triage)


def test_converter_and_helpers_keep_the_reference_names() -> None:
    assert Converter.convert_tool_choice("required") == "required"
    assert Converter.convert_tool_choice("lookup") == {
        "type": "function",
        "function": {"name": "lookup"},
    }
    tool = Converter.tool_to_openai(lookup)
    assert tool["function"]["name"] == "lookup" and tool["function"]["strict"] is True
    messages = Converter.items_to_messages(
        [
            {"role": "user", "content": "hi"},
            {"type": "function_call", "call_id": "c1", "name": "lookup", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "c1", "output": "done"},
        ]
    )
    assert [m["role"] for m in messages] == ["user", "assistant", "tool"]
    assert ChatCmplHelpers.clean_gemini_tool_call_id("abc__thought__xyz", "gemini-2.5") == "abc"
    assert get_default_model_settings("gpt-5").reasoning.effort == "low"  # type: ignore[union-attr]
    assert get_default_model_settings("gpt-4.1") == ModelSettings()


def test_tool_output_trimmer_shortens_old_outputs() -> None:
    long = "x" * 2000
    items: list[Any] = [
        {"role": "user", "content": "first"},
        {"type": "function_call", "call_id": "a", "name": "search", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "a", "output": long},
        {"role": "user", "content": "second"},
        {"type": "function_call", "call_id": "b", "name": "search", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "b", "output": long},
    ]
    trimmer = ToolOutputTrimmer(recent_turns=1, max_output_chars=100, preview_chars=10)
    data = CallModelData(
        model_data=ModelInputData(input=items, instructions="i"), agent=Agent(), context=None
    )
    out = trimmer(data).input
    assert out[2]["output"].startswith("[Trimmed: search output — 2000 chars")
    assert out[5]["output"] == long  # the latest turn stays whole
    with pytest.raises(ValueError):
        ToolOutputTrimmer(recent_turns=0)


def test_apply_diff_cases() -> None:
    source = "def f():\n    return 1\n\ndef g():\n    return 1\n"
    assert apply_diff(source, "@@ def g():\n-    return 1\n+    return 2") == (
        "def f():\n    return 1\n\ndef g():\n    return 2\n"
    )
    assert apply_diff("a\r\nb\r\n", "@@\n a\n-b\n+c") == "a\r\nc\r\n"
    assert apply_diff("", "+x\n+y", mode="create") == "x\ny"
    assert apply_diff("a\n  b  \n", "@@\n a\n-b\n+c") == "a\nc\n"  # whitespace slips
    with pytest.raises(ValueError, match="not found"):
        apply_diff("a\n", "@@\n zzz\n-a\n+b")


async def test_dynamic_prompt_reaches_responses_and_is_refused_elsewhere(
    responses_server: ResponsesLoopback, chat_server: LoopbackProvider
) -> None:
    seen: list[str] = []

    def prompt(data: GenerateDynamicPromptData) -> Any:
        seen.append(data.agent.name)
        return {"id": "pmpt_123", "variables": {"city": "Paris"}}

    responses = responses_route(responses_server)
    responses_server.enqueue(ResponsesReply(text="ok"))
    agent = Agent(name="prompted", model=responses.model, prompt=prompt)
    assert (await Runner.run(agent, "hi", run_config=CONFIG)).final_output == "ok"
    assert responses_server.response_requests[-1]["prompt"] == {
        "id": "pmpt_123",
        "variables": {"city": "Paris"},
    }
    assert seen == ["prompted"]
    with pytest.raises(UserError, match="Responses"):
        await Runner.run(agent.clone(model=chat_route(chat_server).model), "hi", run_config=CONFIG)


async def test_missing_tool_behaviours(route: Route, streamed: bool) -> None:
    agent = Agent(name="a", model=route.model, tools=[lookup])
    route.server.enqueue(route.call("nope", {}))
    raising = RunConfig(tracing_disabled=True, tool_not_found_behavior="raise_error")
    with pytest.raises(ModelBehaviorError, match="Tool nope not found in agent a"):
        await run(agent, "go", streamed, run_config=raising)

    def formatter(args: ToolErrorFormatterArgs[Any]) -> str:
        return f"[{args.kind}] {args.tool_name} is not a tool here"

    route.server.enqueue(route.call("nope", {}), route.say("ok"))
    friendly = RunConfig(tracing_disabled=True, tool_error_formatter=formatter)
    result = await run(agent, "go", streamed, run_config=friendly)
    assert result.final_output == "ok"
    assert "[tool_not_found] nope is not a tool here" in json.dumps(route.requests()[-1])


@function_tool
def report() -> ToolOutputFileContent:
    """A PDF report."""
    return ToolOutputFileContent(file_data="JVBERi0xLjQ=", filename="report.pdf")


async def test_file_tool_output(route: Route) -> None:
    route.server.enqueue(route.call("report", {}), route.say("read it"))
    agent = Agent(name="a", model=route.model, tools=[report])
    result = await run(agent, "go", False, run_config=CONFIG)
    assert result.final_output == "read it"
    body = json.dumps(route.requests()[-1])
    assert "JVBERi0xLjQ=" in body
    # Chat Completions and Responses carry the name; Anthropic gets a typed document block.
    assert ("application/pdf" if route.name == "litellm" else "report.pdf") in body
