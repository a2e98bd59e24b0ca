"""The Responses API's wire shapes, as the loopback server sends them.

Usage objects and the SSE event sequence of a response (created, in_progress, each output
item's added/delta/done events, then completed, failed, incomplete or an error event), built
from the response JSON so a stream and the JSON answer always agree.
"""

from __future__ import annotations

from typing import Any

from agents.testing._loopback_http import deltas
from agents.testing._loopback_http import dumps
from agents.testing._loopback_http import text_of
from agents.testing._loopback_http import words


def usage_for(body: dict[str, Any], output: list[dict[str, Any]]) -> dict[str, Any]:
    """A deterministic usage from word counts, so token accounting can be asserted."""
    items = body.get("input")
    listed = [items] if isinstance(items, str) else (items or [])
    prompt = max(
        1,
        words(body.get("instructions"))
        + sum(
            3 + words(i if isinstance(i, str) else text_of(i.get("content")))
            for i in listed
            if isinstance(i, str | dict)
        ),
    )
    texts = [text_of(o.get("content")) for o in output if o["type"] == "message"]
    texts += [o.get("arguments", "") for o in output if o["type"] == "function_call"]
    reasoning = sum(
        words(s.get("text")) for o in output if o["type"] == "reasoning" for s in o["summary"]
    )
    completion = max(1, sum(words(t) for t in texts) + reasoning)
    return {
        "input_tokens": prompt,
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": completion,
        "output_tokens_details": {"reasoning_tokens": reasoning},
        "total_tokens": prompt + completion,
    }


def sse_frames(payloads: list[dict[str, Any]]) -> list[bytes]:
    """Named SSE events, numbered in order where the payload has no sequence number."""
    frames = []
    for seq, payload in enumerate(payloads):
        event = {**payload}
        event.setdefault("sequence_number", seq)
        frames.append(f"event: {event['type']}\ndata: {dumps(event)}\n\n".encode())
    return frames


def stream_events(
    response: dict[str, Any], stream_error: dict[str, Any] | None, chunk_size: int
) -> list[dict[str, Any]]:
    """The events the API streams for `response`: created, each item's events, the end."""
    pending = {**response, "status": "in_progress", "output": [], "usage": None}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": pending},
        {"type": "response.in_progress", "response": pending},
    ]
    for index, item in enumerate(response["output"]):
        events += _item_events(index, item, chunk_size)
    if stream_error is not None:
        error = {"code": "server_error", "message": "An error occurred.", "param": None}
        events.append({"type": "error", **error, **stream_error})
        return events
    final = {
        "completed": "response.completed",
        "failed": "response.failed",
        "incomplete": "response.incomplete",
    }[response["status"]]
    events.append({"type": final, "response": response})
    return events


def _item_events(index: int, item: dict[str, Any], size: int) -> list[dict[str, Any]]:
    kind, item_id = item["type"], item.get("id")
    at = {"output_index": index}
    events: list[dict[str, Any]] = []
    parts = item.get("content") or [{}]
    if kind == "message" and parts[0].get("type") == "output_text":
        text = parts[0]["text"]
        part = {"type": "output_text", "text": "", "annotations": [], "logprobs": []}
        where = {"item_id": item_id, **at, "content_index": 0}
        added = {**item, "status": "in_progress", "content": []}
        events.append({"type": "response.output_item.added", **at, "item": added})
        events.append({"type": "response.content_part.added", **where, "part": part})
        for piece in deltas(text, size):
            events.append(
                {"type": "response.output_text.delta", **where, "delta": piece, "logprobs": []}
            )
        done = {"type": "response.output_text.done", **where, "text": text, "logprobs": []}
        events.append(done)
        events.append(
            {"type": "response.content_part.done", **where, "part": {**part, "text": text}}
        )
    elif kind == "function_call":
        added = {**item, "status": "in_progress", "arguments": ""}
        events.append({"type": "response.output_item.added", **at, "item": added})
        for piece in deltas(item["arguments"], size):
            events.append(
                {
                    "type": "response.function_call_arguments.delta",
                    "item_id": item_id,
                    **at,
                    "delta": piece,
                }
            )
        events.append(
            {
                "type": "response.function_call_arguments.done",
                "item_id": item_id,
                **at,
                "name": item["name"],
                "arguments": item["arguments"],
            }
        )
    elif kind == "reasoning" and item.get("summary"):
        text = item["summary"][0]["text"]
        where = {"item_id": item_id, **at, "summary_index": 0}
        part = {"type": "summary_text", "text": ""}
        events.append({"type": "response.output_item.added", **at, "item": {**item, "summary": []}})
        events.append({"type": "response.reasoning_summary_part.added", **where, "part": part})
        for piece in deltas(text, size):
            events.append(
                {"type": "response.reasoning_summary_text.delta", **where, "delta": piece}
            )
        events.append({"type": "response.reasoning_summary_text.done", **where, "text": text})
        events.append(
            {
                "type": "response.reasoning_summary_part.done",
                **where,
                "part": {**part, "text": text},
            }
        )
    else:
        added = {**item, "status": "in_progress"}
        events.append({"type": "response.output_item.added", **at, "item": added})
    events.append({"type": "response.output_item.done", **at, "item": item})
    return events
