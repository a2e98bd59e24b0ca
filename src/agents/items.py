"""Run items: what a run produced, in the public Responses-API shape.

The conversation is kept as Responses-API input items (the `openai` package's own types), so a
user can pass `result.to_input_list()` back in as the next input whatever the provider. Wire
adapters translate to and from their own protocol at the edge.
"""

from __future__ import annotations

import abc
import json
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Generic
from typing import Literal
from typing import Protocol
from typing import TypeVar
from typing import cast
from uuid import uuid4

from openai.types.responses import Response
from openai.types.responses import ResponseFunctionToolCall
from openai.types.responses import ResponseInputItemParam
from openai.types.responses import ResponseOutputItem
from openai.types.responses import ResponseOutputMessage
from openai.types.responses import ResponseOutputRefusal
from openai.types.responses import ResponseOutputText
from openai.types.responses import ResponseReasoningItem
from openai.types.responses import ResponseStreamEvent
from openai.types.responses.response_input_item_param import FunctionCallOutput
from openai.types.responses.response_input_item_param import McpApprovalResponse
from openai.types.responses.response_output_item import McpApprovalRequest
from openai.types.responses.response_output_item import McpListTools
from pydantic import BaseModel

from agents._tool_origin import ToolOrigin
from agents.exceptions import AgentsException
from agents.exceptions import ModelBehaviorError
from agents.usage import Usage


class AgentRef(Protocol):
    """An agent as the types below `agents.agent` know it: by its name.

    Items, run error details and the like are core types and import nothing above them, so
    they cannot name `Agent`; every `Agent` is an `AgentRef`, and what they hold is always an
    `Agent` at run time (`isinstance(item.agent, Agent)` narrows it for a type checker).
    """

    @property
    def name(self) -> str: ...


FAKE_RESPONSES_ID = "__fake_id__"
"""The id given to items whose provider has no id for them (Chat Completions messages)."""

TResponse = Response
TResponseInputItem = ResponseInputItemParam
TResponseOutputItem = ResponseOutputItem
TResponseStreamEvent = ResponseStreamEvent

T = TypeVar("T", bound="TResponseOutputItem | TResponseInputItem")


@dataclass
class RunItemBase(Generic[T], abc.ABC):
    agent: AgentRef
    """The agent whose turn produced this item."""

    raw_item: T
    """The item in Responses-API shape."""

    def to_input_item(self) -> TResponseInputItem:
        """This item as an input item for the next request."""
        if isinstance(self.raw_item, dict):
            return cast(TResponseInputItem, self.raw_item)
        if isinstance(self.raw_item, BaseModel):
            payload = self.raw_item.model_dump(exclude_unset=True, mode="json")
            payload.pop("created_by", None)  # output-only (shell, apply_patch calls): refused
            return cast(TResponseInputItem, payload)
        raise ModelBehaviorError(f"Cannot convert {type(self.raw_item).__name__} to an input item")


@dataclass
class InputItem(RunItemBase[Any]):
    """Input a person added to a paused run (`RunState.add_input`), recorded where it joined
    the conversation: just before the resumed run's next model call."""

    raw_item: TResponseInputItem

    type: Literal["input_item"] = "input_item"

    input_id: str = field(default_factory=lambda: uuid4().hex)
    """Names this occurrence, so a run that records it twice can tell."""


@dataclass
class MessageOutputItem(RunItemBase[ResponseOutputMessage]):
    """A message from the model."""

    type: Literal["message_output_item"] = "message_output_item"


@dataclass
class ToolSearchCallItem(RunItemBase[Any]):
    """The model searched its deferred tools (`ToolSearchTool`, OpenAI's Responses API): the
    raw item is a `tool_search_call`, sent back as it came."""

    type: Literal["tool_search_call_item"] = "tool_search_call_item"

    def to_input_item(self) -> TResponseInputItem:
        return _replayable(self.raw_item)


@dataclass
class ToolSearchOutputItem(RunItemBase[Any]):
    """What a tool search found: a `tool_search_output` with the tools it loaded."""

    type: Literal["tool_search_output_item"] = "tool_search_output_item"

    def to_input_item(self) -> TResponseInputItem:
        return _replayable(self.raw_item)


@dataclass
class CompactionItem(RunItemBase[Any]):
    """A `compaction` item from OpenAI's Responses API (server-side context compaction): the
    earlier conversation in encrypted form, sent back as it came (without `created_by`)."""

    type: Literal["compaction_item"] = "compaction_item"

    def to_input_item(self) -> TResponseInputItem:
        return _replayable(self.raw_item)


def _replayable(raw: Any) -> TResponseInputItem:
    """A server-made item as input: without the fields only responses carry."""
    data = dict(raw) if isinstance(raw, Mapping) else raw.model_dump(exclude_none=True, mode="json")
    data.pop("created_by", None)
    return cast(TResponseInputItem, data)


