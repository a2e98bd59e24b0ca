"""A tool's return value as the `output` of a function_call_output item.

Most tools return text (or something shown as JSON text). MCP tools, and tools written
for the reference SDK, may return content items instead: `{"type": "text", "text": ...}`
and `{"type": "image", "image_url": "data:..."}` (dicts, or objects with those fields, such
as `ToolOutputText`, `ToolOutputImage` and `ToolOutputFileContent`; files too).
Text-only results stay a plain string, which every provider accepts; a result with an
image becomes a Responses content list (`input_text` / `input_image` parts), which the
Responses API takes as it is and the Chat Completions converter splits into a tool
message and a user message carrying the image.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openai.types.responses.response_function_tool_call import ResponseFunctionToolCall
from openai.types.responses.response_input_param import FunctionCallOutput

_KINDS = ("text", "image", "file", "input_text", "input_image", "input_file")


def _as_item(value: Any) -> Mapping[str, Any] | None:
    """`value` as a content-item mapping, or None when it is not one."""
    if isinstance(value, Mapping):
        item: Any = value
    elif hasattr(value, "model_dump") and isinstance(getattr(value, "type", None), str):
        item = value.model_dump(exclude_none=True)
    else:
        return None
    return item if isinstance(item, Mapping) and item.get("type") in _KINDS else None


def content_items(output: Any) -> list[Mapping[str, Any]] | None:
    """The output's content items, when it is one item or a non-empty list of them."""
    values = output if isinstance(output, list) else [output]
    if not values:
        return None
    items = [_as_item(v) for v in values]
    if any(item is None for item in items):
        return None
    return [item for item in items if item is not None]


def wire_output(output: Any, text: str) -> str | list[dict[str, Any]]:
    """What to send as the function_call_output's `output` (`text` is the string form)."""
    items = content_items(output)
    if items is None:
        return text
    if all(item["type"] in ("text", "input_text") for item in items):
        return "".join(str(item.get("text", "")) for item in items)
    parts: list[dict[str, Any]] = []
    for item in items:
        if item["type"] in ("text", "input_text"):
            parts.append({"type": "input_text", "text": str(item.get("text", ""))})
        elif item["type"] in ("file", "input_file"):
            keep = ("file_data", "file_url", "file_id", "filename")
            parts.append({"type": "input_file", **{k: item[k] for k in keep if item.get(k)}})
        else:
            shown = ("image_url", "file_id", "detail")
            parts.append({"type": "input_image", **{k: item[k] for k in shown if item.get(k)}})
    return parts


def tool_call_output(call: ResponseFunctionToolCall, output: Any, text: str) -> FunctionCallOutput:
    """The function_call_output item answering `call`."""
    return {
        "call_id": call.call_id,
        "output": wire_output(output, text),  # type: ignore[typeddict-item]
        "type": "function_call_output",
    }
