"""A `call_model_input_filter` that shortens large tool outputs of older turns.

Tool outputs (search results, file contents, logs) stay in the conversation long after the
model used them, and cost tokens on every later call. `ToolOutputTrimmer` keeps the last
`recent_turns` user turns whole and replaces older outputs longer than `max_output_chars` with
a note and a preview, so the model still knows what the tool said, roughly:

    RunConfig(call_model_input_filter=ToolOutputTrimmer(recent_turns=2, max_output_chars=500))
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import cast

from agents.model_input import CallModelData
from agents.model_input import ModelInputData

__all__ = ["ToolOutputTrimmer"]

logger = logging.getLogger("openai.agents")


@dataclass
class ToolOutputTrimmer:
    """Trims old tool outputs before each model call; the run's own items are not changed."""

    recent_turns: int = 2
    """User turns, counted from the end, whose items are never trimmed."""

    max_output_chars: int = 500
    """Outputs longer than this (in characters of text) are trimmed."""

    preview_chars: int = 200
    """How much of a trimmed output is kept as a preview."""

    trimmable_tools: str | Iterable[str] | None = field(default=None)
    """Only these tools' outputs are trimmed; None: every tool's."""

    def __post_init__(self) -> None:
        if self.recent_turns < 1:
            raise ValueError(f"recent_turns must be >= 1, got {self.recent_turns}")
        if self.max_output_chars < 1:
            raise ValueError(f"max_output_chars must be >= 1, got {self.max_output_chars}")
        if self.preview_chars < 0:
            raise ValueError(f"preview_chars must be >= 0, got {self.preview_chars}")
        if isinstance(self.trimmable_tools, bytes):
            raise ValueError("trimmable_tools must be a string or an iterable of strings")
        if isinstance(self.trimmable_tools, str):
            self.trimmable_tools = frozenset({self.trimmable_tools})
        elif self.trimmable_tools is not None:
            self.trimmable_tools = frozenset(self.trimmable_tools)

    def __call__(self, data: CallModelData[Any]) -> ModelInputData:
        items = data.model_data.input
        boundary = self._recent_boundary(items)
        if boundary == 0:
            return data.model_data
        names = {
            str(item.get("call_id")): str(item.get("name"))
            for item in items
            if isinstance(item, dict) and item.get("type") == "function_call"
        }
        allowed = cast("frozenset[str] | None", self.trimmable_tools)
        out: list[Any] = []
        trimmed = 0
        for i, item in enumerate(items):
            if (
                i < boundary
                and isinstance(item, dict)
                and item.get("type") == "function_call_output"
            ):
                name = names.get(str(item.get("call_id")), "")
                if allowed is None or name in allowed:
                    shorter = self._trim(cast("dict[str, Any]", item), name or "unknown_tool")
                    if shorter is not None:
                        out.append(shorter)
                        trimmed += 1
                        continue
            out.append(item)
        if trimmed:
            logger.debug("ToolOutputTrimmer: trimmed %d tool output(s)", trimmed)
        return ModelInputData(input=out, instructions=data.model_data.instructions)

    def _recent_boundary(self, items: list[Any]) -> int:
        """Index of the `recent_turns`-th user message from the end (0: nothing is old)."""
        seen = 0
        for i in range(len(items) - 1, -1, -1):
            item = items[i]
            if isinstance(item, dict) and item.get("role") == "user":
                seen += 1
                if seen >= self.recent_turns:
                    return i
        return 0

    def _trim(self, item: dict[str, Any], name: str) -> dict[str, Any] | None:
        output = item.get("output", "")
        if isinstance(output, list):  # structured output: its text parts, images dropped
            text = "".join(str(part.get("text", "")) for part in output if isinstance(part, dict))
        else:
            text = output if isinstance(output, str) else str(output)
        size = len(text) if not isinstance(output, list) else len(str(output))
        if size <= self.max_output_chars:
            return None
        summary = (
            f"[Trimmed: {name} output — {size} chars → {self.preview_chars} char preview]\n"
            f"{text[: self.preview_chars]}..."
        )
        if len(summary) >= size:
            return None
        return {**item, "output": summary}
