"""CompactionSession: keeps a conversation within a token budget on any provider.

When the history passes `max_tokens`, the older part is summarised by a model the user
chooses (any provider: a name resolved by the model provider, or a Model object) and only
the summary plus the recent turns are handed to the next run. The reference SDK's
compaction needs OpenAI's `responses.compact`; this one needs only a model that writes text.

Storage is append-only: the summary is stored as a checkpoint item saying how many of the
stored items it replaces. Nothing is rewritten, so compaction is atomic on every back-end,
safe beside concurrent writers (what they append after the read stays visible), and a crash
mid-compaction leaves the history as it was. The full transcript stays in the store.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any
from typing import cast

from agents.exceptions import UserError
from agents.items import TResponseInputItem
from agents.memory._compaction_plan import TokenCounter
from agents.memory._compaction_plan import choose_cut
from agents.memory._compaction_plan import estimate_tokens
from agents.memory._compaction_plan import transcript
from agents.memory._wrapped import WrappedSession
from agents.memory._wrapped import refuse_server_history
from agents.memory.session import OpenAIResponsesCompactionArgs
from agents.memory.session import Session
from agents.memory.session_settings import resolve_session_limit
from agents.model_settings import ModelSettings
from agents.models.interface import Model
from agents.models.interface import ModelProvider
from agents.models.interface import ModelTracing

CHECKPOINT_TYPE = "freeagents.compaction"
SUMMARY_PREFIX = "Summary of the earlier part of this conversation:"
DEFAULT_INSTRUCTIONS = (
    "You compress conversations. Write a summary of the transcript you are given that lets "
    "an assistant continue the conversation without it: the user's goals and preferences, "
    "facts and numbers established, decisions taken, tool results that still matter, and "
    "open questions. Be concise; write plain prose or bullet points, nothing else."
)


def _is_checkpoint(item: Any) -> bool:
    return isinstance(item, dict) and item.get("type") == CHECKPOINT_TYPE


def _summary_message(checkpoint: dict[str, Any]) -> TResponseInputItem:
    content = f"{SUMMARY_PREFIX}\n{checkpoint.get('summary', '')}"
    return cast(TResponseInputItem, {"role": "user", "content": content})


class CompactionSession(WrappedSession):
    """Wraps `underlying_session`; reads return the latest summary and the items after it."""

    def __init__(
        self,
        session_id: str,
        underlying_session: Session,
        *,
        model: str | Model,
        model_provider: ModelProvider | None = None,
        model_settings: ModelSettings | None = None,
        max_tokens: int = 30_000,
        keep_recent_tokens: int | None = None,
        instructions: str = DEFAULT_INSTRUCTIONS,
        token_counter: TokenCounter | None = None,
    ) -> None:
        refuse_server_history(underlying_session, "CompactionSession", UserError)
        if not isinstance(model, str | Model):
            raise UserError(f"model must be a model name or a Model, got {type(model).__name__}")
        if max_tokens <= 0 or (keep_recent_tokens is not None and keep_recent_tokens < 0):
            raise UserError("max_tokens must be > 0 and keep_recent_tokens >= 0")
        self.session_id = session_id
        self.underlying_session = underlying_session
        self.model = model
        self.model_provider = model_provider
        self.model_settings = model_settings or ModelSettings()
        self.max_tokens = max_tokens
        self.keep_recent_tokens = (
            keep_recent_tokens if keep_recent_tokens is not None else max_tokens // 3
        )
        self.instructions = instructions
        self.count_tokens: TokenCounter = token_counter or estimate_tokens
        self._compacting = asyncio.Lock()

    async def _view(self) -> tuple[list[TResponseInputItem], int, bool]:
        """(visible history, stored items its summary replaces, whether it has a summary)."""
        stored = await self.underlying_session.get_items(_ALL)
        checkpoint: dict[str, Any] | None = None
        items: list[TResponseInputItem] = []
        for item in stored:
            if _is_checkpoint(item):
                checkpoint = cast(dict[str, Any], item)
            else:
                items.append(item)
        if checkpoint is None:
            return items, 0, False
        covers = int(checkpoint.get("covers", 0))
        return [_summary_message(checkpoint), *items[covers:]], covers, True

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        visible, _, _ = await self._view()
        limit = resolve_session_limit(limit, self.session_settings)
        if limit is None:
            return visible
        return visible[-limit:] if limit > 0 else []

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        await self.underlying_session.add_items(items)

    async def pop_item(self) -> TResponseInputItem | None:
        """The latest item; a summary met on the way is dropped (the history it replaced
        becomes visible again), never returned."""
        while True:
            item = await self.underlying_session.pop_item()
            if not _is_checkpoint(item):
                return item

    async def clear_session(self) -> None:
        await self.underlying_session.clear_session()

    async def run_compaction(self, args: OpenAIResponsesCompactionArgs | None = None) -> None:
        """Summarise the older part if the history is over budget (or `force` is set).

        The run calls this after saving each turn; call it yourself when you use the session
        outside a run."""
        force = bool(args and args.get("force"))
        async with self._compacting:
            visible, covers, has_summary = await self._view()
            if not force and self.count_tokens(visible) <= self.max_tokens:
                return
            cut = choose_cut(visible, self.keep_recent_tokens, self.count_tokens)
            if cut == 0 or (has_summary and cut == 1):
                return  # nothing but the current summary precedes the first safe cut
            summary = await self._summarise(visible[:cut])
            checkpoint = {
                "type": CHECKPOINT_TYPE,
                "summary": summary,
                "covers": covers + cut - (1 if has_summary else 0),
                "model": self.model if isinstance(self.model, str) else type(self.model).__name__,
            }
            await self.underlying_session.add_items([cast(TResponseInputItem, checkpoint)])

    def _resolve_model(self) -> Model:
        if isinstance(self.model, Model):
            return self.model
        if self.model_provider is None:
            from agents.models.multi_provider import MultiProvider

            self.model_provider = MultiProvider()
        return self.model_provider.get_model(self.model)

    async def _summarise(self, items: Sequence[TResponseInputItem]) -> str:
        text = transcript(items)
        request = cast(TResponseInputItem, {"role": "user", "content": text})
        response = await self._resolve_model().get_response(
            self.instructions,
            [request],
            self.model_settings,
            [],
            None,
            [],
            ModelTracing.DISABLED,
        )
        parts = []
        for output in response.output:
            for part in getattr(output, "content", None) or []:
                value = getattr(part, "text", None)
                if isinstance(value, str):
                    parts.append(value)
        summary = "".join(parts).strip()
        if not summary:
            raise UserError(
                "The compaction model returned no text for the summary; the history was left "
                "as it was. Choose a model that answers with text."
            )
        return summary


_ALL = 2_147_483_647
"""A limit no store reaches: the whole stored history, whatever the session settings say."""
