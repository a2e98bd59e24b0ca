"""ApplyPatchTool and CustomTool, as function tools on every provider.

ApplyPatchTool: the model sends one file operation per call (create, update with a V4A diff,
delete) and your `ApplyPatchEditor` applies it; `agents.apply_diff` does the diff part.
`LocalFileEditor` is a ready editor confined to one directory. CustomTool: the model sends
free-form text that your function reads.
"""

from __future__ import annotations

import json
import os
import pathlib
from collections.abc import Awaitable
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from agents._local_tool_table import local_tool_names
from agents._local_tools.approval import approval_policy
from agents._local_tools.custom_data import ApplyPatchToolCustomDataContext
from agents._local_tools.custom_data import ApplyPatchToolCustomDataExtractor
from agents._local_tools.custom_data import CustomToolCustomDataContext
from agents._local_tools.custom_data import CustomToolCustomDataExtractor
from agents._tool_callers import check_allowed_callers
from agents._tool_origin import ToolCaller
from agents.apply_diff import apply_diff
from agents.editor import ApplyPatchEditor
from agents.editor import ApplyPatchOperation
from agents.editor import ApplyPatchResult
from agents.exceptions import UserError
from agents.tool import FunctionToolCustomDataContext
from agents.tool import LocalTool
from agents.tool import LocalToolFunctionForm
from agents.tool_context import ToolContext
from agents.util._await import maybe_await

__all__ = local_tool_names(__name__)

_PATCH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": {"type": "string", "enum": ["create_file", "update_file", "delete_file"]},
        "path": {"type": "string", "description": "The file, relative to the project root."},
        "diff": {
            "type": ["string", "null"],
            "description": (
                "create_file: the file's lines, each prefixed with '+'. update_file: a V4A "
                "diff: hunks opening with '@@' (optionally followed by a line to find first), "
                "then lines prefixed with ' ' (context), '-' (remove) or '+' (add). "
                "delete_file: null."
            ),
        },
    },
    "required": ["type", "path", "diff"],
    "additionalProperties": False,
}


@dataclass
class ApplyPatchTool(LocalTool):
    """Lets the model create, edit and delete files through `editor`."""

    editor: ApplyPatchEditor
    name: str = "apply_patch"
    needs_approval: Any = False
    on_approval: Any = None
    custom_data_extractor: ApplyPatchToolCustomDataExtractor | None = field(
        default=None, kw_only=True
    )
    """Data to keep on each call's output item (`ToolCallOutputItem.custom_data`), for the
    application, never for the model."""
    allowed_callers: list[ToolCaller] | None = field(default=None, kw_only=True)
    """Who may call the tool on OpenAI's Responses API (sent in its declaration); None: the
    API's default. It must include "direct" (see agents._tool_callers)."""

    def __post_init__(self) -> None:
        self.allowed_callers = check_allowed_callers(self.allowed_callers, self.name)
        for method in ("create_file", "update_file", "delete_file"):
            if not callable(getattr(self.editor, method, None)):
                raise UserError(f"ApplyPatchTool's editor must have a {method}() method")
        self._needs_approval = approval_policy(
            "ApplyPatchTool", self.needs_approval, self.on_approval, _operation
        )

    @property
    def type(self) -> str:
        return "apply_patch"

    def responses_tool(self, model: str | None) -> dict[str, Any]:
        declared: dict[str, Any] = {"type": "apply_patch"}
        if self.allowed_callers is not None:
            declared["allowed_callers"] = list(self.allowed_callers)
        return declared

    def _function_form(self) -> LocalToolFunctionForm:
        editor = self.editor

        async def invoke(ctx: ToolContext[Any], raw: str) -> str:
            args = json.loads(raw or "{}")
            kind = args.get("type")
            if kind not in ("create_file", "update_file", "delete_file"):
                return f"Error: unknown operation type {kind!r}"
            operation = ApplyPatchOperation(
                type=kind,
                path=str(args.get("path", "")),
                diff=args.get("diff"),
                ctx_wrapper=ctx,
            )
            try:
                result = await maybe_await(getattr(editor, kind)(operation))
            except Exception as exc:  # the model sees why and can send a better patch
                object.__setattr__(ctx, "_patch_status", "failed")
                return f"Error: {kind} {operation.path} failed: {exc}"
            if isinstance(result, ApplyPatchResult):
                if result.status == "failed":
                    object.__setattr__(ctx, "_patch_status", "failed")
                return result.output or (result.status or "completed")
            return "completed" if result is None else str(result)

        description = "Create, update (with a V4A diff) or delete one file."
        return LocalToolFunctionForm(description, _PATCH_SCHEMA, invoke)

    def _custom_data(
        self, data: FunctionToolCustomDataContext, args: dict[str, Any]
    ) -> ApplyPatchToolCustomDataContext:
        """The function form's call as the extractor reads it on every route."""
        failed = getattr(data.tool_context, "_patch_status", None) == "failed"
        return ApplyPatchToolCustomDataContext(
            run_context=data.tool_context,
            tool=self,
            operations=[_operation(data.tool_context, args, data.tool_context.tool_call_id)],
            output=str(data.output),
            status="failed" if failed or args.get("type") not in _KINDS else "completed",
            raw_item=data.raw_item,
        )


