"""Approvals of local tools: `needs_approval` (bool or a function of the tool's own request)
stops the run with interruptions, a person approves or rejects on the RunState (also after a
trip through JSON), the resumed run answers each call in its own output type; `on_approval`
decides at once. On the Responses API (built-in tools) and a Chat Completions provider
(function form)."""

from __future__ import annotations

import pathlib
from typing import Any

from agents import Agent
from agents import ApplyPatchTool
from agents import ComputerTool
from agents import CustomTool
from agents import LocalShellTool
from agents import RunState
from agents import ShellTool
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall
from agents.tool import LocalFileEditor
from tests.helpers.local_tools import PNG
from tests.helpers.local_tools import GuardedShell
from tests.helpers.local_tools import RecordingComputer
from tests.helpers.runs import run_either_way
from tests.local_tools.conftest import CONFIG
from tests.local_tools.conftest import chat_model
from tests.local_tools.conftest import computer_call
from tests.local_tools.conftest import custom_call
from tests.local_tools.conftest import items_of
from tests.local_tools.conftest import local_shell_call
from tests.local_tools.conftest import model
from tests.local_tools.conftest import patch_call
from tests.local_tools.conftest import sent
from tests.local_tools.conftest import shell_call


async def run(agent: Agent[Any], input: Any, streamed: bool) -> Any:
    return (await run_either_way(agent, input, streamed=streamed, run_config=CONFIG))[0]


async def through_json(agent: Agent[Any], state: RunState[Any, Any]) -> RunState[Any, Any]:
    return await RunState.from_string(agent, state.to_string())


async def test_shell_and_patch_calls_wait_for_a_person(
    server: ResponsesLoopback, streamed: bool, tmp_path: pathlib.Path
) -> None:
    guarded = GuardedShell()
    create = {"type": "create_file", "path": "new.txt", "diff": "+hello"}
    server.enqueue(
        ResponsesReply(
            output=[
                shell_call("c_rm", "rm -rf build"),
                shell_call("c_ls", "ls"),
                patch_call("c_p", create),
            ]
        )
    )
    agent = Agent(
        name="dev",
        model=model(server),
        tools=[
            guarded.tool(),
            ApplyPatchTool(editor=LocalFileEditor(tmp_path), needs_approval=True),
        ],
    )
    since = len(server.response_requests)
    paused = await run(agent, "clean up", streamed)
    assert [(i.tool_name, i.call_id) for i in paused.interruptions] == [
        ("shell", "c_rm"),
        ("apply_patch", "c_p"),
    ]
    assert paused.interruptions[0].raw_item.type == "shell_call"
    assert guarded.asked == [(["rm -rf build"], "c_rm"), (["ls"], "c_ls")]
    assert guarded.ran == [["ls"]] and not (tmp_path / "new.txt").exists()
    written = paused.to_state().to_json()["last_processed_response"]
    assert [a["shell"]["name"] for a in written["shell_actions"]] == ["shell", "shell"]
    assert written["apply_patch_actions"][0]["tool_call"]["operation"] == create
    state = await through_json(agent, paused.to_state())
    rm, patch = state.get_interruptions()
    state.reject(rm, rejection_message="not on this machine")
    state.approve(patch)
    server.enqueue(ResponsesReply(text="Cleaned."))
    done = await run(agent, state, streamed)
    assert done.final_output == "Cleaned."
    assert guarded.ran == [["ls"]] and (tmp_path / "new.txt").read_text() == "hello\n"
    assert len(sent(server, since)) == 2  # the paused turn's model call is not made again
    last = sent(server, since)[-1]
    outputs = items_of(last, "shell_call_output")
    assert [o["call_id"] for o in outputs] == ["c_ls", "c_rm"]
    assert outputs[1]["output"] == [
        {"stdout": "", "stderr": "not on this machine", "outcome": {"type": "exit", "exit_code": 1}}
    ]
    assert items_of(last, "apply_patch_call_output") == [
        {
            "type": "apply_patch_call_output",
            "call_id": "c_p",
            "status": "completed",
            "output": "Created new.txt",
        }
    ]


