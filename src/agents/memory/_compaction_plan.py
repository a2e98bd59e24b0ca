"""Where a history may be cut for summarising, and how the older part is put into words.

Pure functions over Responses-shaped items, so the rules (never split a tool call from its
output, never separate a reasoning item from the output it led to, prefer turn starts) are
tested without a model or a store.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from agents.items import TResponseInputItem

TokenCounter = Callable[[Sequence[TResponseInputItem]], int]

_RESULT_CHARS = 2_000
"""A tool result longer than this is cut in the transcript: the summary needs its gist."""


def estimate_tokens(items: Sequence[TResponseInputItem]) -> int:
    """About four characters of JSON per token: provider-independent and cheap. Pass a real
    tokenizer as `token_counter` when the budget must be exact."""
    return sum(len(json.dumps(item, ensure_ascii=False, default=str)) for item in items) // 4


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key, None)


def _kind(item: Any) -> str:
    kind = _get(item, "type")
    if isinstance(kind, str):
        return kind
    return "message" if _get(item, "role") is not None else ""


def _is_turn_start(item: Any) -> bool:
    return _kind(item) == "message" and _get(item, "role") == "user"


def safe_cut_points(items: Sequence[TResponseInputItem]) -> list[int]:
    """Indexes i (0 < i < len) where items[:i] can be summarised and items[i:] kept: no tool
    call before i waits for an output at or after i, and items[i-1] is not a reasoning item
    (reasoning belongs with the output that follows it, from the same model)."""
    open_calls: set[str] = set()
    points = []
    for index, item in enumerate(items):
        after_reasoning = index > 0 and _kind(items[index - 1]) == "reasoning"
        is_output = _kind(item).endswith("_output")
        if index > 0 and not open_calls and not after_reasoning and not is_output:
            points.append(index)
        kind, call_id = _kind(item), _get(item, "call_id")
        if isinstance(call_id, str):
            if kind.endswith("_output"):
                open_calls.discard(call_id)
            elif kind.endswith("_call"):
                open_calls.add(call_id)
    return points


def choose_cut(items: Sequence[TResponseInputItem], keep_tokens: int, count: TokenCounter) -> int:
    """The earliest safe cut whose kept tail fits `keep_tokens`, preferring turn starts (a
    user message); failing that, the latest safe cut, so at least the last turn stays
    verbatim. 0: nothing can be summarised."""
    points = safe_cut_points(items)
    starts = [p for p in points if _is_turn_start(items[p])]
    candidates = starts or points
    for point in candidates:
        if count(items[point:]) <= keep_tokens:
            return point
    return candidates[-1] if candidates else 0


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            text = _get(part, "text") or _get(part, "refusal")
            if isinstance(text, str):
                parts.append(text)
            elif _kind(part) in ("input_image", "input_file"):
                parts.append(f"[{_kind(part).removeprefix('input_')}]")
        return " ".join(parts)
    return "" if content is None else str(content)


def _short(text: str) -> str:
    return text if len(text) <= _RESULT_CHARS else text[:_RESULT_CHARS] + " [...]"


def transcript(items: Sequence[TResponseInputItem]) -> str:
    """The items as plain text any model reads: roles, tool calls and (shortened) results.
    Reasoning items are left out: they are one provider's private format."""
    lines = []
    for item in items:
        kind = _kind(item)
        if kind == "message":
            lines.append(f"{_get(item, 'role')}: {_text(_get(item, 'content'))}")
        elif kind == "reasoning" or not kind:
            continue
        elif kind.endswith("_output"):
            output = _get(item, "output")
            text = output if isinstance(output, str) else json.dumps(output, default=str)
            lines.append(f"tool result [{_get(item, 'call_id')}]: {_short(text)}")
        elif kind == "function_call":
            lines.append(
                f"assistant called {_get(item, 'name')}({_get(item, 'arguments')}) "
                f"[{_get(item, 'call_id')}]"
            )
        else:
            lines.append(f"{kind}: {_short(json.dumps(item, default=str))}")
    return "\n".join(lines)
