"""A scripted OpenAI-compatible Chat Completions server on loopback.

Tests, benchmarks and the keyless demo need a model that answers over real HTTP, so that
the real ``openai`` and ``litellm`` clients exercise their own wire parsing (JSON bodies,
SSE streams, error statuses, retry headers) instead of a mock that can drift from them.
Only the standard library is used, and the server runs in a background thread, so it
works the same from synchronous code and from inside a running asyncio event loop.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import socketserver
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

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
    "gemini": {"tool_call_ids": "empty", "reasoning_field": None},
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


@dataclass
class RecordedRequest:
    """One request as received; ``path`` keeps the query string, header names are lower-case."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None


@dataclass
class _Response:
    status: int
    headers: dict[str, str]
    body: bytes = b""
    events: list[bytes] | None = None  # SSE events, sent with chunked transfer encoding
    event_delay: float = 0.0
    hang_up_after: int | None = None  # events (or body bytes) sent before the connection drops

    def with_headers(self, extra: dict[str, str]) -> _Response:
        """Add a Reply's headers, letting them replace defaults such as Content-Type."""
        overridden = {name.lower() for name in extra}
        kept = {k: v for k, v in self.headers.items() if k.lower() not in overridden}
        self.headers = {**kept, **extra}
        return self


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _words(text: str | None) -> int:
    return len(text.split()) if text else 0


def _content_text(content: Any) -> str:
    """Text of a message ``content``, which may be a string or a list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [p.get("text") for p in content if isinstance(p, dict)]
        return " ".join(p for p in parts if isinstance(p, str))
    return ""


def _pieces(text: str, size: int) -> list[str]:
    size = max(1, size)
    return [text[i : i + size] for i in range(0, len(text), size)]


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


def _error(status: int, message: str | None = None, code: str | None = None) -> _Response:
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
    return _Response(status, {"Content-Type": "application/json"}, _dumps(body).encode())


class _Responder(Protocol):
    """What a loopback server asks for each request's answer (None: hang up)."""

    def _respond(
        self,
        method: str,
        raw_path: str,
        headers: dict[str, str],
        raw: bytes,
        stopping: threading.Event,
    ) -> _Response | None: ...


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # never join handler threads: a sleeping handler must not block stop()
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], provider: _Responder) -> None:
        self.provider = provider
        self.stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS lookup that can
        # stall for seconds on hosts without a resolver; loopback never needs it.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def track(self, conn: socket.socket, active: bool) -> None:
        with self._connections_lock:
            if active:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def close_connections(self) -> None:
        """Wake handlers blocked reading idle keep-alive connections so their threads end."""
        with self._connections_lock:
            conns = list(self._connections)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hanging up mid-response are expected in tests; stay quiet


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "freeagents-loopback/0.1"
    disable_nagle_algorithm = True  # small SSE writes would otherwise stall on delayed ACKs
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            data = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return bytes(data)
                data += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _serve(self, method: str) -> None:
        try:
            try:
                raw = self._read_body()
            except ValueError:
                self.close_connection = True
                self._write(_error(400, "Could not read the request body."))
                return
            headers: dict[str, str] = {}
            for name, value in self.headers.items():
                key = name.lower()
                headers[key] = f"{headers[key]}, {value}" if key in headers else value
            stopping = self.server.stopping
            response = self.server.provider._respond(method, self.path, headers, raw, stopping)
            if response is None or self.server.stopping.is_set():
                self.close_connection = True
                return
            self._write(response)
        except OSError:  # the client went away, or stop() cut the connection
            self.close_connection = True

    def _write(self, response: _Response) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        cut = response.hang_up_after
        if response.events is None:
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if cut is not None:
                self.wfile.write(response.body[:cut])
                self.close_connection = True
                return
            self.wfile.write(response.body)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for i, event in enumerate(response.events):
            if i == cut:
                self.wfile.flush()
                self.close_connection = True  # no terminating chunk: the body is cut short
                return
            if i and response.event_delay > 0 and self.server.stopping.wait(response.event_delay):
                self.close_connection = True
                return
            if self.server.stopping.is_set():
                self.close_connection = True
                return
            frame = b"%X\r\n%s\r\n" % (len(event), event)
            # The terminator travels with the last event: the openai client drains the
            # body after [DONE] (up to 0.1 s) before it reuses the connection.
            last = i == len(response.events) - 1
            self.wfile.write(frame + b"0\r\n\r\n" if last else frame)
        if not response.events:
            self.wfile.write(b"0\r\n\r\n")


