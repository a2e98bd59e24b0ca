"""Local tools that record what the model made them do, for the local-tool tests of every
route (the Responses API's built-in tools and their function form elsewhere)."""

from __future__ import annotations

from typing import Any

from agents import AsyncComputer
from agents import ShellTool

PNG = "iVBORw0KGgo="


class RecordingComputer(AsyncComputer):
    """A computer that records the clicks, typing, drags and screenshots asked of it."""

    def __init__(
        self, dimensions: tuple[int, int] = (1024, 768), environment: Any = "browser"
    ) -> None:
        self.actions: list[tuple[Any, ...]] = []
        self._dimensions = dimensions
        self._environment = environment

    @property
    def environment(self) -> Any:
        return self._environment

    @property
    def dimensions(self) -> tuple[int, int]:
        return self._dimensions

    async def screenshot(self) -> str:
        self.actions.append(("screenshot",))
        return PNG

    async def click(self, x: int, y: int, button: Any) -> None:
        self.actions.append(("click", x, y, button))

    async def double_click(self, x: int, y: int) -> None: ...
    async def scroll(self, x: int, y: int, scroll_x: int, scroll_y: int) -> None: ...

    async def type(self, text: str) -> None:
        self.actions.append(("type", text))

    async def wait(self) -> None: ...
    async def move(self, x: int, y: int) -> None: ...
    async def keypress(self, keys: list[str]) -> None: ...

    async def drag(self, path: list[tuple[int, int]]) -> None:
        self.actions.append(("drag", path))


class GuardedShell:
    """A local shell whose `rm` commands wait for a person: `ran` holds the commands that
    ran, `asked` the (commands, call id) of every action the approval policy was shown."""

    def __init__(self) -> None:
        self.ran: list[list[str]] = []
        self.asked: list[tuple[list[str], str]] = []

    def tool(self) -> ShellTool:
        return ShellTool(executor=self._execute, needs_approval=self._risky)

    def _execute(self, request: Any) -> str:
        self.ran.append(request.data.action.commands)
        return "ok"

    def _risky(self, ctx: Any, action: Any, call_id: str) -> bool:
        self.asked.append((action.commands, call_id))
        return any(c.startswith("rm") for c in action.commands)
