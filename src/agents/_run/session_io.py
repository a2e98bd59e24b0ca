"""A run's conversation with its session: history in before the first turn, the turn out after.

Kept apart from the loop so the loop only asks two questions of it: what goes to the model,
and what is saved once the run succeeded (in one `add_items`, so a turn is stored whole).
"""

from __future__ import annotations

import copy
import inspect
import logging
from typing import Any

from agents.exceptions import UserError
from agents.items import ItemHelpers
from agents.items import ModelResponse
from agents.items import TResponseInputItem
from agents.memory.session import Session
from agents.memory.session import is_openai_responses_compaction_aware_session
from agents.memory.session_settings import SessionSettings
from agents.memory.util import SessionInputCallback
from agents.models.fake_id import FAKE_RESPONSES_ID
from agents.run_context import RunContextWrapper
from agents.util._await import maybe_await

logger = logging.getLogger("agents.memory")


async def prepare_session_input(
    session: Session,
    input: str | list[TResponseInputItem],
    callback: SessionInputCallback | None,
    settings: SessionSettings | None,
) -> tuple[list[TResponseInputItem], list[TResponseInputItem]]:
    """(items for the model, the new items to save) for a run with a session."""
    methods = ("get_items", "add_items", "pop_item", "clear_session")
    if not all(callable(getattr(session, name, None)) for name in methods):
        raise UserError(
            f"session must implement the Session protocol (get_items, add_items, pop_item, "
            f"clear_session), got {type(session).__name__}"
        )
    own = getattr(session, "session_settings", None) or SessionSettings()
    limit = own.resolve(settings).limit
    history = await (session.get_items(limit) if limit is not None else session.get_items())
    if limit is not None:
        history = drop_orphan_outputs(history)
    new_items = ItemHelpers.input_to_new_input_list(input)
    if callback is None:
        return [*history, *new_items], new_items
    if not callable(callback):
        raise UserError(
            f"RunConfig.session_input_callback must be a function (history, new_items) -> "
            f"items, got {type(callback).__name__}"
        )
    history_copy, new_copy = copy.deepcopy(history), copy.deepcopy(new_items)
    history_ids = {id(item) for item in history_copy}
    combined: Any = await maybe_await(callback(history_copy, new_copy))
    if not isinstance(combined, list):
        raise UserError(
            "RunConfig.session_input_callback must return a list of input items, got "
            f"{type(combined).__name__}"
        )
    return combined, _new_among(combined, history_ids, history_copy)


def _new_among(
    combined: list[TResponseInputItem],
    history_ids: set[int],
    history: list[TResponseInputItem],
) -> list[TResponseInputItem]:
    """Items of the callback's answer that are not already stored: not a history object,
    and not an equal copy of a history item (each history item excuses one copy)."""
    unclaimed = [item for item in history if not any(item is c for c in combined)]
    fresh = []
    for item in combined:
        if id(item) in history_ids:
            continue
        match = next((i for i, old in enumerate(unclaimed) if old == item), None)
        if match is not None:
            del unclaimed[match]
            continue
        fresh.append(item)
    return fresh


def _call_id(item: Any) -> str | None:
    value = item.get("call_id") if isinstance(item, dict) else None
    return value if isinstance(value, str) else None


def drop_orphan_outputs(history: list[TResponseInputItem]) -> list[TResponseInputItem]:
    """A limited read can start between a tool call and its output; providers reject an
    output whose call is missing, so such outputs (and the items before them) are dropped."""
    called: set[str] = set()
    start = 0
    for index, item in enumerate(history):
        kind = item.get("type") if isinstance(item, dict) else None
        call_id = _call_id(item)
        if call_id is None:
            continue
        if isinstance(kind, str) and kind.endswith("_output"):
            if call_id not in called:
                start = index + 1
        else:
            called.add(call_id)
    return history[start:]


def _takes_wrapper(method: Any) -> bool:
    """Whether a session's `run_compaction` takes the run's context (`wrapper=`): sessions
    written for older versions of the API take only the arguments."""
    try:
        params = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "wrapper" or p.kind is p.VAR_KEYWORD for p in params)


async def save_turn(
    session: Session,
    items: list[TResponseInputItem],
    responses: list[ModelResponse],
    context: RunContextWrapper[Any] | None = None,
) -> None:
    """Append the run's items in one write, then let a compacting session compact (its
    request's usage counted in the run's `context`)."""
    await session.add_items(items)
    if is_openai_responses_compaction_aware_session(session):
        args: dict[str, Any] = {}
        last_id = responses[-1].response_id if responses else None
        if last_id and last_id != FAKE_RESPONSES_ID:
            args["response_id"] = last_id
        try:
            compact: Any = session.run_compaction  # a protocol older sessions may predate
            if context is not None and _takes_wrapper(compact):
                await compact(args, wrapper=context)
            else:
                await compact(args)
        except Exception as exc:
            # The turn is stored and the run succeeded: a compaction that failed (its model
            # down, say) is retried after the next turn rather than failing this run.
            logger.warning("Session compaction failed, history left as it was: %r", exc)
