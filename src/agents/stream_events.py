"""Events yielded by `RunResultStreaming.stream_events()`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal
from typing import TypeAlias

from agents.items import RunItem
from agents.items import TResponseStreamEvent

if TYPE_CHECKING:
    from agents.agent import Agent


@dataclass
class RawResponsesStreamEvent:
    """A Responses-API stream event from the model, such as ResponseTextDeltaEvent."""

    data: TResponseStreamEvent
    type: Literal["raw_response_event"] = "raw_response_event"


RunItemEventName: TypeAlias = Literal[
    "message_output_created",
    "handoff_requested",
    "handoff_occured",
    "tool_called",
    "tool_output",
    "reasoning_item_created",
    "mcp_approval_requested",
    "mcp_approval_response",
    "mcp_list_tools",
    "tool_search_called",
    "tool_search_output_created",
]


@dataclass
class RunItemStreamEvent:
    """A run item was created (a message, a tool call or its output, reasoning, a handoff)."""

    name: RunItemEventName
    item: RunItem
    type: Literal["run_item_stream_event"] = "run_item_stream_event"


@dataclass
class AgentUpdatedStreamEvent:
    """The current agent changed (at the start, and on each handoff)."""

    new_agent: Agent[Any]
    type: Literal["agent_updated_stream_event"] = "agent_updated_stream_event"


StreamEvent: TypeAlias = RawResponsesStreamEvent | RunItemStreamEvent | AgentUpdatedStreamEvent
