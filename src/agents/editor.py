"""The editor an `ApplyPatchTool` writes through: it creates, updates and deletes files as the
model's patch operations ask (`agents.apply_diff` applies a V4A diff to a file's text)."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any
from typing import Literal
from typing import Protocol
from typing import runtime_checkable

from agents.run_context import RunContextWrapper

__all__ = ["ApplyPatchEditor", "ApplyPatchOperation", "ApplyPatchOperationType", "ApplyPatchResult"]

ApplyPatchOperationType = Literal["create_file", "update_file", "delete_file"]


@dataclass(slots=True)
class ApplyPatchOperation:
    """One file operation of a patch."""

    type: ApplyPatchOperationType
    path: str
    """The file, relative to the editor's root."""

    diff: str | None = None
    """The V4A diff: for create_file, the file's lines each prefixed with '+'."""

    ctx_wrapper: RunContextWrapper[Any] | None = None
    """The run's context."""

    move_to: str | None = None
    """For update_file: the path the file is renamed to."""


@dataclass(slots=True)
class ApplyPatchResult:
    """What an operation did, for the model."""

    status: Literal["completed", "failed"] | None = None
    output: str | None = None


@runtime_checkable
class ApplyPatchEditor(Protocol):
    """Applies patch operations; methods may be sync or async."""

    def create_file(
        self, operation: ApplyPatchOperation
    ) -> ApplyPatchResult | str | Awaitable[ApplyPatchResult | str | None] | None: ...

    def update_file(
        self, operation: ApplyPatchOperation
    ) -> ApplyPatchResult | str | Awaitable[ApplyPatchResult | str | None] | None: ...

    def delete_file(
        self, operation: ApplyPatchOperation
    ) -> ApplyPatchResult | str | Awaitable[ApplyPatchResult | str | None] | None: ...
