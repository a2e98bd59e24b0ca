"""ShellTool and LocalShellTool: the model asks for shell commands, your executor runs them.

The reference SDK offers these only on OpenAI's Responses API (its built-in `shell` and
`local_shell` tool types). Here the model gets them as a function tool with the same idea of
arguments (a list of commands, a time limit, an output cap), so a shell-using agent runs on
Groq, DeepSeek or Claude unchanged. The executor is yours; `subprocess_shell_executor` is a
ready one that runs each command with the system shell in a working directory you choose.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Literal
from typing import TypeAlias

from openai.types.responses.response_output_item import LocalShellCall
from openai.types.responses.response_output_item import LocalShellCallAction
from typing_extensions import NotRequired
from typing_extensions import TypedDict

from agents._local_tool_table import local_tool_names
from agents._local_tools.approval import approval_policy
from agents._local_tools.hosted_shell import HOSTED_SHELL_ENVIRONMENTS
from agents._local_tools.hosted_shell import ShellToolHostedEnvironment
from agents._tool_callers import check_allowed_callers
from agents._tool_origin import ToolCaller
from agents.exceptions import UserError
from agents.run_context import RunContextWrapper
from agents.tool import FunctionTool
from agents.tool import LocalTool
from agents.tool import LocalToolFunctionForm
from agents.tool_context import ToolContext
from agents.util._await import maybe_await

__all__ = local_tool_names(__name__)


@dataclass
class ShellCallOutcome:
    """How a command ended: it exited (with a code) or it timed out."""

    type: Literal["exit", "timeout"]
    exit_code: int | None = None


@dataclass
class ShellCommandOutput:
    """What one command printed, and how it ended."""

    stdout: str = ""
    stderr: str = ""
    outcome: ShellCallOutcome = field(default_factory=lambda: ShellCallOutcome(type="exit"))
    command: str | None = None
    provider_data: dict[str, Any] | None = None

    @property
    def exit_code(self) -> int | None:
        return self.outcome.exit_code

    @property
    def status(self) -> Literal["completed", "timeout"]:
        return "timeout" if self.outcome.type == "timeout" else "completed"


@dataclass
class ShellResult:
    """An executor's structured answer: one output per command."""

    output: list[ShellCommandOutput]
    max_output_length: int | None = None
    provider_data: dict[str, Any] | None = None


@dataclass
class ShellActionRequest:
    """The commands the model asked for."""

    commands: list[str]
    timeout_ms: int | None = None
    max_output_length: int | None = None


@dataclass
class ShellCallData:
    """One shell call of the model."""

    call_id: str
    action: ShellActionRequest
    status: Literal["in_progress", "completed"] | None = None
    raw: Any | None = None


@dataclass
class ShellCommandRequest:
    """What a ShellExecutor receives."""

    ctx_wrapper: RunContextWrapper[Any]
    data: ShellCallData


ShellExecutor = Callable[[ShellCommandRequest], "str | ShellResult | Awaitable[str | ShellResult]"]


class ShellToolLocalSkill(TypedDict):
    description: str
    name: str
    path: str


class ShellToolLocalEnvironment(TypedDict):
    """Commands run on this machine, by the tool's executor."""

    type: Literal["local"]
    skills: NotRequired[list[ShellToolLocalSkill]]


ShellToolEnvironment: TypeAlias = ShellToolLocalEnvironment | ShellToolHostedEnvironment
"""Where shell commands run: this machine (with an executor) or an OpenAI-hosted container."""


_SHELL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "commands": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Shell commands to run in order.",
        },
        "timeout_ms": {
            "type": ["integer", "null"],
            "description": "Time limit per command in milliseconds, or null.",
        },
        "max_output_length": {
            "type": ["integer", "null"],
            "description": "Characters of output to keep per command, or null.",
        },
    },
    "required": ["commands", "timeout_ms", "max_output_length"],
    "additionalProperties": False,
}