class LoopbackProvider:
    """A scripted Chat Completions provider on ``127.0.0.1`` for tests, benchmarks and demos.

    Replies come from the ``enqueue``-d script first, then from ``responder``, then from a
    default that names the provider and model, so an unscripted run still answers
    deterministically. Script replies are consumed only by chat requests that pass the
    API-key and model checks.
    """

    def __init__(
        self,
        name: str = "loopback",
        *,
        api_key: str | None = None,
        models: Iterable[str] | None = None,
        replies: Iterable[Reply] = (),
        responder: Callable[[dict[str, Any]], Reply] | None = None,
        wire: WireShape | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.name = name
        self.api_key = api_key
        self.models: list[str] | None = list(models) if models is not None else None
        self.responder = responder
        self.wire = wire if wire is not None else WireShape()
        self.host = host
        self.requests: list[RecordedRequest] = []
        self._requested_port = port
        self._port: int | None = None
        self._replies: deque[Reply] = deque(replies)
        self._lock = threading.Lock()
        self._lifecycle = threading.Lock()
        self._completion_ids = itertools.count(1)
        self._call_ids = itertools.count(1)
        self._obfuscation = itertools.count(1)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> LoopbackProvider:
        with self._lifecycle:
            if self._server is None:
                server = _Server((self.host, self._requested_port), self)
                thread = threading.Thread(
                    target=server.serve_forever,
                    kwargs={"poll_interval": 0.01},
                    name=f"LoopbackProvider[{self.name}]",
                    daemon=True,
                )
                thread.start()
                self._server, self._thread = server, thread
                self._port = int(server.server_address[1])
        return self

    def stop(self) -> None:
        with self._lifecycle:
            server, thread = self._server, self._thread
            self._server = self._thread = None
        if server is None:
            return
        server.stopping.set()  # wakes handlers waiting out a Reply.delay
        server.shutdown()  # returns within one poll interval
        server.server_close()
        server.close_connections()
        if thread is not None:
            thread.join(timeout=1.0)

    def __enter__(self) -> LoopbackProvider:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> LoopbackProvider:
        return self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses and script -------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("LoopbackProvider is not started; call start() or use `with`")
        return self._port

    def url(self, prefix: str = "") -> str:
        """Base URL with any prefix; the server routes on the path's ending, not its prefix."""
        return f"http://{self.host}:{self.port}{prefix}"

    @property
    def base_url(self) -> str:
        return self.url("/v1")

    @property
    def open_connections(self) -> int:
        """Client connections open right now (idle keep-alive ones included): a client that
        closed its streams and pool leaves none."""
        server = self._server
        if server is None:
            return 0
        with server._connections_lock:
            return len(server._connections)

    def enqueue(self, *replies: Reply) -> None:
        with self._lock:
            self._replies.extend(replies)

    @property
    def chat_requests(self) -> list[dict[str, Any]]:
        with self._lock:
            recorded = list(self.requests)
        return [
            r.body
            for r in recorded
            if r.body is not None and urlsplit(r.path).path.endswith("/chat/completions")
        ]

    # -- request handling (runs on handler threads) ----------------------------------

    def _respond(
        self,
        method: str,
        raw_path: str,
        headers: dict[str, str],
        raw: bytes,
        stopping: threading.Event,
    ) -> _Response | None:
        body: dict[str, Any] | None = None
        valid_json = True
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                valid_json = False
            else:
                body = parsed if isinstance(parsed, dict) else None
                valid_json = body is not None
        with self._lock:
            self.requests.append(RecordedRequest(method, raw_path, headers, body))

        path = urlsplit(raw_path).path.rstrip("/")
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
            return self._json(200, {"object": "list", "data": data})
        if body is None or not valid_json:
            return _error(400, "We could not parse the JSON body of your request.")
        model = body.get("model")
        if not isinstance(model, str) or not model:
            return _error(400, "you must provide a model parameter")
        if self.models is not None and model not in self.models:
            message = f"The model `{model}` does not exist or you do not have access to it."
            return _error(404, message, "model_not_found")
        try:
            reply = self._next_reply(body)
        except Exception as exc:  # a broken responder should fail the test loudly, not hang
            return _error(500, f"LoopbackProvider responder failed: {exc!r}")
        # Waiting on the stop event instead of time.sleep lets stop() cut a delay short.
        if reply.delay > 0 and stopping.wait(reply.delay):
            return None
        if reply.hang_up_after == 0:
            return None
        extra = reply.headers
        if reply.raw_body is not None:
            raw_response = _Response(
                reply.status, {"Content-Type": "application/json"}, reply.raw_body
            )
            return raw_response.with_headers(extra)
        if reply.status != 200:
            if reply.error is None:
                return _error(reply.status).with_headers(extra)
            return self._json(reply.status, reply.error).with_headers(extra)
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
            sse_headers = {
                "Content-Type": "text/event-stream; charset=utf-8",
                "Cache-Control": "no-cache",
            }
            answer = _Response(
                200,
                sse_headers,
                events=events,
                event_delay=reply.event_delay,
                hang_up_after=reply.hang_up_after,
            )
            return answer.with_headers(extra)
        answer = self._json(200, self._completion(body, model, reply))
        answer.hang_up_after = reply.hang_up_after
        return answer.with_headers(extra)

    def _next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            if self._replies:
                return self._replies.popleft()
        if self.responder is not None:
            return self.responder(body)
        said = ""
        for message in reversed(body.get("messages") or []):
            if isinstance(message, dict) and message.get("role") == "user":
                said = " ".join(_content_text(message.get("content")).split())
                break
        answer = f"You said: {said[:200]}" if said else "Hello from the loopback provider."
        return Reply(text=f"[{self.name}:{body.get('model')}] {answer}")

    @staticmethod
    def _json(status: int, payload: Any) -> _Response:
        return _Response(status, {"Content-Type": "application/json"}, _dumps(payload).encode())

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

    def _tool_calls(self, reply: Reply) -> list[dict[str, Any]]:
        calls = []
        for call in reply.tool_calls:
            args = call.arguments if isinstance(call.arguments, str) else _dumps(call.arguments)
            call_id = call.id if call.id is not None else self._call_id()
            function = {"name": call.name, "arguments": args}
            entry: dict[str, Any] = {"id": call_id, "type": "function", "function": function}
            if not self.wire.tool_call_type:
                del entry["type"]
            calls.append(entry)
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
        prompt = max(1, sum(3 + _words(_content_text(m.get("content"))) for m in messages))
        reasoning = _words(reply.reasoning)
        args = sum(_words(c["function"]["arguments"]) for c in calls)
        completion = max(1, _words(reply.text) + args + reasoning)
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
        calls = self._tool_calls(reply)
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
            payloads = [_dumps(c) for c in self._stream_chunks(body, model, reply)]
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
        calls = self._tool_calls(reply)
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
            chunks += [chunk({wire.reasoning_field: p}) for p in _pieces(reasoning or "", size)]
        chunks += [chunk({"content": p}) for p in _pieces(text or "", size)]
        for index, call in enumerate(calls):
            fn = call["function"]
            first: dict[str, Any] = {"id": call["id"]}
            if wire.tool_call_index:
                first = {"index": index, **first}
            if wire.tool_call_type:
                first["type"] = "function"
            if wire.stream_tool_calls_whole:
                first["function"] = dict(fn)
                chunks.append(chunk({"tool_calls": [first]}))
                continue
            first["function"] = {"name": fn["name"], "arguments": ""}
            chunks.append(chunk({"tool_calls": [first]}))
            for piece in _pieces(fn["arguments"], size):
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
