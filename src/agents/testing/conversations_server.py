"""The Responses loopback with OpenAI's Conversations API and `responses.compact` added.

`ConversationsLoopback` answers `/v1/conversations` (create, retrieve, delete), its items
(create, list with `order` / `limit` / `after` paging, retrieve, delete) and
`POST /v1/responses/compact`, sharing its conversations with `POST /v1/responses` calls that
pass `conversation=`, so sessions on the Conversations API are tested over real HTTP with the
real `openai` client.
"""

from __future__ import annotations

import itertools
import time
from typing import Any
from urllib.parse import parse_qs
from urllib.parse import urlsplit

from agents.testing._loopback_http import Incoming
from agents.testing._loopback_http import Response
from agents.testing._loopback_http import json_response
from agents.testing.responses_server import _ID_PREFIXES
from agents.testing.responses_server import ResponsesLoopback
from agents.testing.responses_server import _error
from agents.testing.responses_wire import usage_for

__all__ = ["ConversationsLoopback"]


def _as_item(item: dict[str, Any], item_id: str) -> dict[str, Any]:
    """An input item as the API lists it: typed, with an id and content parts."""
    listed = {"id": item_id, **item}
    if "type" not in listed and "role" in listed:
        listed["type"] = "message"
    if listed.get("type") == "message":
        content = listed.get("content")
        if isinstance(content, str):
            kind = "output_text" if listed.get("role") == "assistant" else "input_text"
            listed["content"] = [{"type": kind, "text": content}]
        listed.setdefault("status", "completed")
    return listed


class ConversationsLoopback(ResponsesLoopback):
    """ResponsesLoopback plus `/conversations` and `/responses/compact`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.compact_requests: list[dict[str, Any]] = []
        """Bodies of the `POST /responses/compact` requests, in order."""
        self._conversation_ids = itertools.count(1)
        self._item_ids = itertools.count(1)

    def _respond(self, request: Incoming) -> Response | None:
        parts = urlsplit(request.raw_path)
        path = request.path
        if "/conversations" not in path and not path.endswith("/responses/compact"):
            return super()._respond(request)
        method, headers = request.method, request.headers
        body = self._record(request)
        if self.api_key is not None and headers.get("authorization") != f"Bearer {self.api_key}":
            return _error(401, "Incorrect API key provided.", code="invalid_api_key")
        if path.endswith("/responses/compact"):
            return self._compact(body or {})
        segments = path.split("/conversations", 1)[1].strip("/").split("/")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            return self._conversation_call(method, [s for s in segments if s], body or {}, query)

    def _items_of(self, conversation_id: str) -> list[dict[str, Any]]:
        """The stored items, each given an id the first time it is listed."""
        stored = self.conversations[conversation_id]
        for index, item in enumerate(stored):
            if "id" not in item or not item["id"]:
                kind = item.get("type") or ("message" if "role" in item else "item")
                prefix = _ID_PREFIXES.get(kind, "item")
                stored[index] = {**item, "id": f"{prefix}_{next(self._item_ids):04d}"}
        return stored

    def _conversation_call(
        self, method: str, segments: list[str], body: dict[str, Any], query: dict[str, str]
    ) -> Response:
        if not segments and method == "POST":
            conversation_id = f"conv_{next(self._conversation_ids):04d}"
            self.conversations[conversation_id] = [dict(i) for i in body.get("items") or []]
            return json_response(200, self._conversation(conversation_id))
        conversation_id = segments[0] if segments else ""
        if conversation_id not in self.conversations:
            return _error(404, f"Conversation with id '{conversation_id}' not found.")
        if len(segments) == 1:
            if method == "DELETE":
                del self.conversations[conversation_id]
                deleted = {"id": conversation_id, "object": "conversation.deleted", "deleted": True}
                return json_response(200, deleted)
            return json_response(200, self._conversation(conversation_id))
        if segments[1] != "items":
            return _error(404, "Invalid URL", code="unknown_url")
        items = self._items_of(conversation_id)
        if len(segments) == 2 and method == "POST":
            added = [dict(i) for i in body.get("items") or []]
            if len(added) > 20:
                return _error(400, "Too many items: at most 20 can be added at once.")
            start = len(items)
            items.extend(added)
            listed = [_as_item(i, i["id"]) for i in self._items_of(conversation_id)[start:]]
            return json_response(200, self._page(listed, has_more=False))
        if len(segments) == 2:
            return json_response(200, self._list(items, query))
        found = [i for i in items if i["id"] == segments[2]]
        if not found:
            return _error(404, f"Item with id '{segments[2]}' not found.")
        if method == "DELETE":
            items.remove(found[0])
            return json_response(200, self._conversation(conversation_id))
        return json_response(200, _as_item(found[0], found[0]["id"]))

    def _conversation(self, conversation_id: str) -> dict[str, Any]:
        return {
            "id": conversation_id,
            "object": "conversation",
            "created_at": int(time.time()),
            "metadata": {},
        }

    @staticmethod
    def _page(data: list[dict[str, Any]], has_more: bool) -> dict[str, Any]:
        return {
            "object": "list",
            "data": data,
            "first_id": data[0]["id"] if data else None,
            "last_id": data[-1]["id"] if data else None,
            "has_more": has_more,
        }

    def _list(self, items: list[dict[str, Any]], query: dict[str, str]) -> dict[str, Any]:
        ordered = items if query.get("order", "desc") == "asc" else items[::-1]
        after = query.get("after")
        if after:
            ids = [i["id"] for i in ordered]
            ordered = ordered[ids.index(after) + 1 :] if after in ids else []
        limit = int(query.get("limit", 20))
        page = [_as_item(i, i["id"]) for i in ordered[:limit]]
        return self._page(page, has_more=len(ordered) > limit)

    def _compact(self, body: dict[str, Any]) -> Response:
        """Keep the user messages, replace the rest with one opaque compaction item."""
        self.compact_requests.append(body)
        history: list[Any] = []
        if body.get("previous_response_id"):
            history = self._chain(str(body["previous_response_id"]))
        items = body.get("input")
        history += [{"role": "user", "content": items}] if isinstance(items, str) else items or []
        users = [
            _as_item(i, f"msg_c{n}")
            for n, i in enumerate(history)
            if isinstance(i, dict) and i.get("role") == "user"
        ]
        compaction = {
            "type": "compaction",
            "id": f"cmp_{next(self._item_ids):04d}",
            "encrypted_content": f"compacted:{len(history)}",
        }
        output = [*users, compaction]
        return json_response(
            200,
            {
                "id": f"resp_compact_{next(self._item_ids):04d}",
                "object": "response.compaction",
                "created_at": int(time.time()),
                "output": output,
                "usage": usage_for({"input": history}, output),
            },
        )
