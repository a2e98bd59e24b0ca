"""Ready-made handoff input filters."""

from __future__ import annotations

from agents.handoffs import HandoffInputData
from agents.items import HandoffCallItem
from agents.items import HandoffOutputItem
from agents.items import RunItem
from agents.items import ToolCallItem
from agents.items import ToolCallOutputItem
from agents.items import TResponseInputItem

_TOOL_ITEM_TYPES = frozenset(
    {
        "function_call",
        "function_call_output",
        "computer_call",
        "computer_call_output",
        "file_search_call",
        "web_search_call",
    }
)


def remove_all_tools(handoff_input_data: HandoffInputData) -> HandoffInputData:
    """The history without any tool calls or tool results, for an agent that needs only
    the conversation itself."""
    history = handoff_input_data.input_history
    filtered_history = history if isinstance(history, str) else tuple(_without_tool_inputs(history))
    return HandoffInputData(
        input_history=filtered_history,
        pre_handoff_items=tuple(_without_tool_items(handoff_input_data.pre_handoff_items)),
        new_items=tuple(_without_tool_items(handoff_input_data.new_items)),
    )


def _without_tool_items(items: tuple[RunItem, ...]) -> list[RunItem]:
    tool_types = (HandoffCallItem, HandoffOutputItem, ToolCallItem, ToolCallOutputItem)
    return [item for item in items if not isinstance(item, tool_types)]


def _without_tool_inputs(items: tuple[TResponseInputItem, ...]) -> list[TResponseInputItem]:
    return [item for item in items if item.get("type") not in _TOOL_ITEM_TYPES]
