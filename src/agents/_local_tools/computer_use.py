"""ComputerTool as a function tool: the model sends one action (click, type, scroll...), your
`Computer` / `AsyncComputer` performs it, and the model gets a screenshot back as an image
tool output, on any provider that accepts images."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Generic
from typing import TypeVar

from agents._local_tool_table import local_tool_names
from agents._local_tools.approval import approval_policy
from agents._local_tools.custom_data import ComputerToolCustomDataContext
from agents._local_tools.custom_data import ComputerToolCustomDataExtractor
from agents._local_tools.custom_data import computer_call
from agents._tool_output_types import ToolOutputImage
from agents._tool_output_types import ToolOutputText
from agents.computer import AsyncComputer
from agents.computer import Computer
from agents.exceptions import UserError
from agents.run_context import RunContextWrapper
from agents.tool import FunctionToolCustomDataContext
from agents.tool import LocalTool
from agents.tool import LocalToolFunctionForm
from agents.tool_context import ToolContext
from agents.util._await import maybe_await

__all__ = local_tool_names(__name__)

ComputerT = TypeVar("ComputerT", bound="Computer | AsyncComputer")


@dataclass
class ComputerProvider(Generic[ComputerT]):
    """Makes a computer for each run (`create`), and cleans it up (`dispose`)."""

    create: Callable[..., Any]
    dispose: Callable[..., Any] | None = None


@dataclass
class ComputerToolSafetyCheckData:
    """What `ComputerTool.on_safety_check` receives for each safety check OpenAI's computer
    tool raised on a call (Responses API): acknowledge it (True) or stop the run (False)."""

    ctx_wrapper: RunContextWrapper[Any]
    agent: Any
    tool_call: Any
    """The computer_call item."""
    safety_check: Any
    """The pending check (`id`, `code`, `message`)."""


_ACTIONS = ["click", "double_click", "scroll", "type", "wait", "move", "keypress", "drag"]
_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "action": {"type": "string", "enum": [*_ACTIONS, "screenshot"]},
        "x": {"type": ["integer", "null"]},
        "y": {"type": ["integer", "null"]},
        "button": {
            "type": ["string", "null"],
            "enum": ["left", "right", "wheel", "back", "forward", None],
        },
        "scroll_x": {"type": ["integer", "null"]},
        "scroll_y": {"type": ["integer", "null"]},
        "text": {"type": ["string", "null"]},
        "keys": {"type": ["array", "null"], "items": {"type": "string"}},
        "path": {
            "type": ["array", "null"],
            "items": {"type": "array", "items": {"type": "integer"}},
            "description": "drag: [[x, y], ...]",
        },
    },
    "required": ["action", "x", "y", "button", "scroll_x", "scroll_y", "text", "keys", "path"],
    "additionalProperties": False,
}

_resolved: dict[int, tuple[Any, Callable[..., Any] | None]] = {}


async def resolve_computer(*, tool: ComputerTool[Any], run_context: RunContextWrapper[Any]) -> Any:
    """The computer for this run: the tool's instance, or one its factory made for the run."""
    given = tool.computer
    if isinstance(given, Computer | AsyncComputer):
        return given
    key = id(run_context)
    if key not in _resolved:
        create = given.create if isinstance(given, ComputerProvider) else given
        dispose = given.dispose if isinstance(given, ComputerProvider) else None
        _resolved[key] = (await maybe_await(create(run_context=run_context)), dispose)
    return _resolved[key][0]


async def dispose_resolved_computers(*, run_context: RunContextWrapper[Any]) -> None:
    """Dispose of the computers made for this run."""
    entry = _resolved.pop(id(run_context), None)
    if entry is not None and entry[1] is not None:
        await maybe_await(entry[1](run_context=run_context, computer=entry[0]))


async def _call(computer: Any, method: str, *args: Any) -> Any:
    bound = getattr(computer, method)
    if isinstance(computer, AsyncComputer):
        return await bound(*args)
    return await asyncio.to_thread(bound, *args)


