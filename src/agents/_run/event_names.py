"""The stream event each kind of run item is announced with (`RunItemStreamEvent.name`).

Input items and compaction items are not announced, as in the reference SDK; an approval
item is an interruption read from the result, never a stream event.
"""

from __future__ import annotations

from agents.stream_events import RunItemEventName

__all__ = ["EVENT_NAMES"]

EVENT_NAMES: dict[str, RunItemEventName] = {
    "message_output_item": "message_output_created",
    "tool_call_item": "tool_called",
    "tool_call_output_item": "tool_output",
    "reasoning_item": "reasoning_item_created",
    "handoff_call_item": "handoff_requested",
    "handoff_output_item": "handoff_occured",
    "mcp_list_tools_item": "mcp_list_tools",
    "mcp_approval_request_item": "mcp_approval_requested",
    "mcp_approval_response_item": "mcp_approval_response",
    "tool_search_call_item": "tool_search_called",
    "tool_search_output_item": "tool_search_output_created",
}