@dataclass
class ToolCallItem(RunItemBase[Any]):
    """A call the model made to a tool."""

    type: Literal["tool_call_item"] = "tool_call_item"

    description: str | None = None
    """The called function tool's description, when the run knows the tool."""

    title: str | None = None
    """A short display name for the call: an MCP tool's `title`, when its server gave one."""

    tool_origin: ToolOrigin | None = None
    """For a function tool's call: a plain function, an MCP server's tool or an agent."""


@dataclass
class ToolCallOutputItem(RunItemBase[Any]):
    """The result of a tool call, as sent back to the model."""

    output: Any = None
    """The value the tool returned, before it was turned into a string for the model."""

    type: Literal["tool_call_output_item"] = "tool_call_output_item"

    tool_origin: ToolOrigin | None = None
    """For a function tool's output: a plain function, an MCP server's tool or an agent."""

    custom_data: dict[str, Any] | None = None
    """SDK-side data kept with the output (an MCP server's custom_data_extractor); never
    sent to the model."""


@dataclass
class ReasoningItem(RunItemBase[ResponseReasoningItem]):
    """Reasoning the model showed (from any provider's reasoning field)."""

    type: Literal["reasoning_item"] = "reasoning_item"


@dataclass
class HandoffCallItem(RunItemBase[ResponseFunctionToolCall]):
    """The model asked to hand the conversation to another agent."""

    type: Literal["handoff_call_item"] = "handoff_call_item"


@dataclass
class HandoffOutputItem(RunItemBase[Any]):
    """The result of a handoff."""

    source_agent: AgentRef | None = None
    target_agent: AgentRef | None = None
    type: Literal["handoff_output_item"] = "handoff_output_item"


FunctionToolLookupKey = (
    tuple[Literal["bare"], str]
    | tuple[Literal["namespaced"], str, str]
    | tuple[Literal["deferred_top_level"], str]
)
"""How the reference names a function tool for approvals: bare, or within its namespace."""


@dataclass(eq=False)
class ToolApprovalItem(RunItemBase[Any]):
    """A tool call waiting for a person's yes or no (see RunState.approve / reject).

    It stands for the call in `result.interruptions` and in the run's items, but is never sent
    to a model: the call itself is already there as a ToolCallItem. Equality is identity, so
    two pauses on equal calls stay two decisions.
    """

    tool_name: str | None = None
    """The tool's name (taken from the call when not given)."""

    type: Literal["tool_approval_item"] = "tool_approval_item"

    tool_namespace: str | None = None
    """The Responses API namespace of the tool, when it has one."""

    tool_origin: ToolOrigin | None = None
    """For a function tool's call: a plain function, an MCP server's tool or an agent."""

    tool_lookup_key: FunctionToolLookupKey | None = field(default=None, kw_only=True, repr=False)
    """For a function tool's call: `("bare", name)`, or `("namespaced", namespace, name)`
    for a tool of a `tool_namespace()` group (the reference's key for the tool)."""

    def __post_init__(self) -> None:
        if self.tool_name is None:
            self.tool_name = _raw_field(self.raw_item, "name")
        if self.tool_namespace is None:
            self.tool_namespace = _raw_field(self.raw_item, "namespace")
        if (
            self.tool_lookup_key is None
            and self.tool_name
            and _raw_field(self.raw_item, "type") == "function_call"
        ):
            namespace = self.tool_namespace
            self.tool_lookup_key = (
                ("namespaced", namespace, self.tool_name)
                if namespace and namespace != self.tool_name
                else ("bare", self.tool_name)
            )

    @property
    def name(self) -> str | None:
        """The tool's name."""
        name: str | None = self.tool_name or _raw_field(self.raw_item, "tool_name")
        return name

    @property
    def arguments(self) -> str | None:
        """The call's arguments as the model sent them (JSON text), when it has any."""
        for key in ("arguments", "params", "input"):
            value = _raw_field(self.raw_item, key, str | dict | list)
            if value is not None:
                return value if isinstance(value, str) else json.dumps(value)
        return None

    @property
    def call_id(self) -> str | None:
        """The id the model gave the call."""
        found: str | None = _raw_field(self.raw_item, "call_id") or _raw_field(self.raw_item, "id")
        return found

    def to_input_item(self) -> TResponseInputItem:
        raise AgentsException(
            "A ToolApprovalItem is not conversation input: the call it stands for is already "
            "in the run's items. Use result.to_input_list(), which leaves approvals out."
        )


def _raw_field(raw: Any, key: str, kind: Any = str) -> Any:
    value = raw.get(key) if isinstance(raw, dict) else getattr(raw, key, None)
    return value if isinstance(value, kind) else None


@dataclass
class MCPListToolsItem(RunItemBase[McpListTools]):
    """A hosted MCP server listed its tools (OpenAI's Responses API, HostedMCPTool)."""

    type: Literal["mcp_list_tools_item"] = "mcp_list_tools_item"


@dataclass
class MCPApprovalRequestItem(RunItemBase[McpApprovalRequest]):
    """A hosted MCP server asks whether it may call one of its tools."""

    type: Literal["mcp_approval_request_item"] = "mcp_approval_request_item"


