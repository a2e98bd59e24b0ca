"""The computer a `ComputerTool` drives: implement `Computer` (or `AsyncComputer`) for a
browser, a VM or a desktop, and the model's clicks and keystrokes are run on it."""

from __future__ import annotations

import abc
from typing import Literal

__all__ = ["AsyncComputer", "Button", "Computer", "Environment"]

Environment = Literal["mac", "windows", "ubuntu", "browser"]
Button = Literal["left", "right", "wheel", "back", "forward"]


class _Screen:
    """What both kinds of computer tell the model about their screen (None: not said)."""

    @property
    def environment(self) -> Environment | None:
        """The operating system or browser the model should assume."""
        return None

    @property
    def dimensions(self) -> tuple[int, int] | None:
        """(width, height) of the screen in pixels."""
        return None


class Computer(_Screen, abc.ABC):
    """A computer driven synchronously (each action runs in a worker thread)."""

    @abc.abstractmethod
    def screenshot(self) -> str:
        """A screenshot of the screen, base64-encoded PNG."""

    @abc.abstractmethod
    def click(self, x: int, y: int, button: Button) -> None:
        """Click `button` at (x, y)."""

    @abc.abstractmethod
    def double_click(self, x: int, y: int) -> None:
        """Double-click at (x, y)."""

    @abc.abstractmethod
    def scroll(self, x: int, y: int, scroll_x: int, scroll_y: int) -> None:
        """Scroll by (scroll_x, scroll_y) with the pointer at (x, y)."""

    @abc.abstractmethod
    def type(self, text: str) -> None:
        """Type `text`."""

    @abc.abstractmethod
    def wait(self) -> None:
        """Wait a moment (for a page to load, say)."""

    @abc.abstractmethod
    def move(self, x: int, y: int) -> None:
        """Move the pointer to (x, y)."""

    @abc.abstractmethod
    def keypress(self, keys: list[str]) -> None:
        """Press these keys together."""

    @abc.abstractmethod
    def drag(self, path: list[tuple[int, int]]) -> None:
        """Drag the pointer along `path`."""


class AsyncComputer(_Screen, abc.ABC):
    """A computer driven with async methods."""

    @abc.abstractmethod
    async def screenshot(self) -> str:
        """A screenshot of the screen, base64-encoded PNG."""

    @abc.abstractmethod
    async def click(self, x: int, y: int, button: Button) -> None:
        """Click `button` at (x, y)."""

    @abc.abstractmethod
    async def double_click(self, x: int, y: int) -> None:
        """Double-click at (x, y)."""

    @abc.abstractmethod
    async def scroll(self, x: int, y: int, scroll_x: int, scroll_y: int) -> None:
        """Scroll by (scroll_x, scroll_y) with the pointer at (x, y)."""

    @abc.abstractmethod
    async def type(self, text: str) -> None:
        """Type `text`."""

    @abc.abstractmethod
    async def wait(self) -> None:
        """Wait a moment (for a page to load, say)."""

    @abc.abstractmethod
    async def move(self, x: int, y: int) -> None:
        """Move the pointer to (x, y)."""

    @abc.abstractmethod
    async def keypress(self, keys: list[str]) -> None:
        """Press these keys together."""

    @abc.abstractmethod
    async def drag(self, path: list[tuple[int, int]]) -> None:
        """Drag the pointer along `path`."""
