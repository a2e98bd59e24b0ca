"""Translation between the Responses-shaped conversation and Chat Completions messages."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from openai.types.chat import ChatCompletionMessage
from openai.types.responses import (
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputRefusal,
    ResponseOutputText,
    ResponseReasoningItem,
)
from openai.types.responses.response_reasoning_item import Summary

from ..exceptions import UserError
from ..items import TResponseInputItem, TResponseOutputItem
from .fake_id import FAKE_RESPONSES_ID
from .profiles import ModelProfile

if TYPE_CHECKING:
    from ..agent_output import AgentOutputSchemaBase
    from ..tool import Tool


def reasoning_text(message: Any, profile: ModelProfile) -> str | None:
    """Reasoning text from whichever field this provider uses (an extra on the message)."""
    extra = getattr(message, "model_extra", None) or {}
    for name in profile.reasoning_fields:
        value = extra.get(name)
        if isinstance(value, str) and value:
            return value
    return None


def message_to_output_items(
    message: ChatCompletionMessage, profile: ModelProfile
) -> list[TResponseOutputItem]:
    """One assistant message as output items: reasoning, then the message, then tool calls."""
    items: list[TResponseOutputItem] = []
    reasoning = reasoning_text(message, profile)
    if reasoning:
        items.append(
            ResponseReasoningItem(
                id=FAKE_RESPONSES_ID,
                summary=[Summary(text=reasoning, type="summary_text")],
                type="reasoning",
            )
        )
    content = message.content
    if content or message.refusal:
        parts: list[ResponseOutputText | ResponseOutputRefusal] = []
        if content:
            parts.append(
                ResponseOutputText(text=content, type="output_text", annotations=[], logprobs=[])
            )
        if message.refusal:
            parts.append(ResponseOutputRefusal(refusal=message.refusal, type="refusal"))
        items.append(
            ResponseOutputMessage(
                id=FAKE_RESPONSES_ID,
                content=parts,
                role="assistant",
                status="completed",
                type="message",
            )
        )
    for call in message.tool_calls or []:
        function = getattr(call, "function", None)
        if function is None:
            continue
        items.append(
            ResponseFunctionToolCall(
                id=FAKE_RESPONSES_ID,
                call_id=call.id,
                name=function.name,
                arguments=function.arguments or "",
                type="function_call",
            )
        )
    return items


def _text_of(content: Any) -> str:
    """Text of a Responses content list (output_text/input_text parts) or a plain string."""
    if isinstance(content, str):
        return content
    texts: list[str] = []
    for part in content or []:
        if isinstance(part, Mapping):
            if part.get("type") in ("output_text", "input_text", "text"):
                texts.append(str(part.get("text", "")))
            elif part.get("type") == "refusal":
                texts.append(str(part.get("refusal", "")))
    return "".join(texts)


def _user_content(content: Any) -> str | list[dict[str, Any]]:
    if isinstance(content, str):
        return content
    parts: list[dict[str, Any]] = []
    for part in content:
        kind = part.get("type")
        if kind in ("input_text", "text"):
            parts.append({"type": "text", "text": part["text"]})
        elif kind == "input_image":
            url = part.get("image_url")
            if not url:
                raise UserError(
                    "input_image needs an image_url (a URL or a data: URL); file_id images "
                    "are only supported by OpenAI's Responses API"
                )
            image: dict[str, Any] = {"url": url}
            if part.get("detail"):
                image["detail"] = part["detail"]
            parts.append({"type": "image_url", "image_url": image})
        elif kind == "input_file":
            file: dict[str, Any] = {}
            for key in ("file_data", "file_id", "filename"):
                if part.get(key):
                    file[key] = part[key]
            parts.append({"type": "file", "file": file})
        else:
            raise UserError(f"Unsupported content part type {kind!r} for Chat Completions")
    return parts


def _tool_output_content(output: Any) -> str:
    if isinstance(output, str):
        return output
    if isinstance(output, list):
        return _text_of(output)
    return json.dumps(output)


def items_to_messages(
    items: str | Iterable[TResponseInputItem], profile: ModelProfile
) -> list[dict[str, Any]]:
    """The conversation as Chat Completions messages.

    Consecutive assistant text and function calls merge into one assistant message, as
    Chat Completions providers expect a single message carrying both.
    """
    if isinstance(items, str):
        return [{"role": "user", "content": items}]
    messages: list[dict[str, Any]] = []
    assistant: dict[str, Any] | None = None
    pending_reasoning: str | None = None

    def open_assistant() -> dict[str, Any]:
        nonlocal assistant, pending_reasoning
        if assistant is None:
            assistant = {"role": "assistant", "content": None}
            if pending_reasoning and profile.reasoning_field_to_send:
                assistant[profile.reasoning_field_to_send] = pending_reasoning
            pending_reasoning = None
            messages.append(assistant)
        return assistant

    for raw in items:
        item: Mapping[str, Any] = raw
        kind = item.get("type")
        role = item.get("role")
        if kind in (None, "message") and role in ("user", "system", "developer"):
            assistant = None
            content = item.get("content", "")
            if role == "user":
                messages.append({"role": "user", "content": _user_content(content)})
            else:
                messages.append({"role": role, "content": _text_of(content)})
        elif kind in (None, "message") and role == "assistant":
            msg = open_assistant()
            text = _text_of(item.get("content"))
            if text:
                msg["content"] = (msg["content"] or "") + text
        elif kind == "function_call":
            msg = open_assistant()
            msg.setdefault("tool_calls", []).append(
                {
                    "id": item["call_id"],
                    "type": "function",
                    "function": {"name": item["name"], "arguments": item.get("arguments") or "{}"},
                }
            )
        elif kind == "function_call_output":
            assistant = None
            messages.append(
                {
                    "role": "tool",
                    "tool_call_id": item["call_id"],
                    "content": _tool_output_content(item.get("output")),
                }
            )
        elif kind == "reasoning":
            assistant = None
            summary = item.get("summary") or []
            pending_reasoning = (
                "".join(str(s.get("text", "")) for s in summary if isinstance(s, Mapping)) or None
            )
        else:
            raise UserError(
                f"Input item of type {kind!r} cannot be sent over Chat Completions; "
                "it is only understood by OpenAI's Responses API"
            )
    return messages


def tool_to_param(tool: Tool) -> dict[str, Any]:
    from ..tool import FunctionTool

    if not isinstance(tool, FunctionTool):
        raise UserError(
            f"Tool {type(tool).__name__} is a hosted tool, which only OpenAI's Responses API "
            "provides. Write a @function_tool that does the same job instead."
        )
    function: dict[str, Any] = {
        "name": tool.name,
        "description": tool.description or "",
        "parameters": tool.params_json_schema,
    }
    if tool.strict_json_schema:
        function["strict"] = True
    return {"type": "function", "function": function}


def tool_choice_param(tool_choice: str | None) -> Any:
    if tool_choice is None:
        return None
    if tool_choice in ("auto", "required", "none"):
        return tool_choice
    return {"type": "function", "function": {"name": tool_choice}}


def response_format_param(output_schema: AgentOutputSchemaBase | None) -> dict[str, Any] | None:
    if output_schema is None or output_schema.is_plain_text():
        return None
    return {
        "type": "json_schema",
        "json_schema": {
            "name": "final_output",
            "strict": output_schema.is_strict_json_schema(),
            "schema": output_schema.json_schema(),
        },
    }
