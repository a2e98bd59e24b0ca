"""Local tools (shell, apply_patch, computer, custom, local_shell) as function tools on a Chat
Completions provider and Anthropic through LiteLLM, streamed and not. (On OpenAI's Responses
API they are its built-in tools: tests/local_tools/.)"""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

from agents import Agent
from agents import ApplyPatchTool
from agents import ComputerTool
from agents import CustomTool
from agents import LocalShellCommandRequest
from agents import LocalShellTool
from agents import RunConfig
from agents import ShellTool
from agents import UserError
from agents.testing import LoopbackProvider
from agents.testing.anthropic_server import AnthropicLoopback
from agents.tool import LocalFileEditor
from agents.tool import subprocess_shell_executor
from tests.compat.conftest import Route
from tests.compat.conftest import chat_route
from tests.compat.conftest import litellm_route
from tests.compat.conftest import run
from tests.helpers.local_tools import GuardedShell
from tests.helpers.local_tools import RecordingComputer

CONFIG = RunConfig(tracing_disabled=True)


@pytest.fixture(params=["chat", "litellm"])
def route(
    request: pytest.FixtureRequest,
    chat_server: LoopbackProvider,
    anthropic_server: AnthropicLoopback,
) -> Route:
    """The routes where local tools take their function form."""
    if request.param == "chat":
        return chat_route(chat_server)
    return litellm_route(anthropic_server)


def declared(route: Route, name: str) -> dict[str, Any]:
    tools = route.requests()[-1].get("tools") or []
    for tool in tools:
        if tool.get("name") == name or tool.get("function", {}).get("name") == name:
            return dict(tool)
    raise AssertionError(f"{name} not declared: {tools}")


async def test_shell_tool_runs_commands_locally(
    route: Route, streamed: bool, tmp_path: pathlib.Path
) -> None:
    (tmp_path / "notes.txt").write_text("buy milk\n")
    shell = ShellTool(executor=subprocess_shell_executor(cwd=tmp_path))
    args = {"commands": ["cat notes.txt", "exit 3"], "timeout_ms": None, "max_output_length": None}
    route.server.enqueue(route.call("shell", args), route.say("You need milk."))
    agent = Agent(name="sh", model=route.model, tools=[shell])
    result = await run(agent, "What is in my notes?", streamed, run_config=CONFIG)
    assert result.final_output == "You need milk."
    sent = route.tool_output_sent()
    text = sent if isinstance(sent, str) else json.dumps(sent)
    outputs = json.loads(text)["output"] if isinstance(sent, str) else None
    if outputs is not None:
        assert outputs[0]["stdout"] == "buy milk\n"
        assert outputs[1]["outcome"] == {"type": "exit", "exit_code": 3}
    else:
        assert "buy milk" in text


async def test_apply_patch_tool_edits_files(
    route: Route, streamed: bool, tmp_path: pathlib.Path
) -> None:
    (tmp_path / "app.py").write_text("def greet():\n    return 'hi'\n")
    patch = ApplyPatchTool(editor=LocalFileEditor(tmp_path))
    update = {
        "type": "update_file",
        "path": "app.py",
        "diff": "@@ def greet():\n-    return 'hi'\n+    return 'hello'\n",
    }
    create = {"type": "create_file", "path": "pkg/new.py", "diff": "+X = 1\n+Y = 2"}
    route.server.enqueue(route.call("apply_patch", update))
    route.server.enqueue(route.call("apply_patch", create), route.say("Patched."))
    agent = Agent(name="dev", model=route.model, tools=[patch])
    result = await run(agent, "Say hello instead", streamed, run_config=CONFIG)
    assert result.final_output == "Patched."
    assert (tmp_path / "app.py").read_text() == "def greet():\n    return 'hello'\n"
    assert (tmp_path / "pkg" / "new.py").read_text() == "X = 1\nY = 2\n"
    escape = {"type": "delete_file", "path": "../outside.txt", "diff": None}
    route.server.enqueue(route.call("apply_patch", escape), route.say("Refused."))
    await run(agent, "Delete it", streamed, run_config=CONFIG)
    assert "outside" in json.dumps(route.tool_output_sent())


