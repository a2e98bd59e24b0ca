"""Nested handoff history: the next agent gets the conversation so far as one summary message.

Without it, an agent handed to sees every earlier tool call and output verbatim; some
providers reject tool outputs whose calls came from another agent's tools, and long tool
transcripts crowd out the new agent's own instructions. `nest_handoff_history` (a handoff
`input_filter`) folds them into an assistant message between two markers
(`<CONVERSATION HISTORY>` ... by default), while messages with a role in the handing-off turn
pass through as they are. The run's own items are unchanged, so the result and the session
still hold everything.
"""

from __future__ import annotations

import json
from copy import deepcopy
from typing import Any
from typing import cast

from agents.handoffs import HandoffHistoryMapper
from agents.handoffs import HandoffInputData
from agents.items import ItemHelpers
from agents.items import TResponseInputItem

__all__ = [
    "default_handoff_history_mapper",
    "get_conversation_history_wrappers",
    "nest_handoff_history",
    "reset_conversation_history_wrappers",
    "set_conversation_history_wrappers",
]

_DEFAULT_START = "<CONVERSATION HISTORY>"
_DEFAULT_END = "</CONVERSATION HISTORY>"
_PREAMBLE = "For context, here is the conversation so far between the user and the previous agent:"
_SUMMARISED_TYPES = frozenset({"function_call", "function_call_output", "reasoning"})

_wrappers = [_DEFAULT_START, _DEFAULT_END]


def set_conversation_history_wrappers(*, start: str | None = None, end: str | None = None) -> None:
    """Change the markers around the summary; None leaves that side as it is."""
    if start is not None:
        _wrappers[0] = start
    if end is not None:
        _wrappers[1] = end


def reset_conversation_history_wrappers() -> None:
    """Back to `<CONVERSATION HISTORY>` and `</CONVERSATION HISTORY>`."""
    _wrappers[:] = [_DEFAULT_START, _DEFAULT_END]


def get_conversation_history_wrappers() -> tuple[str, str]:
    """The (start, end) markers in use."""
    return (_wrappers[0], _wrappers[1])


def default_handoff_history_mapper(
    transcript: list[TResponseInputItem],
) -> list[TResponseInputItem]:
    """The transcript as one assistant message: a numbered line per item, between markers."""
    lines = [f"{n}. {_describe(item)}" for n, item in enumerate(transcript, 1)] or [
        "(no previous turns recorded)"
    ]
    start, end = get_conversation_history_wrappers()
    content = "\n".join([_PREAMBLE, start, *lines, end])
    return [cast(TResponseInputItem, {"role": "assistant", "content": content})]


def nest_handoff_history(
    handoff_input_data: HandoffInputData,
    *,
    history_mapper: HandoffHistoryMapper | None = None,
) -> HandoffInputData:
    """The handoff data with the earlier conversation folded into a summary for the next agent.

    Tool arguments and outputs are summarised as they are, not redacted: filter them out of
    the data first if the next agent must not see them.
    """
    history = _input_history(handoff_input_data.input_history)
    earlier = [_plain(item.to_input_item()) for item in handoff_input_data.pre_handoff_items]
    latest = [_plain(item.to_input_item()) for item in handoff_input_data.new_items]
    if history_mapper is not None:
        nested = history_mapper(history + earlier + latest)
    else:
        ordered = [(item, _forward_earlier(item)) for item in earlier]
        ordered += [(item, _forward_latest(item)) for item in latest]
        nested = _ordered_history(history, ordered)
    return handoff_input_data.clone(
        input_history=tuple(deepcopy(item) for item in nested),
        pre_handoff_items=(),
        input_items=(),
    )


def _ordered_history(
    history: list[TResponseInputItem], ordered: list[tuple[TResponseInputItem, bool]]
) -> list[TResponseInputItem]:
    """Summaries for runs of summarised items, forwarded items in between, order kept."""
    out: list[TResponseInputItem] = []
    pending = list(history)
    for item, forward in ordered:
        if not forward:
            pending.append(item)
            continue
        if pending or not out:
            out.extend(default_handoff_history_mapper(pending))
            pending = []
        out.append(item)
    if pending or not out:
        out.extend(default_handoff_history_mapper(pending))
    return out


def _input_history(history: str | tuple[TResponseInputItem, ...]) -> list[TResponseInputItem]:
    items = history if isinstance(history, str) else list(history)
    return [_plain(item) for item in ItemHelpers.input_to_new_input_list(items)]


def _plain(item: Any) -> TResponseInputItem:
    data = dict(item) if isinstance(item, dict) else item.model_dump(exclude_unset=True)
    data.pop("provider_data", None)
    return cast(TResponseInputItem, deepcopy(data))


def _forward_earlier(item: TResponseInputItem) -> bool:
    """Items of earlier turns: user messages pass through, the rest is summarised."""
    data = cast(dict[str, Any], item)
    return data.get("role") != "assistant" and data.get("type") not in _SUMMARISED_TYPES


def _forward_latest(item: TResponseInputItem) -> bool:
    """Items of the handing-off turn: messages pass through, tool traffic is summarised."""
    data = cast(dict[str, Any], item)
    if isinstance(data.get("role"), str) and data.get("role"):
        return True
    return data.get("type") not in _SUMMARISED_TYPES


def _describe(item: TResponseInputItem) -> str:
    data = dict(cast(dict[str, Any], item))
    role = data.get("role")
    content = data.get("content")
    if isinstance(role, str) and (content is None or isinstance(content, str)):
        text = content or ""
        if "\n" not in text and "\r" not in text:
            name = data.get("name")
            prefix = f"{role} ({name})" if isinstance(name, str) and name else role
            return f"{prefix}: {text}"
    try:
        return json.dumps(data, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(data)
