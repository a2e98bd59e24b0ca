"""SessionInputCallback: how a run merges a session's history with its new input."""

from __future__ import annotations

from collections.abc import Awaitable
from collections.abc import Callable

from agents.items import TResponseInputItem

SessionInputCallback = Callable[
    [list[TResponseInputItem], list[TResponseInputItem]],
    list[TResponseInputItem] | Awaitable[list[TResponseInputItem]],
]
"""`(history, new_items) -> items for the model`, sync or async. Items that come from
`new_items` (or are new) are saved to the session; those from `history` are not saved again."""