def _shell_text(result: str | ShellResult) -> str:
    """The executor's answer as the model reads it."""
    if isinstance(result, str):
        return result
    limit = result.max_output_length
    outputs = []
    for out in result.output:
        outputs.append(
            {
                "command": out.command,
                "stdout": out.stdout[:limit] if limit else out.stdout,
                "stderr": out.stderr[:limit] if limit else out.stderr,
                "outcome": {"type": out.outcome.type, "exit_code": out.outcome.exit_code},
            }
        )
    return json.dumps({"output": outputs})


@dataclass
class ShellTool(LocalTool):
    """Lets the model run shell commands through `executor`."""

    executor: ShellExecutor | None = None
    name: str = "shell"
    needs_approval: Any = False
    on_approval: Any = None
    environment: ShellToolEnvironment | dict[str, Any] | None = None
    """Where the commands run; None: this machine (`{"type": "local"}`, with an executor).
    A hosted container (`container_auto`, `container_reference`) runs them on OpenAI's side,
    on OpenAI's Responses route only."""
    allowed_callers: list[ToolCaller] | None = field(default=None, kw_only=True)
    """Who may call the tool on OpenAI's Responses API (sent in its declaration); None: the
    API's default. It must include "direct" (see agents._tool_callers)."""

    def __post_init__(self) -> None:
        self.allowed_callers = check_allowed_callers(self.allowed_callers, self.name)
        if self.environment is None:
            self.environment = {"type": "local"}
        if not isinstance(self.environment, Mapping):
            raise UserError("ShellTool environment must be a mapping, e.g. {'type': 'local'}")
        self.environment = {"type": "local", **self.environment}
        kind = self.environment["type"]
        if kind in HOSTED_SHELL_ENVIRONMENTS:
            if self.executor is not None:
                raise UserError(
                    f"ShellTool environment {kind!r} runs the commands in OpenAI's hosted "
                    "containers; drop the executor, or use environment={'type': 'local'} "
                    "to run them here."
                )
            if self.needs_approval is not False or self.on_approval is not None:
                raise UserError(
                    f"ShellTool environment {kind!r} runs the commands on OpenAI's side, so "
                    "there is nothing to approve here: drop needs_approval and on_approval."
                )
            return
        if kind != "local":
            raise UserError(
                f"ShellTool environment type {kind!r} is unknown; use 'local' (with an "
                "executor), 'container_auto' or 'container_reference'."
            )
        if self.executor is None:
            raise UserError(
                "ShellTool needs an executor to run commands locally, e.g. "
                "ShellTool(executor=subprocess_shell_executor(cwd='.'))"
            )
        self._needs_approval = approval_policy(
            "ShellTool",
            self.needs_approval,
            self.on_approval,
            lambda _ctx, args, _id: _action(args),
        )

    @property
    def type(self) -> str:
        return "shell"

    @property
    def hosted(self) -> bool:
        """Whether OpenAI runs the commands (a hosted container environment)."""
        return (self.environment or {}).get("type") in HOSTED_SHELL_ENVIRONMENTS

    def responses_tool(self, model: str | None) -> dict[str, Any]:
        declared: dict[str, Any] = {
            "type": "shell",
            "environment": dict(self.environment or {"type": "local"}),
        }
        if self.allowed_callers is not None:
            declared["allowed_callers"] = list(self.allowed_callers)
        return declared

    def function_tool(self) -> FunctionTool:
        if self.hosted:
            kind = (self.environment or {}).get("type")
            raise UserError(
                f"ShellTool(environment={{'type': {kind!r}}}) runs in an OpenAI-hosted "
                "container, which only OpenAI's Responses API provides (OpenAIResponsesModel); "
                "this model takes tools as functions. Use an OpenAI Responses model, or "
                "environment={'type': 'local'} with an executor to run the commands here."
            )
        return super().function_tool()

    def _function_form(self) -> LocalToolFunctionForm:
        executor = self.executor

        async def invoke(ctx: ToolContext[Any], raw: str) -> str:
            action = _action(json.loads(raw or "{}"))
            request = ShellCommandRequest(ctx, ShellCallData(ctx.tool_call_id, action))
            return _shell_text(await maybe_await(executor(request)))  # type: ignore[misc]

        description = "Run shell commands on the user's machine and read their output."
        return LocalToolFunctionForm(description, _SHELL_SCHEMA, invoke)


