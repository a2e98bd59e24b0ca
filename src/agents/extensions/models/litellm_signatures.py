"""Gemini's thought signatures on the LiteLLM route: kept for Gemini, out of the call ids.

litellm hands back a Gemini function call's thought signature inside the tool-call id
(`call_<uuid>__thought__<signature>`), so that a client echoing the id returns it. Left
there, the signature becomes the run's `call_id` and goes to every provider the conversation
later reaches (OpenAI rejects ids that long, and the signature is Gemini's alone). Here the
id is cut back to `call_<uuid>` as it arrives, and the signature rides on the function call
item's `provider_data`, tagged with the model; the request path gives it back, as litellm's
`provider_specific_fields.thought_signature`, only to that model. A call without one (made
by another provider or by the user) goes without, and litellm puts Google's placeholder on
it for Gemini 3.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openai.types.responses import ResponseFunctionToolCall

from agents.items import TResponseOutputItem
from agents.models.wire.content import PROVIDER_DATA

SEPARATOR = "__thought__"
"""litellm's separator between a call id and the signature it carries."""

FIELD = "provider_specific_fields"
"""Where litellm reads a tool call's signature from on the way back."""


class Signatures:
    """The signatures taken out of one answer's tool-call ids, by the id left."""

    def __init__(self) -> None:
        self.by_call: dict[str, str] = {}

    def strip_ids(self, tool_calls: Iterable[Any] | None) -> None:
        """Cut the signature out of each call's id (litellm's message or delta objects)."""
        for call in tool_calls or ():
            call_id = call.get("id") if isinstance(call, dict) else getattr(call, "id", None)
            if not isinstance(call_id, str) or SEPARATOR not in call_id:
                continue
            clean, signature = call_id.split(SEPARATOR, 1)
            if isinstance(call, dict):
                call["id"] = clean
            else:
                call.id = clean
            if signature:
                self.by_call[clean] = signature

    def attach(self, items: list[TResponseOutputItem], model: str) -> list[TResponseOutputItem]:
        """`items` with each stripped call's signature on its provider data."""
        if not self.by_call:
            return items
        out: list[TResponseOutputItem] = []
        for item in items:
            signature = (
                self.by_call.get(item.call_id)
                if isinstance(item, ResponseFunctionToolCall)
                else None
            )
            if signature is None:
                out.append(item)
                continue
            data = item.model_dump(exclude_unset=True)
            tag = dict(data.get(PROVIDER_DATA) or {})
            tag.update(provider="litellm", model=model)
            extra = dict(tag.get("extra") or {})
            extra[FIELD] = {**(extra.get(FIELD) or {}), "thought_signature": signature}
            tag["extra"] = extra
            data[PROVIDER_DATA] = tag
            out.append(ResponseFunctionToolCall.model_validate(data))
        return out