async def test_computer_custom_and_local_shell_tools(route: Route) -> None:
    screen = RecordingComputer((800, 600), environment=None)
    nulls = dict.fromkeys(["button", "scroll_x", "scroll_y", "text", "keys", "path"])
    click = {"action": "click", "x": 10, "y": 20, **nulls, "button": "left"}
    seen: list[str] = []

    def shout(ctx: Any, text: str) -> str:
        seen.append(text)
        return text.upper()

    def run_argv(request: LocalShellCommandRequest) -> str:
        return "ran " + " ".join(request.data.action.command)

    tools = [
        ComputerTool(computer=screen),
        CustomTool(name="shout", description="Shout the text.", on_invoke_tool=shout),
        LocalShellTool(executor=run_argv),
    ]
    route.server.enqueue(route.call("computer_use_preview", click))
    route.server.enqueue(route.call("shout", {"input": "quiet words"}))
    route.server.enqueue(
        route.call(
            "local_shell", {"command": ["ls", "-l"], "working_directory": None, "timeout_ms": None}
        )
    )
    route.server.enqueue(route.say("done"))
    agent = Agent(name="ops", model=route.model, tools=tools)
    result = await run(agent, "go", False, run_config=CONFIG)
    assert result.final_output == "done"
    assert screen.actions == [("click", 10, 20, "left"), ("screenshot",)]
    assert seen == ["quiet words"]
    assert "ran ls -l" in json.dumps(route.tool_output_sent())
    assert "800x600" in json.dumps(declared(route, "computer_use_preview"))


def test_unsupported_configurations_are_refused() -> None:
    with pytest.raises(UserError, match="executor"):
        ShellTool()
    with pytest.raises(UserError, match="hosted containers"):
        ShellTool(executor=lambda r: "", environment={"type": "container_auto"})
    with pytest.raises(UserError, match="on_approval"):
        ShellTool(executor=lambda r: "", needs_approval=True, on_approval="yes")
    with pytest.raises(UserError, match="needs_approval"):
        ApplyPatchTool(editor=LocalFileEditor("."), needs_approval="yes")


async def test_local_tools_wait_for_approval(route: Route, streamed: bool) -> None:
    """A local tool's `needs_approval` policy gets the tool's own request (the shell action,
    the custom tool's text); a call it holds stops the run until a person decides."""
    guarded = GuardedShell()
    shell = guarded.tool()
    shout = CustomTool(
        name="shout", description="Shout.", on_invoke_tool=lambda c, t: t, needs_approval=True
    )
    agent = Agent(name="ops", model=route.model, tools=[shell, shout])
    args = {"commands": ["rm -rf build"], "timeout_ms": None, "max_output_length": None}
    route.server.enqueue(route.call("shell", args))
    paused = await run(agent, "clean up", streamed, run_config=CONFIG)
    assert [i.tool_name for i in paused.interruptions] == ["shell"]
    assert guarded.asked[0][0] == ["rm -rf build"] and guarded.ran == []
    state = paused.to_state()
    state.reject(paused.interruptions[0], rejection_message="not on this machine")
    route.server.enqueue(route.call("shout", {"input": "hi"}))
    paused = await run(agent, state, streamed, run_config=CONFIG)
    assert guarded.ran == []
    assert "not on this machine" in json.dumps(route.tool_output_sent())
    assert [i.tool_name for i in paused.interruptions] == ["shout"]
    state = paused.to_state()
    state.approve(paused.interruptions[0])
    route.server.enqueue(route.call("shell", {**args, "commands": ["ls"]}), route.say("Done."))
    result = await run(agent, state, streamed, run_config=CONFIG)
    assert result.final_output == "Done."
    assert guarded.ran == [["ls"]]
