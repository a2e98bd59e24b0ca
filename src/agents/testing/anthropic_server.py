"""A scripted Anthropic Messages API server on loopback.

The LiteLLM route translates Chat Completions into Anthropic's own protocol and back; only a
server that speaks that protocol byte for byte (JSON bodies, named SSE events, ``event: error``
mid-stream, Anthropic's error envelope) exercises litellm's real parsing. The server also
enforces the request rules that break real runs: ``anthropic-version`` and ``max_tokens`` are
required, every ``tool_result`` must answer a ``tool_use`` of the assistant turn before it, and
with thinking enabled the assistant turn that called tools must come back starting with its
thinking block, signature intact. It shares the HTTP plumbing of ``_loopback_http``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from urllib.parse import urlsplit

from typing_extensions import Unpack

from agents.testing._loopback_http import Incoming
from agents.testing._loopback_http import Response
from agents.testing._loopback_http import ScriptedServer
from agents.testing._loopback_http import ServerOptions
from agents.testing._loopback_http import deltas
from agents.testing._loopback_http import dumps
from agents.testing._loopback_http import json_response
from agents.testing._loopback_http import pieces
from agents.testing._loopback_http import sse_response
from agents.testing._loopback_http import words

__all__ = [
    "AnthropicLoopback",
    "AnthropicReply",
    "RedactedThinking",
    "Thinking",
    "ToolUse",
]

ANTHROPIC_VERSION = "2023-06-01"


@dataclass
class ToolUse:
    """A ``tool_use`` block; ``id=None`` gets a generated ``toolu_<n>``."""

    name: str
    input: dict[str, Any] = field(default_factory=dict)
    id: str | None = None


@dataclass
class Thinking:
    """A ``thinking`` block; ``signature=None`` gets one the server will later accept back."""

    thinking: str
    signature: str | None = None


@dataclass
class RedactedThinking:
    """A ``redacted_thinking`` block: opaque data the client must send back unchanged."""

    data: str


@dataclass
class AnthropicReply:
    """What the scripted model says next (one HTTP response).

    Content blocks go out in Anthropic's order: thinking, text, tool uses. ``usage=None``
    computes a deterministic usage from word counts; a scripted ``usage`` is Anthropic's
    object (``input_tokens`` excludes ``cache_read_input_tokens`` and
    ``cache_creation_input_tokens``, as the real API reports it). ``status != 200`` sends
    Anthropic's error envelope (``error`` replaces its inner object); ``stream_error``
    ends a stream with ``event: error`` after the content blocks instead of
    ``message_delta``/``message_stop``.
    """

    text: str | None = None
    tool_uses: list[ToolUse] = field(default_factory=list)
    thinking: list[Thinking | RedactedThinking] = field(default_factory=list)
    stop_reason: str | None = None
    usage: dict[str, Any] | None = None
    status: int = 200
    error: dict[str, Any] | None = None
    stream_error: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    raw_body: bytes | None = None
    delay: float = 0.0


# status -> error type, as api.anthropic.com names them.
_ERROR_TYPES: dict[int, str] = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}


def error_body(status: int, message: str | None = None, kind: str | None = None) -> dict[str, Any]:
    """Anthropic's error envelope for a status."""
    kind = kind or _ERROR_TYPES.get(status, "api_error")
    return {
        "type": "error",
        "error": {"type": kind, "message": message or kind.replace("_", " ")},
    }


def _error(status: int, message: str | None = None, kind: str | None = None) -> Response:
    return json_response(status, error_body(status, message, kind))


def _block_text(block: Any) -> str:
    if isinstance(block, str):
        return block
    if not isinstance(block, dict):
        return ""
    for key in ("text", "thinking"):
        if isinstance(block.get(key), str):
            return str(block[key])
    if block.get("type") == "tool_use":
        return dumps(block.get("input", {}))
    if block.get("type") == "tool_result":
        return _content_text(block.get("content"))
    return ""


def _content_text(content: Any) -> str:
    if isinstance(content, list):
        return " ".join(_block_text(b) for b in content)
    return _block_text(content)


def _blocks(content: Any) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    if isinstance(content, list):
        return [b for b in content if isinstance(b, dict)]
    return []