def _action(args: dict[str, Any]) -> ShellActionRequest:
    return ShellActionRequest(
        commands=[str(c) for c in args.get("commands") or []],
        timeout_ms=args.get("timeout_ms"),
        max_output_length=args.get("max_output_length"),
    )


def subprocess_shell_executor(
    cwd: str | os.PathLike[str] | None = None, default_timeout_ms: int = 60_000
) -> ShellExecutor:
    """An executor that runs each command with the system shell (`/bin/sh -c`) in `cwd`.

    It runs whatever the model asks: give it a directory and an account you are willing to
    let the model change.
    """

    async def run(request: ShellCommandRequest) -> ShellResult:
        action = request.data.action
        timeout = (action.timeout_ms or default_timeout_ms) / 1000
        outputs = [await _run_one(command, cwd, timeout) for command in action.commands]
        return ShellResult(output=outputs, max_output_length=action.max_output_length)

    return run


async def _run_one(
    command: str, cwd: str | os.PathLike[str] | None, timeout: float
) -> ShellCommandOutput:
    process = await asyncio.create_subprocess_shell(
        command, cwd=cwd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout)
    except asyncio.TimeoutError:
        process.kill()
        await process.wait()
        return ShellCommandOutput(command=command, outcome=ShellCallOutcome(type="timeout"))
    return ShellCommandOutput(
        stdout=stdout.decode(errors="replace"),
        stderr=stderr.decode(errors="replace"),
        outcome=ShellCallOutcome(type="exit", exit_code=process.returncode),
        command=command,
    )


@dataclass
class LocalShellCommandRequest:
    """What a LocalShellExecutor receives: the call in the Responses API's shape."""

    ctx_wrapper: RunContextWrapper[Any]
    data: LocalShellCall


LocalShellExecutor = Callable[[LocalShellCommandRequest], "str | Awaitable[str]"]

_LOCAL_SHELL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "command": {"type": "array", "items": {"type": "string"}, "description": "argv"},
        "working_directory": {"type": ["string", "null"]},
        "timeout_ms": {"type": ["integer", "null"]},
    },
    "required": ["command", "working_directory", "timeout_ms"],
    "additionalProperties": False,
}


@dataclass
class LocalShellTool(LocalTool):
    """The older single-command shell tool: `executor` runs one command (an argv list)."""

    executor: LocalShellExecutor
    needs_approval: Any = field(default=False, kw_only=True)
    """Whether a call waits for a person's yes before it runs: a bool, or a function
    (context, the LocalShellCall, call id) -> bool deciding per call. (A freeagents addition:
    the reference's LocalShellTool has no approvals.)"""

    def __post_init__(self) -> None:
        self._needs_approval = approval_policy(
            "LocalShellTool", self.needs_approval, None, lambda _c, a, i: local_shell_call(i, a)
        )

    @property
    def name(self) -> str:  # type: ignore[override]
        return "local_shell"

    def responses_tool(self, model: str | None) -> dict[str, Any]:
        return {"type": "local_shell"}

    def _function_form(self) -> LocalToolFunctionForm:
        executor = self.executor

        async def invoke(ctx: ToolContext[Any], raw: str) -> str:
            call = local_shell_call(ctx.tool_call_id, json.loads(raw or "{}"))
            return str(await maybe_await(executor(LocalShellCommandRequest(ctx, call))))

        description = "Run one command (as an argv list) on the user's machine."
        return LocalToolFunctionForm(description, _LOCAL_SHELL_SCHEMA, invoke)


def local_shell_call(call_id: str, args: dict[str, Any]) -> LocalShellCall:
    """A function call's arguments as the Responses API's local_shell_call item."""
    return LocalShellCall(
        id=f"lsh_{call_id}",
        call_id=call_id,
        status="in_progress",
        type="local_shell_call",
        action=LocalShellCallAction(
            type="exec",
            command=[str(c) for c in args.get("command") or []],
            env={},
            working_directory=args.get("working_directory"),
            timeout_ms=args.get("timeout_ms"),
        ),
    )
