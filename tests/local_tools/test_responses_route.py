"""Local tools on OpenAI's Responses API: declared as its built-in tools, called with its own
items, answered with the matching output items (request bytes checked on the loopback server,
which refuses fields the API refuses), streamed and not."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest

from agents import Agent
from agents import ApplyPatchTool
from agents import ComputerTool
from agents import CustomTool
from agents import LocalShellCommandRequest
from agents import LocalShellTool
from agents import ModelSettings
from agents import ShellTool
from agents.items import ToolCallItem
from agents.items import ToolCallOutputItem
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.tool import LocalFileEditor
from agents.tool import subprocess_shell_executor
from tests.helpers.local_tools import PNG
from tests.helpers.local_tools import RecordingComputer
from tests.helpers.runs import run_either_way
from tests.local_tools.conftest import CONFIG
from tests.local_tools.conftest import computer_call
from tests.local_tools.conftest import custom_call
from tests.local_tools.conftest import items_of
from tests.local_tools.conftest import local_shell_call
from tests.local_tools.conftest import model
from tests.local_tools.conftest import patch_call
from tests.local_tools.conftest import sent
from tests.local_tools.conftest import shell_call


async def test_local_tools_are_declared_as_built_in_tools(server: ResponsesLoopback) -> None:
    tools: list[Any] = [
        ShellTool(executor=lambda r: "", environment={"type": "local"}),
        LocalShellTool(executor=lambda r: ""),
        ApplyPatchTool(editor=LocalFileEditor(".")),
        CustomTool(
            name="sql",
            description="Run SQL.",
            on_invoke_tool=lambda c, t: t,
            format={"type": "grammar", "syntax": "lark", "definition": "start: WORD"},
        ),
        ComputerTool(computer=RecordingComputer()),
    ]
    since = len(server.response_requests)
    server.enqueue(ResponsesReply(text="ok"), ResponsesReply(text="ok"))
    for name in ("gpt-5.4", "computer-use-preview"):
        agent = Agent(name="ops", model=model(server, name), tools=tools)
        await run_either_way(agent, "hi", streamed=False, run_config=CONFIG)
    ga, preview = (body["tools"] for body in sent(server, since))
    assert ga == [
        {"type": "shell", "environment": {"type": "local"}},
        {"type": "local_shell"},
        {"type": "apply_patch"},
        {
            "type": "custom",
            "name": "sql",
            "description": "Run SQL.",
            "format": {"type": "grammar", "syntax": "lark", "definition": "start: WORD"},
        },
        {"type": "computer"},
    ]
    assert preview[-1] == {
        "type": "computer_use_preview",
        "environment": "browser",
        "display_width": 1024,
        "display_height": 768,
    }


async def test_tool_choice_names_a_local_tool_in_the_api_spelling(
    server: ResponsesLoopback,
) -> None:
    tools: list[Any] = [
        ShellTool(executor=lambda r: ""),
        ApplyPatchTool(editor=LocalFileEditor(".")),
        CustomTool(name="sql", description="Run SQL.", on_invoke_tool=lambda c, t: t),
        ComputerTool(computer=RecordingComputer()),
    ]
    choices = ["shell", "apply_patch", "sql", "computer_use"]
    since = len(server.response_requests)
    for choice in choices:
        server.enqueue(ResponsesReply(text="ok"))
        agent = Agent(
            name="ops",
            model=model(server),
            tools=tools,
            model_settings=ModelSettings(tool_choice=choice),
        )
        await run_either_way(agent, "hi", streamed=False, run_config=CONFIG)
    assert [body["tool_choice"] for body in sent(server, since)] == [
        {"type": "shell"},
        {"type": "apply_patch"},
        {"type": "custom", "name": "sql"},
        {"type": "computer"},
    ]


async def test_shell_and_patch_calls_run_and_are_answered(
    server: ResponsesLoopback, streamed: bool, tmp_path: pathlib.Path
) -> None:
    (tmp_path / "notes.txt").write_text("buy milk\n")
    (tmp_path / "app.py").write_text("def greet():\n    return 'hi'\n")
    update = {
        "type": "update_file",
        "path": "app.py",
        "diff": "@@ def greet():\n-    return 'hi'\n+    return 'hello'\n",
    }
    server.enqueue(
        ResponsesReply(output=[shell_call("c_sh", "cat notes.txt", "echo oops >&2; exit 3")]),
        ResponsesReply(output=[patch_call("c_ap", update)]),
        ResponsesReply(text="Done."),
    )
    agent = Agent(
        name="dev",
        model=model(server),
        tools=[
            ShellTool(executor=subprocess_shell_executor(cwd=tmp_path)),
            ApplyPatchTool(editor=LocalFileEditor(tmp_path)),
        ],
    )
    since = len(server.response_requests)
    result, events = await run_either_way(agent, "go", streamed=streamed, run_config=CONFIG)
    assert result.final_output == "Done."
    assert (tmp_path / "app.py").read_text() == "def greet():\n    return 'hello'\n"
    _, second, third = sent(server, since)
    (call,) = items_of(second, "shell_call")
    assert "created_by" not in call and call["action"]["commands"][0] == "cat notes.txt"
    assert items_of(second, "shell_call_output") == [
        {
            "type": "shell_call_output",
            "call_id": "c_sh",
            "output": [
                {"stdout": "buy milk\n", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}},
                {"stdout": "", "stderr": "oops\n", "outcome": {"type": "exit", "exit_code": 3}},
            ],
        }
    ]
    assert items_of(third, "apply_patch_call_output") == [
        {
            "type": "apply_patch_call_output",
            "call_id": "c_ap",
            "status": "completed",
            "output": "Updated app.py",
        }
    ]
    kinds = [type(i).__name__ for i in result.new_items]
    assert kinds == ["ToolCallItem", "ToolCallOutputItem"] * 2 + ["MessageOutputItem"]
    outputs = [i for i in result.new_items if isinstance(i, ToolCallOutputItem)]
    assert "exit code: 3" in outputs[0].output
    if streamed:
        names = [e.name for e in events if getattr(e, "type", "") == "run_item_stream_event"]
        assert names[:4] == ["tool_called", "tool_output", "tool_called", "tool_output"]


async def test_computer_custom_and_local_shell_calls(
    server: ResponsesLoopback, streamed: bool
) -> None:
    screen = RecordingComputer()
    seen: list[Any] = []

    def acknowledge(data: Any) -> bool:
        seen.append(data.safety_check.code)
        return True

    check = {"id": "sc_1", "code": "malicious_instructions", "message": "Careful."}
    batch = computer_call(
        "c_cu",
        {"type": "click", "x": 10, "y": 20, "button": "left"},
        {"type": "type", "text": "hello"},
        checks=[check],
    )
    server.enqueue(
        ResponsesReply(output=[batch, custom_call("c_ct", "shout", "quiet words")]),
        ResponsesReply(output=[local_shell_call("c_ls", "ls", "-l")]),
        ResponsesReply(text="done"),
    )

    def argv(request: LocalShellCommandRequest) -> str:
        return "ran " + " ".join(request.data.action.command)

    agent = Agent(
        name="ops",
        model=model(server),
        tools=[
            ComputerTool(computer=screen, on_safety_check=acknowledge),
            CustomTool(name="shout", description="Shout.", on_invoke_tool=lambda c, t: t.upper()),
            LocalShellTool(executor=argv),
        ],
    )
    since = len(server.response_requests)
    result, _ = await run_either_way(agent, "go", streamed=streamed, run_config=CONFIG)
    assert result.final_output == "done"
    assert screen.actions == [("click", 10, 20, "left"), ("type", "hello"), ("screenshot",)]
    assert seen == ["malicious_instructions"]
    _, second, third = sent(server, since)
    assert items_of(second, "computer_call_output") == [
        {
            "type": "computer_call_output",
            "call_id": "c_cu",
            "output": {"type": "computer_screenshot", "image_url": f"data:image/png;base64,{PNG}"},
            "acknowledged_safety_checks": [check],
        }
    ]
    assert items_of(second, "custom_tool_call_output") == [
        {"type": "custom_tool_call_output", "call_id": "c_ct", "output": "QUIET WORDS"}
    ]
    assert items_of(third, "local_shell_call_output") == [
        {"type": "local_shell_call_output", "call_id": "c_ls", "output": "ran ls -l"}
    ]
    calls = [i for i in result.new_items if isinstance(i, ToolCallItem)]
    assert [c.raw_item.type for c in calls] == [
        "computer_call",
        "custom_tool_call",
        "local_shell_call",
    ]


async def test_server_kept_conversation_sends_only_the_outputs(server: ResponsesLoopback) -> None:
    """With previous_response_id the server holds the shell call: only its output goes."""
    server.enqueue(
        ResponsesReply(output=[shell_call("c_prev", "echo hi")]), ResponsesReply(text="ok")
    )
    agent = Agent(name="sh", model=model(server), tools=[ShellTool(executor=lambda r: "hi")])
    since = len(server.response_requests)
    first, _ = await run_either_way(agent, "go", streamed=False, run_config=CONFIG)
    earlier = first.raw_responses[0].response_id
    server.enqueue(
        ResponsesReply(output=[shell_call("c_next", "echo again")]), ResponsesReply(text="ok")
    )
    await run_either_way(
        agent, "more", streamed=False, run_config=CONFIG, previous_response_id=earlier
    )
    last = sent(server, since)[-1]
    assert [(i["type"], i["call_id"]) for i in last["input"]] == [("shell_call_output", "c_next")]
    assert last["input"][0]["output"][0]["stdout"] == "hi"


async def test_a_call_of_a_tool_the_agent_lacks_is_the_models_error(
    server: ResponsesLoopback,
) -> None:
    from agents import ModelBehaviorError

    server.enqueue(ResponsesReply(output=[shell_call("c_x", "ls")]))
    agent = Agent(name="none", model=model(server))
    with pytest.raises(ModelBehaviorError, match="shell_call"):
        await run_either_way(agent, "go", streamed=False, run_config=CONFIG)


async def test_shell_output_is_cut_at_the_requested_length(
    server: ResponsesLoopback, tmp_path: pathlib.Path
) -> None:
    server.enqueue(
        ResponsesReply(output=[shell_call("c_cut", "echo abcdefgh", max_output_length=4)]),
        ResponsesReply(text="ok"),
    )
    agent = Agent(
        name="sh",
        model=model(server),
        tools=[ShellTool(executor=subprocess_shell_executor(cwd=tmp_path))],
    )
    since = len(server.response_requests)
    await run_either_way(agent, "go", streamed=False, run_config=CONFIG)
    (output,) = items_of(sent(server, since)[-1], "shell_call_output")
    assert output["max_output_length"] == 4
    assert output["output"] == [
        {"stdout": "abcd", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}
    ]