class AnthropicLoopback(ScriptedServer[AnthropicReply]):
    """A scripted Anthropic Messages API on ``127.0.0.1``, for litellm's ``api_base``.

    ``base_url`` is the server's root: litellm appends ``/v1/messages`` itself. Replies come
    from the ``enqueue``-d script first, then ``responder``, then a default that echoes the
    user. Requests failing the key, model or protocol checks get Anthropic's 4xx error and
    consume no scripted reply.
    """

    def __init__(
        self,
        name: str = "anthropic",
        *,
        text_chunk_size: int = 4,
        **options: Unpack[ServerOptions[AnthropicReply]],
    ) -> None:
        super().__init__(name, **options)
        self.text_chunk_size = text_chunk_size
        self._signatures: dict[str, str] = {}  # signature -> the thinking text it signs
        self._redacted: set[str] = set()
        self._message_ids = itertools.count(1)
        self._tool_ids = itertools.count(1)

    @property
    def message_requests(self) -> list[dict[str, Any]]:
        """Bodies of the ``/v1/messages`` requests received, in order."""
        return self._bodies(lambda r: urlsplit(r.path).path.rstrip("/").endswith("/v1/messages"))

    # -- request handling (runs on handler threads) ----------------------------------

    def _admit(self, request: Incoming, body: dict[str, Any] | None) -> Response | dict[str, Any]:
        method, headers, path = request.method, request.headers, request.path
        if method != "POST" or not path.endswith("/v1/messages"):
            return _error(404, f"Not found: {method} {path}")
        if self.api_key is not None and headers.get("x-api-key") != self.api_key:
            return _error(401, "invalid x-api-key")
        if not headers.get("anthropic-version"):
            return _error(400, "anthropic-version: header is required")
        if body is None:
            return _error(400, "There was an error parsing the body of your request as JSON")
        problem = self._check(body)
        return body if problem is None else problem

    def _error_response(self, status: int, message: str) -> Response:
        return _error(status, message)

    def _failure(self, reply: AnthropicReply) -> Response:
        envelope = error_body(reply.status)
        if reply.error is not None:
            envelope["error"] = reply.error
        return json_response(reply.status, envelope)

    def _answer(self, body: dict[str, Any], reply: AnthropicReply) -> Response:
        message = self._message(body, str(body["model"]), reply)
        if body.get("stream") is True:
            events = self._stream_events(message, reply)
            return sse_response(events).with_headers(reply.headers)
        return json_response(200, message).with_headers(reply.headers)

    def _check(self, body: dict[str, Any]) -> Response | None:
        """The validation api.anthropic.com does that clients most often trip over."""
        model = body.get("model")
        if not isinstance(model, str) or not model:
            return _error(400, "model: Field required")
        if self.models is not None and model not in self.models:
            return _error(404, f"model: {model}")
        if not isinstance(body.get("max_tokens"), int):
            return _error(400, "max_tokens: Field required")
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return _error(400, "messages: Field required")
        thinking_on = (body.get("thinking") or {}).get("type") in ("enabled", "adaptive")
        previous_tool_ids: set[str] = set()
        for i, message in enumerate(messages):
            role = message.get("role") if isinstance(message, dict) else None
            if role not in ("user", "assistant"):
                return _error(400, f"messages.{i}.role: Input should be 'user' or 'assistant'")
            blocks = _blocks(message.get("content"))
            if role == "user":
                for block in blocks:
                    if block.get("type") != "tool_result":
                        continue
                    if block.get("tool_use_id") not in previous_tool_ids:
                        return _error(
                            400,
                            f"messages.{i}.content: unexpected `tool_use_id` found in "
                            "`tool_result` blocks: each `tool_result` block must have a "
                            "corresponding `tool_use` block in the previous message.",
                        )
                previous_tool_ids = set()
                continue
            previous_tool_ids = {str(b.get("id")) for b in blocks if b.get("type") == "tool_use"}
            for j, block in enumerate(blocks):
                problem = self._check_thinking_block(block, f"messages.{i}.content.{j}")
                if problem is not None:
                    return problem
        if thinking_on and len(messages) >= 2 and isinstance(messages[-2], dict):
            last_user = _blocks(messages[-1].get("content"))
            if any(b.get("type") == "tool_result" for b in last_user):
                blocks = _blocks(messages[-2].get("content"))
                first = blocks[0].get("type") if blocks else None
                if first not in ("thinking", "redacted_thinking"):
                    return _error(
                        400,
                        f"messages.{len(messages) - 2}.content.0.type: Expected `thinking` or "
                        f"`redacted_thinking`, but found `{first}`. When `thinking` is "
                        "enabled, a final `assistant` message must start with a thinking "
                        "block (preceeding the lastmost set of `tool_use` and `tool_result` "
                        "blocks).",
                    )
        return None

    def _check_thinking_block(self, block: dict[str, Any], where: str) -> Response | None:
        kind = block.get("type")
        with self._lock:
            if kind == "thinking":
                signature = block.get("signature")
                if self._signatures.get(str(signature)) != block.get("thinking"):
                    return _error(400, f"{where}: Invalid `signature` in `thinking` block")
            elif kind == "redacted_thinking" and block.get("data") not in self._redacted:
                return _error(400, f"{where}: Invalid `data` in `redacted_thinking` block")
        return None

    def _default_reply(self, body: dict[str, Any]) -> AnthropicReply:
        said = _content_text(self._last_user_content(body))
        hello = "Hello from the loopback Anthropic API."
        return AnthropicReply(text=self._echo(body, said, hello))

    def _content(self, reply: AnthropicReply) -> list[dict[str, Any]]:
        content: list[dict[str, Any]] = []
        with self._lock:
            for item in reply.thinking:
                if isinstance(item, RedactedThinking):
                    self._redacted.add(item.data)
                    content.append({"type": "redacted_thinking", "data": item.data})
                    continue
                signature = item.signature or f"sig-{len(self._signatures) + 1:04d}-{self.name}"
                self._signatures[signature] = item.thinking
                content.append(
                    {"type": "thinking", "thinking": item.thinking, "signature": signature}
                )
        if reply.text is not None:
            content.append({"type": "text", "text": reply.text})
        for use in reply.tool_uses:
            use_id = use.id if use.id is not None else f"toolu_{next(self._tool_ids):04d}"
            content.append({"type": "tool_use", "id": use_id, "name": use.name, "input": use.input})
        return content

    def _usage(self, body: dict[str, Any], content: list[dict[str, Any]]) -> dict[str, Any]:
        messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
        prompt = words(_content_text(body.get("system")))
        prompt += sum(3 + words(_content_text(m.get("content"))) for m in messages)
        output = max(1, sum(words(_block_text(b)) for b in content))
        return {
            "input_tokens": prompt,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "output_tokens": output,
        }

    def _message(self, body: dict[str, Any], model: str, reply: AnthropicReply) -> dict[str, Any]:
        content = self._content(reply)
        has_tools = any(b["type"] == "tool_use" for b in content)
        return {
            "id": f"msg_loopback{next(self._message_ids):08d}",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": content,
            "stop_reason": reply.stop_reason or ("tool_use" if has_tools else "end_turn"),
            "stop_sequence": None,
            "usage": reply.usage if reply.usage is not None else self._usage(body, content),
        }

    def _stream_events(self, message: dict[str, Any], reply: AnthropicReply) -> list[bytes]:
        usage = dict(message["usage"])
        output_tokens = usage.pop("output_tokens", 0)
        start = {
            **message,
            "content": [],
            "stop_reason": None,
            "usage": {**usage, "output_tokens": 1},
        }
        events: list[tuple[str, dict[str, Any]]] = [("message_start", {"message": start})]
        for index, block in enumerate(message["content"]):
            events += self._block_events(index, block)
            if index == 0:
                events.append(("ping", {}))
        if reply.stream_error is not None:
            events.append(("error", {"error": reply.stream_error}))
        else:
            delta = {"stop_reason": message["stop_reason"], "stop_sequence": None}
            events.append(
                ("message_delta", {"delta": delta, "usage": {"output_tokens": output_tokens}})
            )
            events.append(("message_stop", {}))
        return [
            f"event: {name}\ndata: {dumps({'type': name, **data})}\n\n".encode()
            for name, data in events
        ]

    def _block_events(self, index: int, block: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        kind = block["type"]
        size = self.text_chunk_size
        block_deltas: list[dict[str, Any]] = []
        if kind == "text":
            opening: dict[str, Any] = {"type": "text", "text": ""}
            block_deltas = [{"type": "text_delta", "text": p} for p in deltas(block["text"], size)]
        elif kind == "thinking":
            opening = {"type": "thinking", "thinking": "", "signature": ""}
            block_deltas = [
                {"type": "thinking_delta", "thinking": p} for p in deltas(block["thinking"], size)
            ]
            block_deltas.append({"type": "signature_delta", "signature": block["signature"]})
        elif kind == "tool_use":
            opening = {"type": "tool_use", "id": block["id"], "name": block["name"], "input": {}}
            arguments = dumps(block["input"]) if block["input"] else ""
            block_deltas = [
                {"type": "input_json_delta", "partial_json": p} for p in pieces(arguments, size)
            ]
        else:  # redacted_thinking arrives whole
            opening = block
        events: list[tuple[str, dict[str, Any]]] = [
            ("content_block_start", {"index": index, "content_block": opening})
        ]
        events += [("content_block_delta", {"index": index, "delta": d}) for d in block_deltas]
        events.append(("content_block_stop", {"index": index}))
        return events