async def test_on_approval_decides_without_stopping_the_run(
    server: ResponsesLoopback, streamed: bool
) -> None:
    decided: list[str] = []

    def no_shells(ctx: Any, item: Any) -> dict[str, Any]:
        decided.append(item.tool_name)
        return {"approve": False, "reason": "no shells today"}

    async def fine(ctx: Any, item: Any) -> dict[str, Any]:
        decided.append(item.tool_name)
        return {"approve": True}

    shouted: list[str] = []
    agent = Agent(
        name="ops",
        model=model(server),
        tools=[
            ShellTool(executor=lambda r: "ran", needs_approval=True, on_approval=no_shells),
            CustomTool(
                name="shout",
                description="Shout.",
                on_invoke_tool=lambda c, t: shouted.append(t) or t.upper(),
                needs_approval=True,
                on_approval=fine,
            ),
        ],
    )
    server.enqueue(
        ResponsesReply(output=[shell_call("c_s", "ls"), custom_call("c_c", "shout", "hi")]),
        ResponsesReply(text="ok"),
    )
    since = len(server.response_requests)
    result = await run(agent, "go", streamed)
    assert result.final_output == "ok" and result.interruptions == []
    assert decided == ["shell", "shout"] and shouted == ["hi"]
    last = sent(server, since)[-1]
    assert items_of(last, "shell_call_output")[0]["output"][0]["stderr"] == "no shells today"
    assert items_of(last, "custom_tool_call_output")[0]["output"] == "HI"


async def test_on_approval_without_a_decision_stops_the_run(server: ResponsesLoopback) -> None:
    agent = Agent(
        name="ops",
        model=model(server),
        tools=[
            ShellTool(executor=lambda r: "ran", needs_approval=True, on_approval=lambda c, i: {})
        ],
    )
    server.enqueue(ResponsesReply(output=[shell_call("c_u", "ls")]))
    paused = await run(agent, "go", False)
    assert [i.call_id for i in paused.interruptions] == ["c_u"]


async def test_computer_and_local_shell_tools_take_needs_approval(
    server: ResponsesLoopback, streamed: bool
) -> None:
    screen, argv = RecordingComputer(), []
    policies: list[Any] = []

    def check_argv(ctx: Any, call: Any, call_id: str) -> bool:
        policies.append(call.action.command)
        return True

    agent = Agent(
        name="ops",
        model=model(server),
        tools=[
            ComputerTool(computer=screen, needs_approval=True),
            LocalShellTool(executor=lambda r: argv.append(r) or "ran", needs_approval=check_argv),
        ],
    )
    click = {"type": "click", "x": 1, "y": 2, "button": "left"}
    server.enqueue(
        ResponsesReply(output=[computer_call("c_cu", click), local_shell_call("c_ls", "ls")])
    )
    since = len(server.response_requests)
    paused = await run(agent, "go", streamed)
    assert [i.tool_name for i in paused.interruptions] == ["computer_use_preview", "local_shell"]
    assert policies == [["ls"]] and screen.actions == [] and argv == []
    state = await through_json(agent, paused.to_state())
    computer, shell = state.get_interruptions()
    state.approve(computer)
    state.reject(shell, rejection_message="no")
    server.enqueue(ResponsesReply(text="done"))
    done = await run(agent, state, streamed)
    assert done.final_output == "done"
    assert screen.actions == [("click", 1, 2, "left"), ("screenshot",)] and argv == []
    last = sent(server, since)[-1]
    assert items_of(last, "computer_call_output")[0]["output"]["image_url"].endswith(PNG)
    assert items_of(last, "local_shell_call_output") == [
        {"type": "local_shell_call_output", "call_id": "c_ls", "output": "no"}
    ]


async def test_function_form_takes_on_approval_and_computer_approvals(
    chat_server: LoopbackProvider, streamed: bool
) -> None:
    """On a Chat Completions provider the same settings act on the function form."""
    screen = RecordingComputer()
    agent = Agent(
        name="ops",
        model=chat_model(chat_server),
        tools=[
            ShellTool(
                executor=lambda r: "ran",
                needs_approval=True,
                on_approval=lambda c, i: {"approve": False, "reason": "declined by policy"},
            ),
            ComputerTool(
                computer=screen, needs_approval=lambda c, actions, i: actions[0]["type"] == "click"
            ),
        ],
    )
    args = {"commands": ["ls"], "timeout_ms": None, "max_output_length": None}
    nulls = dict.fromkeys(["button", "scroll_x", "scroll_y", "text", "keys", "path"])
    click = {"action": "click", "x": 3, "y": 4, **nulls, "button": "left"}
    chat_server.enqueue(
        Reply(
            tool_calls=[
                ToolCall("shell", args, id="t_s"),
                ToolCall("computer_use_preview", click, id="t_c"),
            ]
        )
    )
    since = len(chat_server.chat_requests)
    paused = await run(agent, "go", streamed)
    assert [i.tool_name for i in paused.interruptions] == ["computer_use_preview"]
    state = paused.to_state()
    state.approve(state.get_interruptions()[0])
    chat_server.enqueue(Reply(text="done"))
    done = await run(agent, state, streamed)
    assert done.final_output == "done" and screen.actions[0] == ("click", 3, 4, "left")
    messages = chat_server.chat_requests[since:][-1]["messages"]
    tool_texts = {m["tool_call_id"]: m["content"] for m in messages if m["role"] == "tool"}
    assert tool_texts["t_s"] == "declined by policy"