@dataclass
class MCPApprovalResponseItem(RunItemBase[McpApprovalResponse]):
    """The answer to an MCPApprovalRequestItem, sent back to the hosted server."""

    type: Literal["mcp_approval_response_item"] = "mcp_approval_response_item"


RunItem = (
    InputItem
    | MessageOutputItem
    | ToolSearchCallItem
    | ToolSearchOutputItem
    | ToolCallItem
    | ToolCallOutputItem
    | ReasoningItem
    | HandoffCallItem
    | HandoffOutputItem
    | ToolApprovalItem
    | MCPListToolsItem
    | MCPApprovalRequestItem
    | MCPApprovalResponseItem
    | CompactionItem
)


def items_to_input(items: Iterable[RunItem]) -> list[TResponseInputItem]:
    """The conversation items of `items` as model input (approval placeholders left out)."""
    return [item.to_input_item() for item in items if not isinstance(item, ToolApprovalItem)]


@dataclass
class ModelResponse:
    """One model call's result, already in Responses-API shape."""

    output: list[TResponseOutputItem]
    """The items the model produced."""

    usage: Usage
    """Tokens used by this call."""

    response_id: str | None = None
    """The provider's id for the response, where it has one that can be referred back to."""

    request_id: str | None = None
    """The provider's id for the HTTP request (its `x-request-id` header), where it sent one:
    what its support asks for."""

    raw_usage: dict[str, Any] | None = None
    """The provider's usage object as it arrived, as JSON data, when
    `ModelSettings.preserve_raw_usage` is True and the route still has it; None otherwise."""

    def to_input_items(self) -> list[TResponseInputItem]:
        """The output as input items to send back; `created_by` (server-assigned, output-only
        metadata on tool-search, shell and other items) is dropped, as the API refuses it."""
        return [
            cast(
                TResponseInputItem,
                without_created_by(item.model_dump(exclude_unset=True, mode="json")),
            )
            for item in self.output
        ]


def without_created_by(payload: dict[str, Any]) -> dict[str, Any]:
    """`payload` without `created_by` (output-only metadata the API refuses as input), on the
    item and on each chunk of its `output` list; changed in place and returned."""
    payload.pop("created_by", None)
    chunks = payload.get("output")
    if isinstance(chunks, list):
        payload["output"] = [
            {k: v for k, v in c.items() if k != "created_by"} if isinstance(c, dict) else c
            for c in chunks
        ]
    return payload


_ATOMS = frozenset({str, int, float, bool, type(None)})
"""Exact types that are copied as they are; checked by identity because the ABC checks
below cost more than the copy, and a long history runs through here every turn."""


def _plain(value: Any) -> Any:
    """`value` with every mapping copied and every other iterable (pydantic's lazy
    `ValidatorIterator` for `Iterable[...]` fields, generators, tuples) made a list, so the
    items can be stored, sent and iterated more than once."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is dict:
        return {k: v if type(v) in _ATOMS else _plain(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _ATOMS else _plain(v) for v in value]
    if isinstance(value, Mapping):
        return {key: _plain(inner) for key, inner in value.items()}
    if isinstance(value, str | bytes | bytearray) or not isinstance(value, Iterable):
        return value
    return [_plain(inner) for inner in value]


class ItemHelpers:
    @classmethod
    def extract_last_content(cls, message: TResponseOutputItem) -> str:
        """The last text or refusal of a message, or "" for anything else."""
        if not isinstance(message, ResponseOutputMessage) or not message.content:
            return ""
        last = message.content[-1]
        if isinstance(last, ResponseOutputText):
            return last.text
        if isinstance(last, ResponseOutputRefusal):
            return last.refusal
        return ""

    @classmethod
    def extract_last_text(cls, message: TResponseOutputItem) -> str | None:
        if not isinstance(message, ResponseOutputMessage) or not message.content:
            return None
        last = message.content[-1]
        return last.text if isinstance(last, ResponseOutputText) else None

    @classmethod
    def input_to_new_input_list(
        cls, input: str | list[TResponseInputItem]
    ) -> list[TResponseInputItem]:
        """A string becomes one user message; a list is copied so the caller's is untouched."""
        if isinstance(input, str):
            return [{"role": "user", "content": input}]
        return [cast(TResponseInputItem, _plain(item)) for item in input]

    @classmethod
    def text_message_outputs(cls, items: Iterable[RunItem]) -> str:
        """All the text of the message items, concatenated."""
        return "".join(
            cls.text_message_output(item) for item in items if isinstance(item, MessageOutputItem)
        )

    @classmethod
    def text_message_output(cls, message: MessageOutputItem) -> str:
        return "".join(
            part.text for part in message.raw_item.content if isinstance(part, ResponseOutputText)
        )

    @classmethod
    def tool_call_output_item(
        cls, tool_call: ResponseFunctionToolCall, output: str
    ) -> FunctionCallOutput:
        return {"call_id": tool_call.call_id, "output": output, "type": "function_call_output"}
