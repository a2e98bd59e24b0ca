"""A scripted OpenAI-compatible Chat Completions server on loopback.

Tests, benchmarks and the keyless demo need a model that answers over real HTTP, so that
the real ``openai`` and ``litellm`` clients exercise their own wire parsing (JSON bodies,
SSE streams, error statuses, retry headers) instead of a mock that can drift from them.
The HTTP machinery is shared with the other loopback servers (``_loopback_http``).
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Literal
from urllib.parse import urlsplit

from typing_extensions import Unpack

from agents.testing._loopback_http import Incoming
from agents.testing._loopback_http import RecordedRequest
from agents.testing._loopback_http import Response
from agents.testing._loopback_http import ScriptedServer
from agents.testing._loopback_http import ServerOptions
from agents.testing._loopback_http import dumps
from agents.testing._loopback_http import json_response
from agents.testing._loopback_http import pieces
from agents.testing._loopback_http import sse_response
from agents.testing._loopback_http import text_of
from agents.testing._loopback_http import words

__all__ = ["LoopbackProvider", "RecordedRequest", "Reply", "ToolCall", "WireShape"]


@dataclass
class ToolCall:
    """A function call the scripted model makes; ``id=None`` gets a generated ``call_<n>``."""

    name: str
    arguments: str | dict[str, Any] = "{}"
    id: str | None = None


@dataclass
class Reply:
    """What the scripted model says next (one HTTP response).

    ``usage=None`` computes a deterministic usage from word counts so token accounting
    can be asserted without scripting it. ``status != 200`` sends an OpenAI-style error
    (``error`` overrides its body); ``raw_body`` is sent verbatim to test malformed
    responses; ``stream_chunks`` replaces the generated SSE ``data:`` payloads so that
    provider-dialect fixtures can be replayed byte for byte.
    """

    text: str | None = None
    tool_calls: list[ToolCall] = field(default_factory=list)
    reasoning: str | None = None
    finish_reason: str | None = None
    usage: dict[str, Any] | None = None
    status: int = 200
    error: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    raw_body: bytes | None = None
    delay: float = 0.0
    stream_chunks: list[str] | None = None
    sse_events: list[str] | None = None
    """Whole SSE events sent verbatim to a streaming request (``event:`` lines, comments and
    all; no ``[DONE]`` is added), for dialect fixtures whose framing matters."""
    stream_bytes: list[bytes] | None = None
    """A streamed body as raw pieces, each sent as its own HTTP chunk, so SSE framing can be
    split anywhere (for fuzzing a client's parser); nothing is added."""
    event_delay: float = 0.0
    """Seconds between two events of a streamed answer: a slow provider."""
    hang_up_after: int | None = None
    """Drop the connection abruptly after this many events of a streamed answer (or bytes of
    a JSON one); 0 drops it before any answer. A provider whose connection breaks."""


ToolCallIdStyle = Literal["openai", "alnum9", "empty", "vllm", "short"]

_PRESETS: dict[str, dict[str, Any]] = {
    "openai": {"obfuscation": True},
    "mistral": {
        "stream_usage": "always",
        "tool_call_ids": "alnum9",
        "tool_call_type": False,
        "tool_call_index": False,
        "stream_tool_calls_whole": True,
    },
    "gemini": {"tool_call_ids": "empty", "reasoning_field": None, "thought_signatures": "gemini-3"},
    "groq": {"stream_usage": "x_groq", "reasoning_field": "reasoning"},
    "deepseek": {"stream_usage": "always", "null_usage_chunks": True},
    "openrouter": {
        "stream_usage": "after_finish",
        "sse_comments": True,
        "sse_comment": "OPENROUTER PROCESSING",
        "reasoning_field": "reasoning",
    },
    "together": {
        "stream_usage": "always",
        "reasoning_field": None,
        "reasoning_in_content": True,
        "stop_finish_reason": "eos",
    },
    "vllm": {"tool_call_ids": "vllm", "reasoning_field": "reasoning_content"},
    "ollama": {"tool_call_ids": "short", "reasoning_field": "reasoning"},
    "cerebras": {"send_done": False},
}


@dataclass
class WireShape:
    """Switches for the shapes real providers send, so clients are tested against each.

    ``stream_usage``: ``"stream_options"`` sends a final ``"choices": []`` usage chunk only
    when the request asks via ``stream_options.include_usage`` (OpenAI); ``"always"`` puts
    usage on the finish chunk regardless (Together, DeepSeek, Mistral); ``"x_groq"`` puts it
    only in ``x_groq.usage`` of the finish chunk (Groq's older streams); ``"after_finish"``
    sends it in one more chunk after the finish chunk, still carrying a choice
    (OpenRouter); ``"never"`` omits it. ``sse_comments`` interleaves ``: <sse_comment>``
    comment lines (OpenRouter does). ``WireShape.preset("mistral")`` gives a provider's
    shape as a whole.
    """

    text_chunk_size: int = 4
    stream_usage: Literal["stream_options", "always", "never", "x_groq", "after_finish"] = (
        "stream_options"
    )
    send_done: bool = True
    reasoning_field: str | None = "reasoning_content"
    """Field reasoning is sent in (None: reasoning is not sent, unless in content)."""
    sse_comments: bool = False
    sse_comment: str = "keep-alive"
    tool_call_ids: ToolCallIdStyle = "openai"
    """Generated ids: "call_<n>", 9 alphanumerics (Mistral), "" (Gemini), "chatcmpl-tool-..."
    (vLLM) or 8 characters (Ollama)."""
    tool_call_type: bool = True
    """Tool calls carry ``"type": "function"`` (Mistral leaves it out)."""
    tool_call_index: bool = True
    """Streamed tool-call deltas carry ``index`` (Mistral leaves it out)."""
    stream_tool_calls_whole: bool = False
    """A streamed tool call arrives whole in one chunk (Mistral, Gemini)."""
    reasoning_in_content: bool = False
    """Reasoning is sent inline in the content as ``<think>...</think>`` (Together, HF)."""
    stop_finish_reason: str = "stop"
    """The finish_reason of a text answer (Together sends "eos")."""
    null_usage_chunks: bool = False
    """Every chunk carries ``"usage": null`` whatever the request asked (DeepSeek)."""
    obfuscation: bool = False
    """Every chunk carries an ``obfuscation`` padding string (OpenAI)."""
    thought_signatures: str | None = None
    """A pattern of model names (searched) that sign the first tool call of each answer at
    ``extra_content.google.thought_signature`` and answer 400 to a request whose assistant
    message's first tool call carries no signature (Gemini 3)."""

    @classmethod
    def preset(cls, provider: str, **changes: Any) -> WireShape:
        """The wire shape of a named provider (see ``WireShape.presets()``)."""
        if provider not in _PRESETS:
            known = ", ".join(sorted(_PRESETS))
            raise ValueError(f"No wire-shape preset {provider!r}; known: {known}")
        return cls(**{**_PRESETS[provider], **changes})

    @staticmethod
    def presets() -> list[str]:
        return sorted(_PRESETS)


# status -> (type, code, message); mirrors what api.openai.com sends for each status.
_ERRORS: dict[int, tuple[str, str | None, str]] = {
    400: ("invalid_request_error", None, "Invalid request."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    403: ("permission_error", None, "You are not allowed to perform this request."),
    404: ("invalid_request_error", "not_found", "Not found."),
    409: ("invalid_request_error", None, "Conflict."),
    422: ("invalid_request_error", None, "Unprocessable entity."),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached for requests."),
}


def _error(status: int, message: str | None = None, code: str | None = None) -> Response:
    kind, default_code, default_message = _ERRORS.get(
        status,
        ("server_error", None, "The server had an error while processing your request.")
        if status >= 500
        else ("api_error", None, f"HTTP {status}."),
    )
    body = {
        "error": {
            "message": message or default_message,
            "type": kind,
            "param": None,
            "code": code or default_code,
        }
    }
    return json_response(status, body)


class LoopbackProvider(ScriptedServer[Reply]):
    """A scripted Chat Completions provider on ``127.0.0.1`` for tests, benchmarks and demos.

    Replies come from the ``enqueue``-d script first, then from ``responder``, then from a
    default that names the provider and model, so an unscripted run still answers
    deterministically. Script replies are consumed only by chat requests that pass the
    API-key and model checks.
    """

    _api_prefix = "/v1"

    def __init__(
        self,
        name: str = "loopback",
        *,
        wire: WireShape | None = None,
        **options: Unpack[ServerOptions[Reply]],
    ) -> None:
        super().__init__(name, **options)
        self.wire = wire if wire is not None else WireShape()
        self._completion_ids = itertools.count(1)
        self._call_ids = itertools.count(1)
        self._obfuscation = itertools.count(1)

    @property
    def chat_requests(self) -> list[dict[str, Any]]:
        return self._bodies(lambda r: urlsplit(r.path).path.endswith("/chat/completions"))

    # -- request handling (runs on handler threads) ----------------------------------

    def _admit(self, request: Incoming, body: dict[str, Any] | None) -> Response | dict[str, Any]:
        method, headers, path = request.method, request.headers, request.path
        is_chat, is_models = path.endswith("/chat/completions"), path.endswith("/models")
        if not (is_chat and method == "POST") and not (is_models and method == "GET"):
            return _error(404, f"Invalid URL ({method} {path})", "unknown_url")
        if self.api_key is not None and headers.get("authorization") != f"Bearer {self.api_key}":
            return _error(401)
        if is_models:
            data = [
                {"id": m, "object": "model", "created": 0, "owned_by": self.name}
                for m in (self.models if self.models is not None else ["loopback-model"])
            ]
            return json_response(200, {"object": "list", "data": data})
        if body is None:
            return _error(400, "We could not parse the JSON body of your request.")
        model = body.get("model")
        if not isinstance(model, str) or not model:
            return _error(400, "you must provide a model parameter")
        if self.models is not None and model not in self.models:
            message = f"The model `{model}` does not exist or you do not have access to it."
            return _error(404, message, "model_not_found")
        unsigned = self._unsigned_call(body, model)
        if unsigned is not None:
            return _error(400, unsigned)
        return body

    def _error_response(self, status: int, message: str) -> Response:
        return _error(status, message)

    def _hangs_up(self, reply: Reply) -> bool:
        return reply.hang_up_after == 0

    def _failure(self, reply: Reply) -> Response:
        if reply.error is None:
            return _error(reply.status)
        return json_response(reply.status, reply.error)

    def _answer(self, body: dict[str, Any], reply: Reply) -> Response:
        model = str(body["model"])
        extra = reply.headers
        if body.get("stream") is True:
            if reply.stream_bytes is not None:
                events = [piece for piece in reply.stream_bytes if piece]
            elif reply.sse_events is not None:
                events = [
                    e.encode() if e.endswith("\n\n") else (e + "\n\n").encode()
                    for e in reply.sse_events
                ]
            else:
                events = self._stream_events(body, model, reply)
            answer = sse_response(
                events, event_delay=reply.event_delay, hang_up_after=reply.hang_up_after
            )
            return answer.with_headers(extra)
        answer = json_response(200, self._completion(body, model, reply))
        answer.hang_up_after = reply.hang_up_after
        return answer.with_headers(extra)

    def _default_reply(self, body: dict[str, Any]) -> Reply:
        said = text_of(self._last_user_content(body))
        return Reply(text=self._echo(body, said, "Hello from the loopback provider."))

    def _call_id(self) -> str:
        n = next(self._call_ids)
        style = self.wire.tool_call_ids
        if style == "alnum9":
            return f"T{n:08d}"[-9:].replace("0", "a")
        if style == "empty":
            return ""
        if style == "vllm":
            return f"chatcmpl-tool-{n:032x}"
        if style == "short":
            return f"call_{n:03d}"
        return f"call_{n}"

    def _signs(self, model: str) -> bool:
        pattern = self.wire.thought_signatures
        return pattern is not None and re.search(pattern, model) is not None

    def _unsigned_call(self, body: dict[str, Any], model: str) -> str | None:
        """Gemini 3's complaint about a function call without a thought signature, if any."""
        if not self._signs(model):
            return None
        for position, message in enumerate(body.get("messages") or []):
            calls = message.get("tool_calls") if isinstance(message, dict) else None
            if not calls or not isinstance(calls[0], dict):
                continue
            google = (calls[0].get("extra_content") or {}).get("google") or {}
            if not google.get("thought_signature"):
                name = (calls[0].get("function") or {}).get("name")
                return (
                    "Function call is missing a thought_signature in functionCall parts. "
                    f"Additional data, function call `default_api:{name}` , position "
                    f"{position + 1}."
                )
        return None

    def _tool_calls(self, reply: Reply, model: str = "") -> list[dict[str, Any]]:
        calls = []
        for call in reply.tool_calls:
            args = call.arguments if isinstance(call.arguments, str) else dumps(call.arguments)
            call_id = call.id if call.id is not None else self._call_id()
            function = {"name": call.name, "arguments": args}
            entry: dict[str, Any] = {"id": call_id, "type": "function", "function": function}
            if not self.wire.tool_call_type:
                del entry["type"]
            calls.append(entry)
        if calls and self._signs(model):
            signature = f"loopback-signature-{next(self._call_ids)}"
            calls[0]["extra_content"] = {"google": {"thought_signature": signature}}
        return calls

    def _text_and_reasoning(self, reply: Reply) -> tuple[str | None, str | None]:
        """(content, reasoning field value) as this wire shape sends them."""
        text, reasoning = reply.text, reply.reasoning
        if reasoning is not None and self.wire.reasoning_in_content:
            return f"<think>\n{reasoning}\n</think>\n\n{text or ''}", None
        if self.wire.reasoning_field is None:
            return text, None
        return text, reasoning

    def _finish_reason(self, reply: Reply, calls: list[dict[str, Any]]) -> str:
        if reply.finish_reason:
            return reply.finish_reason
        return "tool_calls" if calls else self.wire.stop_finish_reason

    def _usage(self, body: dict[str, Any], reply: Reply, calls: list[dict[str, Any]]) -> Any:
        if reply.usage is not None:
            return reply.usage
        messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
        prompt = max(1, sum(3 + words(text_of(m.get("content"))) for m in messages))
        reasoning = words(reply.reasoning)
        args = sum(words(c["function"]["arguments"]) for c in calls)
        completion = max(1, words(reply.text) + args + reasoning)
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": reasoning,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        }

    def _envelope(self, obj: str, model: str) -> dict[str, Any]:
        return {
            "id": f"chatcmpl-loopback{next(self._completion_ids):08d}",
            "object": obj,
            "created": int(time.time()),
            "model": model,
        }

    def _completion(self, body: dict[str, Any], model: str, reply: Reply) -> dict[str, Any]:
        calls = self._tool_calls(reply, model)
        text, reasoning = self._text_and_reasoning(reply)
        message: dict[str, Any] = {"role": "assistant", "content": text}
        if calls:
            message["tool_calls"] = calls
        if reasoning is not None and self.wire.reasoning_field is not None:
            message[self.wire.reasoning_field] = reasoning
        finish = self._finish_reason(reply, calls)
        choice = {"index": 0, "message": message, "finish_reason": finish, "logprobs": None}
        completion: dict[str, Any] = {
            **self._envelope("chat.completion", model),
            "choices": [choice],
            "usage": self._usage(body, reply, calls),
            "system_fingerprint": None,
        }
        if self.wire.stream_usage == "x_groq":
            completion["x_groq"] = {"id": "req_loopback"}
        return completion

    def _stream_events(self, body: dict[str, Any], model: str, reply: Reply) -> list[bytes]:
        wire = self.wire
        if reply.stream_chunks is not None:
            payloads = list(reply.stream_chunks)
        else:
            payloads = [dumps(c) for c in self._stream_chunks(body, model, reply)]
        if wire.send_done and (not payloads or payloads[-1].strip() != "[DONE]"):
            payloads.append("[DONE]")
        events = []
        for payload in payloads:
            if wire.sse_comments:
                events.append(f": {wire.sse_comment}\n\n".encode())
            events.append(f"data: {payload}\n\n".encode())
        return events

    def _stream_chunks(self, body: dict[str, Any], model: str, reply: Reply) -> list[Any]:
        wire, size = self.wire, self.wire.text_chunk_size
        calls = self._tool_calls(reply, model)
        text, reasoning = self._text_and_reasoning(reply)
        head = {**self._envelope("chat.completion.chunk", model), "system_fingerprint": None}
        options = body.get("stream_options")
        wants_usage = isinstance(options, dict) and options.get("include_usage") is True
        # OpenAI sends "usage": null on every chunk once the client opts in; DeepSeek always.
        null_usage = (
            {"usage": None}
            if (wire.stream_usage == "stream_options" and wants_usage) or wire.null_usage_chunks
            else {}
        )

        def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            out = {**head, "choices": [choice], **null_usage}
            if wire.obfuscation:
                out["obfuscation"] = f"pad{next(self._obfuscation):x}"
            return out

        chunks = [chunk({"role": "assistant", "content": ""})]
        if wire.reasoning_field is not None:
            chunks += [chunk({wire.reasoning_field: p}) for p in pieces(reasoning or "", size)]
        chunks += [chunk({"content": p}) for p in pieces(text or "", size)]
        for index, call in enumerate(calls):
            fn = call["function"]
            first: dict[str, Any] = {"id": call["id"]}
            if wire.tool_call_index:
                first = {"index": index, **first}
            if wire.tool_call_type:
                first["type"] = "function"
            if "extra_content" in call:
                first["extra_content"] = call["extra_content"]
            if wire.stream_tool_calls_whole:
                first["function"] = dict(fn)
                chunks.append(chunk({"tool_calls": [first]}))
                continue
            first["function"] = {"name": fn["name"], "arguments": ""}
            chunks.append(chunk({"tool_calls": [first]}))
            for piece in pieces(fn["arguments"], size):
                fragment: dict[str, Any] = {"function": {"arguments": piece}}
                if wire.tool_call_index:
                    fragment["index"] = index
                chunks.append(chunk({"tool_calls": [fragment]}))
        finish = chunk({}, self._finish_reason(reply, calls))
        usage = self._usage(body, reply, calls)
        if wire.stream_usage == "always":
            finish["usage"] = usage
        elif wire.stream_usage == "x_groq":
            finish["x_groq"] = {"id": "req_loopback", "usage": usage}
        chunks.append(finish)
        if wire.stream_usage == "after_finish":
            again = chunk(
                {"role": "assistant", "content": ""}, finish["choices"][0]["finish_reason"]
            )
            chunks.append({**again, "usage": usage})
        elif null_usage and wire.stream_usage == "stream_options":
            chunks.append({**head, "choices": [], "usage": usage})
        return chunks