_KINDS = ("create_file", "update_file", "delete_file")

_CUSTOM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"input": {"type": "string", "description": "The input."}},
    "required": ["input"],
    "additionalProperties": False,
}


def _operation(ctx: Any, args: dict[str, Any], _call_id: str = "") -> ApplyPatchOperation:
    """The patch a call asks for, as the approval policy sees it."""
    return ApplyPatchOperation(
        type=args.get("type"),  # type: ignore[arg-type]
        path=str(args.get("path", "")),
        diff=args.get("diff"),
        ctx_wrapper=ctx,
    )


class LocalFileEditor:
    """An ApplyPatchEditor writing under `root`; paths that leave it are refused."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = pathlib.Path(root).resolve()

    def _path(self, operation: ApplyPatchOperation) -> pathlib.Path:
        target = (self.root / operation.path).resolve()
        if target != self.root and self.root not in target.parents:
            raise UserError(f"path {operation.path!r} is outside {self.root}")
        return target

    def create_file(self, operation: ApplyPatchOperation) -> ApplyPatchResult:
        target = self._path(operation)
        target.parent.mkdir(parents=True, exist_ok=True)
        content = apply_diff("", operation.diff or "", mode="create")
        target.write_text(content + ("\n" if content and not content.endswith("\n") else ""))
        return ApplyPatchResult(status="completed", output=f"Created {operation.path}")

    def update_file(self, operation: ApplyPatchOperation) -> ApplyPatchResult:
        target = self._path(operation)
        target.write_text(apply_diff(target.read_text(), operation.diff or ""))
        if operation.move_to:
            target.rename(self._path(ApplyPatchOperation("update_file", operation.move_to)))
        return ApplyPatchResult(status="completed", output=f"Updated {operation.path}")

    def delete_file(self, operation: ApplyPatchOperation) -> ApplyPatchResult:
        self._path(operation).unlink()
        return ApplyPatchResult(status="completed", output=f"Deleted {operation.path}")


CustomToolExecutor = Callable[[ToolContext[Any], str], "Any | Awaitable[Any]"]


@dataclass
class CustomTool(LocalTool):
    """A tool whose input is free-form text (not JSON arguments)."""

    name: str
    description: str
    on_invoke_tool: CustomToolExecutor
    format: object | None = None
    needs_approval: Any = False
    on_approval: Any = None
    defer_loading: bool = False
    custom_data_extractor: CustomToolCustomDataExtractor | None = field(default=None, kw_only=True)
    """Data to keep on each call's output item (`ToolCallOutputItem.custom_data`), for the
    application, never for the model."""
    allowed_callers: list[ToolCaller] | None = field(default=None, kw_only=True)
    """Who may call the tool on OpenAI's Responses API (sent in its declaration); None: the
    API's default. It must include "direct" (see agents._tool_callers)."""
    tool_config: dict[str, Any] = field(init=False, repr=False)
    """The Responses API declaration (`{"type": "custom", "name", "description", ...}`)."""

    def __post_init__(self) -> None:
        config: dict[str, Any] = {
            "type": "custom",
            "name": self.name,
            "description": self.description,
        }
        if self.format is not None:
            config["format"] = self.format
        if self.defer_loading:
            config["defer_loading"] = True
        self.allowed_callers = check_allowed_callers(self.allowed_callers, self.name)
        if self.allowed_callers is not None:
            config["allowed_callers"] = list(self.allowed_callers)
        self.tool_config = config
        self._needs_approval = approval_policy(
            "CustomTool",
            self.needs_approval,
            self.on_approval,
            lambda _ctx, args, _id: str(args.get("input", "")),
        )

    @property
    def type(self) -> str:
        return "custom"

    def responses_tool(self, model: str | None) -> dict[str, Any]:
        return dict(self.tool_config)

    def _function_form(self) -> LocalToolFunctionForm:
        run = self.on_invoke_tool
        hint = f" Input format: {json.dumps(self.format)}" if self.format else ""

        async def invoke(ctx: ToolContext[Any], raw: str) -> Any:
            text = json.loads(raw or "{}").get("input", "")
            return await maybe_await(run(ctx, str(text)))

        return LocalToolFunctionForm(self.description + hint, _CUSTOM_SCHEMA, invoke)

    def _custom_data(
        self, data: FunctionToolCustomDataContext, args: dict[str, Any]
    ) -> CustomToolCustomDataContext:
        """The function form's call as the extractor reads it on every route."""
        return CustomToolCustomDataContext(
            tool_context=data.tool_context,
            tool=self,
            input=str(args.get("input", "")),
            output=data.output if isinstance(data.output, str) else str(data.output),
            raw_item=data.raw_item,
        )
