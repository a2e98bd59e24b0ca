"""Items to and from the JSON text the stores keep, tolerant of rows damaged outside us."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Iterable
from typing import Any
from typing import cast

from agents.exceptions import UserError
from agents.items import TResponseInputItem

logger = logging.getLogger("openai.agents")


def dumps_item(item: TResponseInputItem, *, ensure_ascii: bool = True) -> str:
    """One item as compact JSON; a value JSON cannot hold is a typed error, not a half turn."""
    if hasattr(item, "model_dump"):
        item = cast(Any, item).model_dump(exclude_unset=True)
    try:
        return json.dumps(item, ensure_ascii=ensure_ascii, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise UserError(
            f"A session item could not be stored as JSON ({exc}); items must hold only "
            "JSON values (str, numbers, bools, None, lists, dicts)"
        ) from exc


def loads_item(raw: str | bytes) -> TResponseInputItem | None:
    """The item stored in `raw`, or None when the row is not a JSON object (damaged)."""
    try:
        value = json.loads(raw)
    except (ValueError, TypeError):
        return None
    return cast(TResponseInputItem, value) if isinstance(value, dict) else None


def first_readable(pop: Callable[[], str | bytes | None]) -> TResponseInputItem | None:
    """Pops stored rows, newest first, until one holds a readable item: a damaged row is
    dropped and the one before it popped instead. None once the store is empty."""
    while (raw := pop()) is not None:
        item = loads_item(raw)
        if item is not None:
            return item
    return None


async def first_readable_async(
    pop: Callable[[], Awaitable[str | bytes | None]],
) -> TResponseInputItem | None:
    """`first_readable` for stores reached asynchronously."""
    while (raw := await pop()) is not None:
        item = loads_item(raw)
        if item is not None:
            return item
    return None


def decode_rows(rows: Iterable[str | bytes]) -> list[TResponseInputItem]:
    """Readable items of `rows`, in order; damaged rows are skipped rather than fatal, and
    counted in a WARNING so the damage is seen."""
    items = []
    skipped = 0
    for raw in rows:
        item = loads_item(raw)
        if item is not None:
            items.append(item)
        else:
            skipped += 1
    if skipped:
        logger.warning("Session: skipped %d stored item(s) that are not valid JSON items", skipped)
    return items


async def latest_items(
    fetch_tail: Callable[[int], Awaitable[list[str | bytes]]], limit: int
) -> list[TResponseInputItem]:
    """The latest `limit` readable items, widening the read while damaged rows hide some.

    `fetch_tail(n)` returns the newest n rows, oldest first."""
    if limit <= 0:
        return []
    window = limit
    while True:
        rows = await fetch_tail(window)
        items = decode_rows(rows)
        if len(items) >= limit or len(rows) < window:
            return items[-limit:]
        window *= 2
