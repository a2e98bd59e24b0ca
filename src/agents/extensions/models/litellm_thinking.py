"""Claude's thinking blocks: kept on the reasoning item, sent back to Claude alone.

With extended thinking on, Anthropic rejects a tool-use loop whose last assistant turn does
not start with the thinking block it produced, signature intact. litellm surfaces those
blocks as `thinking_blocks` on the message (or as fragments on stream deltas) and sends them
back when an assistant message carries `thinking_blocks`. So the blocks ride on the
`ResponseReasoningItem` as `provider_data` (an extra field `openai`'s models allow, so it
survives `to_input_list()` and JSON) and return only to a model of the same family.

Family: Anthropic documents signatures as valid across the Claude API, Bedrock and Vertex AI
(checked 2026-11), so every Claude model is one family whatever the litellm route; any other
model is its own family. Blocks are dropped, never faked, for another family.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from openai.types.responses import ResponseReasoningItem

from agents.items import TResponseOutputItem
from agents.models.fake_id import FAKE_RESPONSES_ID

PROVIDER_DATA = "provider_data"
"""Name of the extra field on reasoning items that carries provider-only data."""

_KEPT_KEYS = {
    "thinking": ("type", "thinking", "signature"),
    "redacted_thinking": ("type", "data"),
}


# litellm routes whose Claude models speak Anthropic's own format, thinking blocks included.
_CLAUDE_ROUTES = {"anthropic", "bedrock", "vertex_ai", "vertex_ai_beta"}


def family(model: str) -> str:
    """The models that accept each other's thinking blocks (`model` in litellm's form)."""
    name = model.lower()
    route = name.split("/", 1)[0] if "/" in name else "anthropic"
    return "claude" if "claude" in name and route in _CLAUDE_ROUTES else name


def _field(block: Any, key: str) -> Any:
    return block.get(key) if isinstance(block, Mapping) else getattr(block, key, None)


def clean_block(block: Any) -> dict[str, Any] | None:
    """A block as the API takes it back: stream-only keys such as `index` removed."""
    kind = _field(block, "type")
    keys = _KEPT_KEYS.get(str(kind))
    if keys is None:
        return None
    cleaned = {key: _field(block, key) for key in keys}
    return {key: value for key, value in cleaned.items() if value is not None}


def blocks_of(message: Any) -> list[dict[str, Any]]:
    """The thinking blocks on a litellm message (absent on most providers' messages)."""
    raw = getattr(message, "thinking_blocks", None) or []
    return [b for b in (clean_block(block) for block in raw) if b is not None]


class StreamedBlocks:
    """Reassembles thinking blocks from stream deltas, which carry them in fragments: text
    pieces, then the signature. Current litellm numbers the fragments by block `index`; older
    versions do not, and there a signature closes the block the pieces went into."""

    def __init__(self) -> None:
        self._blocks: dict[int, dict[str, Any]] = {}

    def _slot(self, fragment: Any, kind: Any) -> dict[str, Any]:
        index = _field(fragment, "index")
        if not isinstance(index, int):
            last = max(self._blocks, default=-1)
            open_block = self._blocks.get(last)
            continues = (
                open_block is not None
                and kind == "thinking"
                and open_block["type"] == "thinking"
                and "signature" not in open_block
            )
            index = last if continues else last + 1
        return self._blocks.setdefault(index, {"type": kind})

    def add(self, delta: Any) -> None:
        for fragment in getattr(delta, "thinking_blocks", None) or []:
            kind = _field(fragment, "type")
            slot = self._slot(fragment, kind)
            if kind == "redacted_thinking":
                slot["data"] = _field(fragment, "data")
                continue
            slot["thinking"] = slot.get("thinking", "") + (_field(fragment, "thinking") or "")
            signature = _field(fragment, "signature")
            if signature:
                slot["signature"] = signature

    def blocks(self) -> list[dict[str, Any]]:
        cleaned = (clean_block(self._blocks[i]) for i in sorted(self._blocks))
        return [b for b in cleaned if b is not None]


def attach(
    items: Sequence[TResponseOutputItem],
    blocks: list[dict[str, Any]],
    *,
    provider: str,
    model: str,
) -> list[TResponseOutputItem]:
    """The turn's items with the blocks on its reasoning item (made when only redacted
    thinking came back, so there was no text to summarise)."""
    if not blocks:
        return list(items)
    data = {
        "provider": "litellm",
        "model": model,
        "litellm_provider": provider,
        "thinking_blocks": blocks,
    }
    out: list[TResponseOutputItem] = []
    placed = False
    for item in items:
        if isinstance(item, ResponseReasoningItem) and not placed:
            dumped = item.model_dump()
            existing = dumped.get(PROVIDER_DATA)
            dumped[PROVIDER_DATA] = {**existing, **data} if isinstance(existing, dict) else data
            item = ResponseReasoningItem.model_validate(dumped)
            placed = True
        out.append(item)
    if not placed:
        empty = {"id": FAKE_RESPONSES_ID, "summary": [], "type": "reasoning", PROVIDER_DATA: data}
        out.insert(0, ResponseReasoningItem.model_validate(empty))
    return out


def extras_for(model: str) -> Callable[[Mapping[str, Any]], Mapping[str, Any]]:
    """A `reasoning_extras` hook for `items_to_messages`: thinking blocks back to `model`'s
    family as litellm's `thinking_blocks` field, nothing to any other model."""
    mine = family(model)

    def extras(item: Mapping[str, Any]) -> Mapping[str, Any]:
        data = item.get(PROVIDER_DATA)
        if not isinstance(data, Mapping) or not isinstance(data.get("model"), str):
            return {}
        if family(data["model"]) != mine:
            return {}
        blocks = [b for b in map(clean_block, data.get("thinking_blocks") or []) if b]
        return {"thinking_blocks": blocks} if blocks else {}

    return extras


def _thinking_on(kwargs: Mapping[str, Any]) -> bool:
    settings = kwargs.get("thinking")
    if isinstance(settings, Mapping) and settings.get("type") in ("enabled", "adaptive"):
        return True
    return kwargs.get("reasoning_effort") not in (None, "none")


def settle_foreign_tool_turn(kwargs: dict[str, Any]) -> None:
    """Make an open tool loop begun by another model acceptable to Claude with thinking on.

    With thinking enabled, Anthropic requires the assistant turn whose tool results end the
    conversation to start with Claude's own signed thinking block. When that turn came from
    another model (a handoff from a Groq or DeepSeek agent is exactly such a turn), no valid
    block exists and none may be faked; so that one exchange is sent as plain text instead
    (what was called, what it returned), which keeps every fact and is a history Claude
    accepts. Earlier, closed tool loops need no block and are left as they are.
    """
    if family(str(kwargs.get("model", ""))) != "claude" or not _thinking_on(kwargs):
        return
    messages: list[dict[str, Any]] = kwargs["messages"]
    end = len(messages)
    start = end
    while start > 0 and messages[start - 1].get("role") == "tool":
        start -= 1
    if start == end or start == 0:
        return
    turn = messages[start - 1]
    if turn.get("role") != "assistant" or not turn.get("tool_calls") or turn.get("thinking_blocks"):
        return
    names = {call.get("id"): call.get("function", {}).get("name") for call in turn["tool_calls"]}
    said = [turn["content"]] if isinstance(turn.get("content"), str) and turn["content"] else []
    said += [
        f"[called tool {call['function'].get('name')} with arguments "
        f"{call['function'].get('arguments') or '{}'}]"
        for call in turn["tool_calls"]
    ]
    results = [
        f"[tool {names.get(m.get('tool_call_id')) or 'call'} returned: {m.get('content')}]"
        for m in messages[start:end]
    ]
    messages[start - 1 : end] = [
        {"role": "assistant", "content": "\n".join(said)},
        {"role": "user", "content": "\n".join(results)},
    ]
