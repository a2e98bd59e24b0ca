"""What the local tools' `custom_data_extractor` callbacks read (apply_patch, computer, custom).

As for function tools (`FunctionToolCustomDataContext`), the extractor runs once the call was
answered, and what it returns is kept on the call's `ToolCallOutputItem.custom_data` for the
application, never sent to the model. A local tool runs in one of two forms (its function form
on chat routes, the Responses API's built-in item on OpenAI's Responses route); the contexts
below read the same in both, so one extractor serves every provider.
"""

from __future__ import annotations

from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal
from typing import TypeAlias

from openai.types.responses import ResponseComputerToolCall

from agents._local_tool_table import local_tool_names
from agents.editor import ApplyPatchOperation
from agents.run_context import RunContextWrapper
from agents.tool_context import ToolContext

if TYPE_CHECKING:
    from agents._local_tools.computer_use import ComputerTool
    from agents._local_tools.editing import ApplyPatchTool
    from agents._local_tools.editing import CustomTool

__all__ = local_tool_names(__name__)

_Answer: TypeAlias = "Mapping[str, Any] | Awaitable[Mapping[str, Any] | None] | None"


@dataclass(frozen=True)
class CustomToolCustomDataContext:
    """What a CustomTool's `custom_data_extractor` reads, once the call was answered."""

    tool_context: ToolContext[Any]
    """The call's context (tool name, call id, the run's context)."""

    tool: CustomTool
    """The tool that ran."""

    input: str
    """The free-form text the model sent."""

    output: str
    """The text the model reads back."""

    raw_item: Mapping[str, Any]
    """The output item the model will read (a copy)."""


@dataclass(frozen=True)
class ComputerToolCustomDataContext:
    """What a ComputerTool's `custom_data_extractor` reads, once the call was answered."""

    run_context: RunContextWrapper[Any]
    """The run's context."""

    tool: ComputerTool[Any]
    """The tool that ran."""

    tool_call: ResponseComputerToolCall
    """The model's computer call (on chat routes: the function call's action, as one)."""

    output: str
    """The screenshot the model gets back, as a data URL (or the error it reads)."""

    raw_item: Any
    """The output item the model will read (a copy)."""


@dataclass(frozen=True)
class ApplyPatchToolCustomDataContext:
    """What an ApplyPatchTool's `custom_data_extractor` reads, once the call was answered."""

    run_context: RunContextWrapper[Any]
    """The run's context."""

    tool: ApplyPatchTool
    """The tool that ran."""

    operations: list[ApplyPatchOperation]
    """The file operations the model asked for."""

    output: str
    """The text the model reads back."""

    status: Literal["completed", "failed"]
    """Whether the patch applied."""

    raw_item: Mapping[str, Any]
    """The output item the model will read (a copy)."""


CustomToolCustomDataExtractor: TypeAlias = Callable[[CustomToolCustomDataContext], _Answer]
"""Returns JSON data with string keys (or None), sync or async; kept on the output item."""

ComputerToolCustomDataExtractor: TypeAlias = Callable[[ComputerToolCustomDataContext], _Answer]
"""Returns JSON data with string keys (or None), sync or async; kept on the output item."""

ApplyPatchToolCustomDataExtractor: TypeAlias = Callable[[ApplyPatchToolCustomDataContext], _Answer]
"""Returns JSON data with string keys (or None), sync or async; kept on the output item."""


def computer_call(call_id: str, action: Mapping[str, Any]) -> ResponseComputerToolCall:
    """A function-form computer action as the Responses API's computer call, so extractors
    read one type on every route (an action the API's types do not know is kept as given)."""
    fields: dict[str, Any] = {
        "id": call_id,
        "call_id": call_id,
        "action": dict(action),
        "pending_safety_checks": [],
        "status": "completed",
        "type": "computer_call",
    }
    try:
        return ResponseComputerToolCall.model_validate(fields)
    except ValueError:
        return ResponseComputerToolCall.model_construct(**fields)
