"""Local tools' custom data extractors (apply_patch, computer, custom): the data lands on the
call's ToolCallOutputItem, is checked as JSON, and never reaches the model, on OpenAI's
Responses route (the API's own call items) and on a Chat Completions provider (function
forms), with the same context fields on both."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest
from openai.types.responses import ResponseComputerToolCall

from agents import Agent
from agents import ApplyPatchTool
from agents import ApplyPatchToolCustomDataContext
from agents import ComputerTool
from agents import ComputerToolCustomDataContext
from agents import CustomTool
from agents import CustomToolCustomDataContext
from agents import UserError
from agents.items import ToolCallOutputItem
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall
from agents.tool import LocalFileEditor
from tests.helpers.local_tools import PNG
from tests.helpers.local_tools import RecordingComputer
from tests.helpers.runs import run_either_way
from tests.local_tools.conftest import CONFIG
from tests.local_tools.conftest import chat_model
from tests.local_tools.conftest import computer_call
from tests.local_tools.conftest import custom_call
from tests.local_tools.conftest import model
from tests.local_tools.conftest import patch_call
from tests.local_tools.conftest import sent

CREATE = {"type": "create_file", "path": "a.txt", "diff": "+hello\n"}
CLICK = {"type": "click", "x": 3, "y": 4, "button": "left"}


def tools(root: pathlib.Path, seen: list[Any]) -> list[Any]:
    """The three local tools, each recording what its extractor read."""

    def patch_data(data: ApplyPatchToolCustomDataContext) -> dict[str, Any]:
        seen.append(data)
        op = data.operations[0]
        return {"op": op.type, "path": op.path, "status": data.status}

    async def computer_data(data: ComputerToolCustomDataContext) -> dict[str, Any]:
        seen.append(data)
        return {"action": data.tool_call.action.type, "shot": data.output[:22]}  # type: ignore[union-attr]

    def custom_data(data: CustomToolCustomDataContext) -> dict[str, Any] | None:
        seen.append(data)
        return {"query": data.input, "rows": len(data.output)}

    return [
        ApplyPatchTool(editor=LocalFileEditor(root), custom_data_extractor=patch_data),
        ComputerTool(computer=RecordingComputer(), custom_data_extractor=computer_data),
        CustomTool(
            name="sql",
            description="Run SQL.",
            on_invoke_tool=lambda c, t: "r1\nr2",
            custom_data_extractor=custom_data,
        ),
    ]


def check_items(result: Any, seen: list[Any]) -> None:
    outputs = [i for i in result.new_items if isinstance(i, ToolCallOutputItem)]
    assert [o.custom_data for o in outputs] == [
        {"op": "create_file", "path": "a.txt", "status": "completed"},
        {"action": "click", "shot": "data:image/png;base64,"},
        {"query": "select 1", "rows": 5},
    ]
    patch, computer, custom = seen
    assert isinstance(patch.tool, ApplyPatchTool) and patch.output == "Created a.txt"
    assert isinstance(computer.tool_call, ResponseComputerToolCall)
    assert (
        computer.tool_call.call_id == "c_cu" and computer.output == f"data:image/png;base64,{PNG}"
    )
    assert custom.tool_context.tool_call_id == "c_sql" and custom.output == "r1\nr2"
    assert custom.tool.name == "sql"


@pytest.mark.parametrize("streamed", [False, True])
async def test_responses_route_keeps_custom_data_off_the_wire(
    server: ResponsesLoopback, streamed: bool, tmp_path: pathlib.Path
) -> None:
    seen: list[Any] = []
    server.enqueue(
        ResponsesReply(output=[patch_call("c_ap", CREATE)]),
        ResponsesReply(output=[computer_call("c_cu", CLICK)]),
        ResponsesReply(output=[custom_call("c_sql", "sql", "select 1")]),
        ResponsesReply(text="Done."),
    )
    agent = Agent(name="dev", model=model(server), tools=tools(tmp_path, seen))
    since = len(server.response_requests)
    result, _ = await run_either_way(agent, "go", streamed=streamed, run_config=CONFIG)
    assert result.final_output == "Done." and (tmp_path / "a.txt").read_text() == "hello\n"
    check_items(result, seen)
    assert seen[0].raw_item["type"] == "apply_patch_call_output"
    assert seen[2].raw_item == {
        "type": "custom_tool_call_output",
        "call_id": "c_sql",
        "output": "r1\nr2",
    }
    wire = json.dumps(sent(server, since))
    assert "custom_data" not in wire and '"rows"' not in wire and 'create_file", "path' not in wire


@pytest.mark.parametrize("streamed", [False, True])
async def test_function_forms_give_the_same_contexts(
    chat_server: LoopbackProvider, streamed: bool, tmp_path: pathlib.Path
) -> None:
    seen: list[Any] = []
    nulls = dict.fromkeys(["button", "scroll_x", "scroll_y", "text", "keys", "path"])
    chat_server.enqueue(
        Reply(tool_calls=[ToolCall("apply_patch", CREATE, id="c_ap")]),
        Reply(
            tool_calls=[
                ToolCall(
                    "computer_use_preview",
                    {"action": "click", "x": 3, "y": 4, **nulls, "button": "left"},
                    id="c_cu",
                )
            ]
        ),
        Reply(tool_calls=[ToolCall("sql", {"input": "select 1"}, id="c_sql")]),
        Reply(text="Done."),
    )
    agent = Agent(name="dev", model=chat_model(chat_server), tools=tools(tmp_path, seen))
    since = len(chat_server.chat_requests)
    result, _ = await run_either_way(agent, "go", streamed=streamed, run_config=CONFIG)
    assert result.final_output == "Done."
    check_items(result, seen)
    assert seen[0].raw_item["type"] == "function_call_output"
    assert seen[1].tool_call.action.x == 3
    wire = json.dumps(chat_server.chat_requests[since:])
    assert "custom_data" not in wire and '"rows"' not in wire


async def test_a_failed_patch_reads_failed_on_both_routes(
    server: ResponsesLoopback, chat_server: LoopbackProvider, tmp_path: pathlib.Path
) -> None:
    missing = {"type": "update_file", "path": "nope.txt", "diff": "@@\n-a\n+b\n"}
    statuses: list[str] = []

    def extractor(data: ApplyPatchToolCustomDataContext) -> None:
        statuses.append(data.status)

    tool = ApplyPatchTool(editor=LocalFileEditor(tmp_path), custom_data_extractor=extractor)
    server.enqueue(ResponsesReply(output=[patch_call("c1", missing)]), ResponsesReply(text="x"))
    chat_server.enqueue(Reply(tool_calls=[ToolCall("apply_patch", missing)]), Reply(text="x"))
    for agent_model in (model(server), chat_model(chat_server)):
        agent = Agent(name="dev", model=agent_model, tools=[tool])
        result, _ = await run_either_way(agent, "go", streamed=False, run_config=CONFIG)
        (output,) = [i for i in result.new_items if isinstance(i, ToolCallOutputItem)]
        assert output.custom_data is None  # the extractor returned None
    assert statuses == ["failed", "failed"]


@pytest.mark.parametrize("route", ["responses", "chat"])
async def test_data_that_is_not_json_is_a_user_error(
    server: ResponsesLoopback, chat_server: LoopbackProvider, route: str
) -> None:
    tool = CustomTool(
        name="sql",
        description="Run SQL.",
        on_invoke_tool=lambda c, t: "ok",
        custom_data_extractor=lambda data: {"when": object()},
    )
    if route == "responses":
        server.enqueue(ResponsesReply(output=[custom_call("c1", "sql", "x")]))
        agent = Agent(name="dev", model=model(server), tools=[tool])
    else:
        chat_server.enqueue(Reply(tool_calls=[ToolCall("sql", {"input": "x"})]))
        agent = Agent(name="dev", model=chat_model(chat_server), tools=[tool])
    with pytest.raises(UserError, match="'sql': custom_data_extractor must return JSON data"):
        await run_either_way(agent, "go", streamed=False, run_config=CONFIG)


def test_fields_and_defaults_match_the_reference() -> None:
    import dataclasses

    import agents.tool as tool_module

    assert tool_module.ComputerToolCustomDataContext is ComputerToolCustomDataContext
    names = {
        cls.__name__: [f.name for f in dataclasses.fields(cls)]
        for cls in (
            ApplyPatchToolCustomDataContext,
            ComputerToolCustomDataContext,
            CustomToolCustomDataContext,
        )
    }
    assert names == {
        "ApplyPatchToolCustomDataContext": [
            "run_context",
            "tool",
            "operations",
            "output",
            "status",
            "raw_item",
        ],
        "ComputerToolCustomDataContext": ["run_context", "tool", "tool_call", "output", "raw_item"],
        "CustomToolCustomDataContext": ["tool_context", "tool", "input", "output", "raw_item"],
    }
    assert ApplyPatchTool(editor=LocalFileEditor(".")).custom_data_extractor is None
    with pytest.raises(TypeError):
        ApplyPatchTool(LocalFileEditor("."), "apply_patch", False, None, print)  # type: ignore[call-arg,misc]
