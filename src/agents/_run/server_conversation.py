"""Server-side conversation state: `previous_response_id` and `conversation_id` runs.

When the provider keeps the conversation (OpenAI's Responses API), each request sends only what
the server has not seen: the run's input on the first call, then the items produced locally
(tool outputs), never the model's own output items again. With `previous_response_id`, every
call after the first points at the response just received.
"""

from __future__ import annotations

from collections.abc import Sequence

from agents.items import ItemHelpers
from agents.items import ModelResponse
from agents.items import RunItem
from agents.items import TResponseInputItem


class ServerConversation:
    """Which items the server already holds, and the response id to continue from."""

    def __init__(self, previous_response_id: str | None, conversation_id: str | None) -> None:
        self.previous_response_id = previous_response_id
        self.conversation_id = conversation_id
        self._known: set[int] = set()
        self._input_sent = False

    @staticmethod
    def wanted(previous_response_id: str | None, conversation_id: str | None) -> bool:
        return previous_response_id is not None or conversation_id is not None

    def resumed(self, items: Sequence[RunItem], unsent_call_ids: set[str]) -> None:
        """A run continued from a RunState: the server holds its input and every item
        except the outputs of the paused turn's calls (made after its last request)."""
        self._input_sent = True
        for item in items:
            raw = item.raw_item
            call_id = raw.get("call_id") if isinstance(raw, dict) else None
            if item.type in ("tool_call_output_item", "handoff_output_item") and (
                call_id in unsent_call_ids
            ):
                continue
            self._known.add(id(raw))

    def received(self, response: ModelResponse) -> None:
        """The model's output is now stored server-side; continue from this response."""
        self._known.update(id(item) for item in response.output)
        if self.conversation_id is None and response.response_id is not None:
            self.previous_response_id = response.response_id

    def next_input(
        self, original: str | list[TResponseInputItem], items: Sequence[RunItem]
    ) -> list[TResponseInputItem]:
        """The items to send with the next call (and mark them as sent)."""
        sent: list[TResponseInputItem] = []
        if not self._input_sent:
            self._input_sent = True
            sent.extend(ItemHelpers.input_to_new_input_list(original))
        for item in items:
            if item.type == "tool_approval_item":
                continue  # a placeholder for a paused call, never conversation
            key = id(item.raw_item)
            if key in self._known:
                continue
            self._known.add(key)
            sent.append(item.to_input_item())
        return sent
