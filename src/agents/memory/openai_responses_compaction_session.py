"""OpenAIResponsesCompactionSession: shrinks a session's history with OpenAI's
`responses.compact` once it has grown past a threshold (OpenAI Responses models only; see
CompactionSession for every other provider).

The compacted output (the user messages and one opaque compaction item) replaces the items
that were read. Back-ends with an atomic prefix replacement (SQLite, aiosqlite, SQLAlchemy,
Redis) swap them in one transaction and keep anything appended meanwhile; other sessions are
cleared and rewritten.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any
from typing import Literal
from typing import cast

from openai import AsyncOpenAI

from agents.items import TResponseInputItem
from agents.memory._wrapped import WrappedSession
from agents.memory._wrapped import refuse_server_history
from agents.memory.session import OpenAIResponsesCompactionArgs
from agents.memory.session import Session
from agents.memory.session_settings import resolve_session_limit
from agents.models._openai_shared import get_default_openai_client
from agents.models.wire.usage import from_response_usage
from agents.run_context import RunContextWrapper

DEFAULT_COMPACTION_THRESHOLD = 10
_ALL = 2_147_483_647

OpenAIResponsesCompactionMode = Literal["previous_response_id", "input", "auto"]


def _is_user_message(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    if item.get("type") == "message":
        return item.get("role") == "user"
    return item.get("role") == "user" and "content" in item


def select_compaction_candidate_items(items: list[TResponseInputItem]) -> list[TResponseInputItem]:
    """The items compaction would fold away: all but user messages and earlier compactions."""
    return [
        item
        for item in items
        if not (
            _is_user_message(item) or (isinstance(item, dict) and item.get("type") == "compaction")
        )
    ]


def default_should_trigger_compaction(context: dict[str, Any]) -> bool:
    """Compact once ten or more items could be folded away."""
    return len(context["compaction_candidate_items"]) >= DEFAULT_COMPACTION_THRESHOLD


def is_openai_model_name(model: str) -> bool:
    """gpt-*, o<digit>* and fine-tunes of them (ft:gpt-...), optionally behind a prefix."""
    name = model.strip().rsplit("/", 1)[-1]
    name = name[3:] if name.startswith("ft:") else name
    root = name.split(":", 1)[0]
    return root.startswith("gpt-") or (root[:1] == "o" and root[1:2].isdigit())


class OpenAIResponsesCompactionSession(WrappedSession):
    """Wraps `underlying_session`; after each run it may replace the history by its
    compaction (see `run_compaction`)."""

    def __init__(
        self,
        session_id: str,
        underlying_session: Session,
        *,
        client: AsyncOpenAI | None = None,
        model: str = "gpt-4.1",
        compaction_mode: OpenAIResponsesCompactionMode = "auto",
        should_trigger_compaction: Callable[[dict[str, Any]], bool] | None = None,
        max_rollback_items: int | None = None,
    ) -> None:
        refuse_server_history(underlying_session, "OpenAIResponsesCompactionSession", ValueError)
        if not is_openai_model_name(model):
            raise ValueError(
                f"Unsupported model for OpenAI responses compaction: {model!r}. Use an OpenAI "
                "model (gpt-*, o*), or CompactionSession for any other provider."
            )
        if max_rollback_items is not None and max_rollback_items <= 0:
            raise ValueError("max_rollback_items must be positive or None")
        self.session_id = session_id
        self.underlying_session = underlying_session
        self._client = client
        self.model = model
        self.compaction_mode = compaction_mode
        self.should_trigger_compaction = (
            should_trigger_compaction or default_should_trigger_compaction
        )
        self.max_rollback_items = max_rollback_items
        self._lock = asyncio.Lock()

    @property
    def client(self) -> AsyncOpenAI:
        if self._client is None:
            self._client = get_default_openai_client() or AsyncOpenAI()
        return self._client

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        return await self.underlying_session.get_items(
            resolve_session_limit(limit, self.session_settings)
        )

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        await self.underlying_session.add_items(items)

    async def pop_item(self) -> TResponseInputItem | None:
        return await self.underlying_session.pop_item()

    async def clear_session(self) -> None:
        await self.underlying_session.clear_session()

    def _mode(self, args: OpenAIResponsesCompactionArgs) -> str:
        mode = args.get("compaction_mode") or self.compaction_mode
        if mode != "auto":
            return mode
        if args.get("store") is False or not args.get("response_id"):
            return "input"
        return "previous_response_id"

    async def run_compaction(
        self,
        args: OpenAIResponsesCompactionArgs | None = None,
        *,
        wrapper: RunContextWrapper[Any] | None = None,
    ) -> None:
        """Compact when `should_trigger_compaction` agrees (or `force`), replacing the stored
        history by the server's compacted items. With a run's context (`wrapper`), the
        compaction request's tokens count in that run's usage (the run passes its own)."""
        args = args or {}
        async with self._lock:
            read_limit = _ALL if self.max_rollback_items is None else self.max_rollback_items + 1
            items = await self.underlying_session.get_items(read_limit)
            if self.max_rollback_items is not None and len(items) > self.max_rollback_items:
                raise ValueError(
                    f"The session holds more than max_rollback_items={self.max_rollback_items} "
                    "items; compaction left it unchanged. Raise max_rollback_items."
                )
            candidates = select_compaction_candidate_items(items)
            mode = self._mode(args)
            context = {
                "response_id": args.get("response_id"),
                "compaction_mode": mode,
                "compaction_candidate_items": candidates,
                "session_items": items,
            }
            if not args.get("force") and not self.should_trigger_compaction(context):
                return
            if mode == "previous_response_id" and not args.get("response_id"):
                raise ValueError("compaction_mode='previous_response_id' needs a response_id")
            request: dict[str, Any] = {"model": self.model}
            if mode == "previous_response_id":
                request["previous_response_id"] = args["response_id"]
            else:
                request["input"] = items
            compacted = await self.client.responses.compact(**request)
            if wrapper is not None:
                wrapper.usage.add(from_response_usage(getattr(compacted, "usage", None)))
            output = [
                cast(TResponseInputItem, item.model_dump(exclude_unset=True, warnings=False))
                for item in compacted.output
            ]
            await _replace(self.underlying_session, items, output)


async def _replace(
    session: Session, read: list[TResponseInputItem], output: list[TResponseInputItem]
) -> None:
    """Swap the items that were read for `output`, atomically where the store can."""
    replace_prefix = getattr(session, "_replace_prefix", None)
    if replace_prefix is not None:
        await replace_prefix(read, output)
        return
    await session.clear_session()
    await session.add_items(output)
