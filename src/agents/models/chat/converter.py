"""Translation between the Responses-shaped conversation and Chat Completions messages.

Both directions read the profile: answers are parsed in any provider's dialect (see
chatcmpl_content), and requests carry back exactly what the target provider needs — its own
reasoning on tool-call turns, its own tool-call ids, its thought signatures — and nothing that
another provider produced.
"""

from __future__ import annotations

import copy
import json
import mimetypes
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

from openai.types.responses import ResponseFunctionToolCall
from openai.types.responses import ResponseOutputMessage
from openai.types.responses import ResponseOutputRefusal
from openai.types.responses import ResponseOutputText

from agents.exceptions import UserError
from agents.items import TResponseInputItem
from agents.items import TResponseOutputItem
from agents.models.chat.request import handoff_to_param
from agents.models.chat.request import response_format_param
from agents.models.chat.request import tool_choice_param
from agents.models.chat.request import tool_to_param
from agents.models.chat.think_tags import split_think_tags
from agents.models.dialects.profiles import DEFAULT_PROFILE
from agents.models.dialects.profiles import ModelProfile
from agents.models.dialects.tool_call_ids import new_call_id
from agents.models.fake_id import FAKE_RESPONSES_ID
from agents.models.wire.content import PROVIDER_DATA
from agents.models.wire.content import arguments_text
from agents.models.wire.content import content_parts
from agents.models.wire.content import make_reasoning_item
from agents.models.wire.content import reasoning_details
from agents.models.wire.content import reasoning_text
from agents.models.wire.content import tool_call_extra
from agents.models.wire.content import tool_call_provider_data

__all__ = [
    "handoff_to_param",
    "items_to_messages",
    "message_to_output_items",
    "reasoning_text",
    "response_format_param",
    "tool_choice_param",
    "tool_to_param",
]


def assistant_message(text: str, refusal: str | None) -> ResponseOutputMessage:
    """The answer's text and refusal as one completed assistant message (a streamed answer
    ends in the same item as a whole one)."""
    parts: list[ResponseOutputText | ResponseOutputRefusal] = []
    if text:
        parts.append(ResponseOutputText(text=text, type="output_text", annotations=[], logprobs=[]))
    if refusal:
        parts.append(ResponseOutputRefusal(refusal=refusal, type="refusal"))
    return ResponseOutputMessage(
        id=FAKE_RESPONSES_ID, content=parts, role="assistant", status="completed", type="message"
    )