@dataclass
class ComputerTool(LocalTool, Generic[ComputerT]):
    """Lets the model use a computer (a browser, a VM) through your Computer implementation."""

    computer: Any
    on_safety_check: Callable[[Any], bool | Awaitable[bool]] | None = None
    needs_approval: Any = field(default=False, kw_only=True)
    """Whether a call waits for a person's yes before it runs: a bool, or a function
    (context, the call's actions as dicts such as `{"type": "click", "x": 1, "y": 2}`,
    call id) -> bool deciding per call. (A freeagents addition: the reference's ComputerTool
    has no approvals.)"""
    custom_data_extractor: ComputerToolCustomDataExtractor | None = field(
        default=None, kw_only=True
    )
    """Data to keep on each call's output item (`ToolCallOutputItem.custom_data`), for the
    application, never for the model."""

    def __post_init__(self) -> None:
        if not (
            isinstance(self.computer, Computer | AsyncComputer)
            or callable(self.computer)
            or isinstance(self.computer, ComputerProvider)
        ):
            raise UserError(
                "ComputerTool(computer=...) takes a Computer, an AsyncComputer, a function "
                "making one, or a ComputerProvider"
            )
        self._needs_approval = approval_policy(
            "ComputerTool", self.needs_approval, None, lambda _c, args, _i: [function_action(args)]
        )

    @property
    def name(self) -> str:  # type: ignore[override]
        return "computer_use_preview"

    def responses_tool(self, model: str | None) -> dict[str, Any]:
        """The preview tool (screen size and environment) for computer-use-preview models and
        for prompt-chosen models; `{"type": "computer"}` (GA) for the others, as the reference
        chooses."""
        if model is not None and not model.startswith("computer-use-preview"):
            return {"type": "computer"}
        computer = self.computer
        if not isinstance(computer, Computer | AsyncComputer):
            raise UserError(
                "ComputerTool's computer is not made yet: the run makes it (resolve_computer) "
                "before the request is built; call resolve_computer(tool=..., run_context=...) "
                "first when building a request yourself."
            )
        environment, size = computer.environment, computer.dimensions
        if environment is None or size is None:
            raise UserError(
                "The computer-use-preview tool needs the screen: give your Computer an "
                "`environment` and `dimensions` (width, height)."
            )
        return {
            "type": "computer_use_preview",
            "environment": environment,
            "display_width": size[0],
            "display_height": size[1],
        }

    def _function_form(self) -> LocalToolFunctionForm:
        tool = self

        async def invoke(ctx: ToolContext[Any], raw: str) -> Any:
            args = json.loads(raw or "{}")
            computer = await resolve_computer(tool=tool, run_context=ctx)
            action = args.get("action")
            try:
                await _perform(computer, action, args)
            except (TypeError, ValueError, KeyError) as exc:
                return ToolOutputText(text=f"Error: {action} failed: {exc}")
            shot = await _call(computer, "screenshot")
            return ToolOutputImage(image_url=f"data:image/png;base64,{shot}")

        environment = getattr(self.computer, "environment", None)
        size = getattr(self.computer, "dimensions", None)
        where = f" The screen is {size[0]}x{size[1]}" if size else ""
        description = (
            f"Use the computer ({environment or 'a desktop'}): one action per call; "
            f"each call returns a screenshot.{where}"
        )
        return LocalToolFunctionForm(description, _SCHEMA, invoke)

    def _custom_data(
        self, data: FunctionToolCustomDataContext, args: dict[str, Any]
    ) -> ComputerToolCustomDataContext:
        """The function form's call as the extractor reads it on every route."""
        output = data.output
        return ComputerToolCustomDataContext(
            run_context=data.tool_context,
            tool=self,
            tool_call=computer_call(data.tool_context.tool_call_id, function_action(args)),
            output=(output.image_url or "")
            if isinstance(output, ToolOutputImage)
            else output.text
            if isinstance(output, ToolOutputText)
            else str(output),
            raw_item=data.raw_item,
        )


def function_action(args: dict[str, Any]) -> dict[str, Any]:
    """The function form's arguments as a Responses computer action (`type`, set fields)."""
    action = {"type": args.get("action")}
    action.update((k, v) for k, v in args.items() if k != "action" and v is not None)
    return action


async def _perform(computer: Any, action: Any, a: dict[str, Any]) -> None:
    if action == "screenshot":
        return
    if action == "click":
        await _call(computer, "click", a["x"], a["y"], a.get("button") or "left")
    elif action == "double_click":
        await _call(computer, "double_click", a["x"], a["y"])
    elif action == "scroll":
        await _call(
            computer, "scroll", a["x"], a["y"], a.get("scroll_x") or 0, a.get("scroll_y") or 0
        )
    elif action == "type":
        await _call(computer, "type", a.get("text") or "")
    elif action == "wait":
        await _call(computer, "wait")
    elif action == "move":
        await _call(computer, "move", a["x"], a["y"])
    elif action == "keypress":
        await _call(computer, "keypress", list(a.get("keys") or []))
    elif action == "drag":
        await _call(computer, "drag", [(int(p[0]), int(p[1])) for p in a.get("path") or []])
    else:
        raise ValueError(f"unknown action {action!r}")