def message_to_output_items(
    message: Any, profile: ModelProfile = DEFAULT_PROFILE, model: str | None = None
) -> list[TResponseOutputItem]:
    """One assistant message as output items: reasoning, then the message, then tool calls.

    `message` is an `openai` ChatCompletionMessage or shaped like one (litellm's Message).
    `model` is recorded on provider-only data so it goes back only to where it came from.
    """
    items: list[TResponseOutputItem] = []
    chunk_reasoning, text = content_parts(getattr(message, "content", None))
    tag_reasoning = ""
    if text and profile.think_tags and "<" in text:
        tag_reasoning, text = split_think_tags(text, profile.think_tags)
    reasoning = (reasoning_text(message, profile) or "") + chunk_reasoning + tag_reasoning
    details = reasoning_details(message, profile)
    if reasoning.strip() or details:
        items.append(make_reasoning_item(reasoning, details, profile, model))
    refusal = getattr(message, "refusal", None)  # litellm's Message may lack the attribute
    if text or refusal:
        items.append(assistant_message(text, refusal))
    for call in getattr(message, "tool_calls", None) or []:
        function = getattr(call, "function", None)
        if function is None:
            continue
        original = getattr(call, "id", None)
        call_id = original or new_call_id()
        items.append(
            ResponseFunctionToolCall(
                id=FAKE_RESPONSES_ID,
                call_id=call_id,
                name=getattr(function, "name", None) or "",
                arguments=arguments_text(getattr(function, "arguments", None)),
                type="function_call",
                **tool_call_provider_data(
                    profile, model, original, call_id, tool_call_extra(call, profile)
                ),
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


def _user_content(
    content: Any, profile: ModelProfile, model: str | None
) -> str | list[dict[str, Any]]:
    if isinstance(content, str):
        return content
    parts: list[dict[str, Any]] = []
    for part in content:
        kind = part.get("type")
        if kind in ("input_text", "text"):
            parts.append({"type": "text", "text": part["text"]})
        elif kind == "input_image":
            if profile.supports_vision is False:
                who = f"model {model!r} on {profile.provider}" if model else profile.provider
                raise UserError(
                    f"The input has an image (input_image), but {who} does not accept images. "
                    "Use a vision model (its provider profile must allow vision), or send the "
                    "image's description as text. If this model does accept images, pass "
                    "profile=profile.replace(supports_vision=True) to "
                    "OpenAIChatCompletionsModel."
                )
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


def _data_url(file: dict[str, Any]) -> dict[str, Any]:
    """Chat Completions (and LiteLLM) take file data as a data: URL; a tool may give bare
    base64 (as `ToolOutputFileContent.file_data` allows): the media type comes from the name."""
    data = file.get("file_data")
    if isinstance(data, str) and not data.startswith("data:"):
        kind = mimetypes.guess_type(str(file.get("filename") or ""))[0]
        file = {**file, "file_data": f"data:{kind or 'application/octet-stream'};base64,{data}"}
    return file


def _tool_output_parts(output: Any, profile: ModelProfile) -> tuple[str, list[dict[str, Any]]]:
    """A tool result as (tool message text, image parts for the user message after it).

    A model whose profile says it takes no images gets a note in their place, so it knows
    the tool answered with a picture it cannot see.
    """
    if isinstance(output, str):
        return output, []
    if not isinstance(output, list):
        return json.dumps(output), []
    texts: list[str] = []
    images: list[dict[str, Any]] = []
    for part in output:
        if not isinstance(part, Mapping):
            continue
        if part.get("type") in ("output_text", "input_text", "text"):
            texts.append(str(part.get("text", "")))
        elif part.get("type") == "input_image" and part.get("image_url"):
            if profile.supports_vision is False:
                texts.append("[The tool returned an image, which this model cannot view.]")
                continue
            image: dict[str, Any] = {"url": part["image_url"]}
            if part.get("detail"):
                image["detail"] = part["detail"]
            images.append({"type": "image_url", "image_url": image})
        elif part.get("type") == "input_file":
            file = {k: part[k] for k in ("file_data", "file_id", "filename") if part.get(k)}
            if file:
                images.append({"type": "file", "file": _data_url(file)})
            else:
                texts.append(f"[The tool returned a file: {part.get('file_url', '')}]")
    if any(part["type"] == "file" for part in images):
        texts.append(f"[{len(images)} file(s) or image(s) returned; shown in the next message.]")
    elif images:
        texts.append(f"[{len(images)} image(s) returned; shown in the next message.]")
    return "\n".join(texts), images


class _Origin:
    """Whether an item's provider data came from the provider (and model) now addressed."""

    def __init__(self, profile: ModelProfile, model: str | None) -> None:
        self.provider = profile.provider
        self.model = model

    def data(self, item: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """The item's provider data if the addressed provider produced it, else None."""
        data = item.get(PROVIDER_DATA)
        if isinstance(data, Mapping) and data.get("provider") == self.provider:
            return data
        return None

    def same_model(self, data: Mapping[str, Any]) -> bool:
        """Opaque blobs (signatures, encrypted reasoning) are valid only for their model."""
        return self.model is None or data.get("model") in (None, self.model)


def items_to_messages(
    items: str | Iterable[TResponseInputItem],
    profile: ModelProfile,
    *,
    model: str | None = None,
    reasoning_extras: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None,
    replay: Callable[[Mapping[str, Any]], bool] | None = None,
) -> list[dict[str, Any]]:
    """The conversation as Chat Completions messages for `model` on `profile`'s provider.

    Consecutive assistant text and function calls merge into one assistant message, as
    Chat Completions providers expect a single message carrying both. `reasoning_extras`
    turns a reasoning item into fields for the assistant message after it, for a route whose
    provider wants its own reasoning data back (Anthropic's signed thinking blocks).
    `replay` (a model's should_replay_reasoning_content hook) decides, per reasoning item,
    whether its text goes back, in place of the profile's rule.
    """
    if isinstance(items, str):
        return [{"role": "user", "content": items}]
    builder = _Messages(profile, model, reasoning_extras)
    builder.replay = replay
    for item in items:
        builder.add(item)
    return builder.finish()


class _Messages:
    """The messages being built, and what one item leaves for the next: the open assistant
    message, reasoning waiting for it, tool images waiting for the run of tool messages to end,
    and the wire ids given to call ids."""

    def __init__(
        self,
        profile: ModelProfile,
        model: str | None,
        reasoning_extras: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None,
    ) -> None:
        self.profile = profile
        self.model = model
        self.origin = _Origin(profile, model)
        self.reasoning_extras = reasoning_extras
        self.wire_ids: dict[str, str] = {}
        self.messages: list[dict[str, Any]] = []
        self.assistant: dict[str, Any] | None = None
        self.pending: tuple[str, Mapping[str, Any] | None, bool | None] | None = None
        self.pending_extras: Mapping[str, Any] = {}
        self.reasoning_for: list[
            tuple[dict[str, Any], str, Mapping[str, Any] | None, bool | None]
        ] = []
        self.replay: Callable[[Mapping[str, Any]], bool] | None = None
        self.tool_images: list[dict[str, Any]] = []

    def add(self, item: Mapping[str, Any]) -> None:
        kind = item.get("type")
        role = item.get("role")
        if kind != "function_call_output":
            self.flush_tool_images()
        if kind in (None, "message") and role in ("user", "system", "developer"):
            self.assistant = None
            self.bridge_after_tool()
            content = item.get("content", "")
            if role == "user":
                content = _user_content(content, self.profile, self.model)
                self.messages.append({"role": "user", "content": content})
            else:
                self.messages.append({"role": role, "content": _text_of(content)})
        elif kind in (None, "message") and role == "assistant":
            msg = self.open_assistant()
            text = _text_of(item.get("content"))
            if text:
                msg["content"] = (msg["content"] or "") + text
        elif kind == "function_call":
            self.function_call(item)
        elif kind == "function_call_output":
            self.assistant = None
            text, images = _tool_output_parts(item.get("output"), self.profile)
            call_id = self.wire_id(str(item["call_id"]))
            self.messages.append({"role": "tool", "tool_call_id": call_id, "content": text})
            self.tool_images.extend(images)
        elif kind == "reasoning":
            self.assistant = None
            summary = item.get("summary") or []
            text = "".join(str(s.get("text", "")) for s in summary if isinstance(s, Mapping))
            decided = self.replay(item) if self.replay is not None else None
            self.pending = (text, self.origin.data(item), decided)
            extras = self.reasoning_extras
            self.pending_extras = extras(item) if extras is not None else {}
        else:
            raise UserError(
                f"Input item of type {kind!r} cannot be sent over Chat Completions; "
                "it is only understood by OpenAI's Responses API"
            )

    def function_call(self, item: Mapping[str, Any]) -> None:
        msg = self.open_assistant()
        call_id = str(item["call_id"])
        data = self.origin.data(item)
        original = data.get("call_id") if data is not None else None
        self.wire_ids[call_id] = original if isinstance(original, str) else self.wire_id(call_id)
        call: dict[str, Any] = {
            "id": self.wire_ids[call_id],
            "type": "function",
            "function": {"name": item["name"], "arguments": item.get("arguments") or "{}"},
        }
        same = data is not None and self.origin.same_model(data)
        extra = data.get("extra") if data is not None and same else None
        if isinstance(extra, Mapping):
            kept = self.profile.tool_call_extra_fields
            call.update({k: v for k, v in extra.items() if k in kept})
        msg.setdefault("tool_calls", []).append(call)

    def open_assistant(self) -> dict[str, Any]:
        if self.assistant is None:
            self.assistant = {"role": "assistant", "content": None}
            if self.pending is not None:
                self.reasoning_for.append((self.assistant, *self.pending))
            self.assistant.update(self.pending_extras)
            self.pending, self.pending_extras = None, {}
            self.messages.append(self.assistant)
        return self.assistant

    def wire_id(self, call_id: str) -> str:
        if call_id in self.wire_ids:
            return self.wire_ids[call_id]
        id_rule = self.profile.tool_call_ids
        return id_rule.wire_id(call_id) if id_rule is not None else call_id

    def bridge_after_tool(self) -> None:
        bridge = self.profile.assistant_between_tool_and_user
        if bridge is not None and self.messages and self.messages[-1]["role"] == "tool":
            self.messages.append({"role": "assistant", "content": bridge})

    def flush_tool_images(self) -> None:
        """Images from tool results follow the run of tool messages as one user message:
        Chat Completions tool messages carry text only."""
        if self.tool_images:
            self.bridge_after_tool()
            parts = [{"type": "text", "text": "Images returned by the tool calls above:"}]
            self.messages.append({"role": "user", "content": [*parts, *self.tool_images]})
            self.tool_images.clear()

    def finish(self) -> list[dict[str, Any]]:
        self.flush_tool_images()
        for msg, text, data, decided in self.reasoning_for:
            if decided is None:
                _send_reasoning_back(msg, text, data, self.profile, self.origin)
                continue
            if decided and text:  # a replay hook chose, for the text only
                msg[self.profile.reasoning_field_to_send or "reasoning_content"] = text
            if data is not None:
                _send_reasoning_back(msg, "", data, self.profile, self.origin)
        placeholder = self.profile.unsigned_tool_call_extra
        if placeholder:
            _sign_unsigned_calls(self.messages, placeholder)
        return self.messages


def _sign_unsigned_calls(messages: list[dict[str, Any]], placeholder: Mapping[str, Any]) -> None:
    """Give the first call of each assistant message whose calls carry none of the
    placeholder's fields the placeholder (the provider signs only a step's first call)."""
    for msg in messages:
        calls = msg.get("tool_calls")
        if not calls or any(key in call for call in calls for key in placeholder):
            continue
        calls[0].update(copy.deepcopy(dict(placeholder)))


def _send_reasoning_back(
    msg: dict[str, Any],
    text: str,
    data: Mapping[str, Any] | None,
    profile: ModelProfile,
    origin: _Origin,
) -> None:
    """Put a reasoning item's content on the assistant message after it, where the addressed
    provider produced it and wants it back; for anyone else it is dropped, never faked."""
    if data is None:
        return
    field = profile.reasoning_field_to_send
    if field and text and (profile.reasoning_sent_on == "all_turns" or msg.get("tool_calls")):
        msg[field] = text
    details = data.get("reasoning_details")
    if profile.reasoning_details_field and details and origin.same_model(data):
        msg[profile.reasoning_details_field] = details
