"""The HTTP machinery every scripted loopback server shares.

The Chat Completions, Anthropic and Responses servers differ only in the protocol they speak;
how they listen, record requests, stop without waiting on a sleeping handler and write bodies
(chunked, delayed or cut short) is one piece of code, so a fix to it reaches all three. Only
the standard library is used, and each server runs in a background thread, so it works the
same from synchronous code and from inside a running asyncio event loop.
"""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import threading
from abc import ABC
from abc import abstractmethod
from collections import deque
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from typing import Any
from typing import Generic
from typing import Protocol
from typing import TypedDict
from typing import TypeVar
from urllib.parse import urlsplit

from typing_extensions import Self
from typing_extensions import Unpack

R = TypeVar("R")

SSE_HEADERS = {"Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache"}


@dataclass
class RecordedRequest:
    """One request as received; ``path`` keeps the query string, header names are lower-case."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    raw: bytes = b""
    """The body's bytes as received (what a client put on the wire)."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes = b""
    events: list[bytes] | None = None  # SSE events, sent with chunked transfer encoding
    event_delay: float = 0.0
    hang_up_after: int | None = None  # events (or body bytes) sent before the connection drops

    def with_headers(self, extra: dict[str, str]) -> Response:
        """Add a reply's headers, letting them replace defaults such as Content-Type."""
        overridden = {name.lower() for name in extra}
        kept = {k: v for k, v in self.headers.items() if k.lower() not in overridden}
        self.headers = {**kept, **extra}
        return self


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def raw_json_response(status: int, body: bytes) -> Response:
    return Response(status, {"Content-Type": "application/json"}, body)


def json_response(status: int, payload: Any) -> Response:
    return raw_json_response(status, dumps(payload).encode())


def sse_response(
    events: list[bytes], *, event_delay: float = 0.0, hang_up_after: int | None = None
) -> Response:
    return Response(
        200, dict(SSE_HEADERS), events=events, event_delay=event_delay, hang_up_after=hang_up_after
    )


def words(text: str | None) -> int:
    """Word count: the deterministic stand-in for tokens, so usage can be asserted."""
    return len(text.split()) if text else 0


def text_of(content: Any) -> str:
    """Text of a message ``content``, which may be a string or a list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [p.get("text") for p in content if isinstance(p, dict)]
        return " ".join(t for t in texts if isinstance(t, str))
    return ""


def pieces(text: str, size: int) -> list[str]:
    """``text`` in stream deltas of ``size`` characters (none for empty text)."""
    size = max(1, size)
    return [text[i : i + size] for i in range(0, len(text), size)]


def deltas(text: str, size: int) -> list[str]:
    """Like ``pieces``, for protocols whose streamed part carries at least one delta, even
    when its text is empty (Anthropic's and the Responses API's)."""
    return pieces(text, size) or [""]


@dataclass(frozen=True)
class Incoming:
    """One request as a loopback server received it, and the server's stop signal (a reply's
    delay waits on it, so stop() cuts the wait short)."""

    method: str
    raw_path: str
    headers: dict[str, str]
    raw: bytes
    stopping: threading.Event

    @property
    def path(self) -> str:
        """The path without query or trailing slash."""
        return urlsplit(self.raw_path).path.rstrip("/")


class Responder(Protocol):
    """What a loopback server asks for each request's answer (None: hang up)."""

    def _respond(self, request: Incoming) -> Response | None: ...


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # never join handler threads: a sleeping handler must not block stop()
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], app: Responder) -> None:
        self.app = app
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

    @property
    def open_connections(self) -> int:
        with self._connections_lock:
            return len(self._connections)

    def close_connections(self) -> None:
        """Wake handlers blocked reading idle keep-alive connections so their threads end."""
        with self._connections_lock:
            conns = list(self._connections)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hanging up mid-response are expected in tests; stay quiet


def _unreadable_body() -> Response:
    error = {
        "message": "Could not read the request body.",
        "type": "invalid_request_error",
        "param": None,
        "code": None,
    }
    return json_response(400, {"error": error})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "freeagents-loopback/0.1"
    disable_nagle_algorithm = True  # small SSE writes would otherwise stall on delayed ACKs
    server: Server

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

    def do_DELETE(self) -> None:
        self._serve("DELETE")

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
                self._write(_unreadable_body())
                return
            headers: dict[str, str] = {}
            for name, value in self.headers.items():
                key = name.lower()
                headers[key] = f"{headers[key]}, {value}" if key in headers else value
            request = Incoming(method, self.path, headers, raw, self.server.stopping)
            response = self.server.app._respond(request)
            if response is None or self.server.stopping.is_set():
                self.close_connection = True
                return
            self._write(response)
        except OSError:  # the client went away, or stop() cut the connection
            self.close_connection = True

    def _write(self, response: Response) -> None:
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


class ServerOptions(TypedDict, Generic[R], total=False):
    """What every scripted server takes besides its name; one list, so the three agree.

    ``api_key``: the Bearer key requests must carry (None: any). ``models``: the model ids it
    serves (None: any). ``replies``: the script, answered in order. ``responder``: answers
    once the script is spent. ``host``, ``port``: where to listen (port 0: a free one).
    """

    api_key: str | None
    models: Iterable[str] | None
    replies: Iterable[R]
    responder: Callable[[dict[str, Any]], R] | None
    host: str
    port: int


class LoopbackServer(ABC, Generic[R]):
    """A scripted server's lifecycle, script and request log; a subclass speaks the protocol.

    Replies of type ``R`` come from the ``enqueue``-d script first, then ``responder``, then
    the subclass's ``_default_reply``, so an unscripted run still answers deterministically.
    """

    def __init__(self, name: str, **options: Unpack[ServerOptions[R]]) -> None:
        models = options.get("models")
        self.name = name
        self.api_key = options.get("api_key")
        self.models: list[str] | None = list(models) if models is not None else None
        self.responder = options.get("responder")
        self.host = options.get("host", "127.0.0.1")
        self.requests: list[RecordedRequest] = []
        self._replies: deque[R] = deque(options.get("replies", ()))
        self._lock = threading.Lock()
        self._lifecycle = threading.Lock()
        self._requested_port = options.get("port", 0)
        self._port: int | None = None
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> Self:
        with self._lifecycle:
            if self._server is None:
                server = Server((self.host, self._requested_port), self)
                thread = threading.Thread(
                    target=server.serve_forever,
                    kwargs={"poll_interval": 0.01},
                    name=f"{type(self).__name__}[{self.name}]",
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
        server.stopping.set()  # wakes handlers waiting out a reply's delay
        server.shutdown()  # returns within one poll interval
        server.server_close()
        server.close_connections()
        if thread is not None:
            thread.join(timeout=1.0)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def __aenter__(self) -> Self:
        return self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        self.stop()

    # -- addresses and script -------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            name = type(self).__name__
            raise RuntimeError(f"{name} is not started; call start() or use `with`")
        return self._port

    def url(self, prefix: str = "") -> str:
        """Base URL with any prefix; the server routes on the path's ending, not its prefix."""
        return f"http://{self.host}:{self.port}{prefix}"

    @property
    def open_connections(self) -> int:
        """Client connections open right now (idle keep-alive ones included): a client that
        closed its streams and pool leaves none."""
        server = self._server
        return 0 if server is None else server.open_connections

    def enqueue(self, *replies: R) -> None:
        with self._lock:
            self._replies.extend(replies)

    def _bodies(self, wanted: Callable[[RecordedRequest], bool]) -> list[dict[str, Any]]:
        """JSON bodies of the recorded requests `wanted` picks, in order."""
        with self._lock:
            recorded = list(self.requests)
        return [r.body for r in recorded if r.body is not None and wanted(r)]

    # -- request handling (runs on handler threads) ----------------------------------

    @abstractmethod
    def _respond(self, request: Incoming) -> Response | None: ...

    @abstractmethod
    def _default_reply(self, body: dict[str, Any]) -> R: ...

    def _record(self, request: Incoming) -> dict[str, Any] | None:
        """Log the request; its body when that is a JSON object (None otherwise)."""
        body: dict[str, Any] | None = None
        if request.raw:
            try:
                parsed = json.loads(request.raw)
            except ValueError:
                parsed = None
            body = parsed if isinstance(parsed, dict) else None
        with self._lock:
            self.requests.append(
                RecordedRequest(
                    request.method, request.raw_path, request.headers, body, request.raw
                )
            )
        return body

    def _next_reply(self, body: dict[str, Any]) -> R:
        with self._lock:
            if self._replies:
                return self._replies.popleft()
        if self.responder is not None:
            return self.responder(body)
        return self._default_reply(body)

    def _echo(self, body: dict[str, Any], said: str, hello: str) -> str:
        """The unscripted answer: it names server and model, so a run shows who answered."""
        said = " ".join(said.split())
        answer = f"You said: {said[:200]}" if said else hello
        return f"[{self.name}:{body.get('model')}] {answer}"


class ScriptedReply(Protocol):
    """What the shared request path reads of a scripted reply."""

    @property
    def delay(self) -> float: ...

    @property
    def raw_body(self) -> bytes | None: ...

    @property
    def status(self) -> int: ...

    @property
    def headers(self) -> dict[str, str]: ...


S = TypeVar("S", bound=ScriptedReply)


class ScriptedServer(LoopbackServer[S]):
    """A loopback server for one provider API: every request takes the same path (recorded,
    checked as the real API checks it, answered from the script after the reply's delay), and
    the subclass supplies the protocol's checks, error body and answer."""

    _api_prefix = ""
    """What `base_url` adds to the server's root: clients append their routes to it."""

    @property
    def base_url(self) -> str:
        return self.url(self._api_prefix)

    def _respond(self, request: Incoming) -> Response | None:
        body = self._record(request)
        admitted = self._admit(request, body)
        if isinstance(admitted, Response):
            return admitted
        try:
            reply = self._next_reply(admitted)
        except Exception as exc:  # a broken responder should fail the test loudly, not hang
            name = type(self).__name__
            return self._error_response(500, f"{name} responder failed: {exc!r}")
        # Waiting on the stop event instead of time.sleep lets stop() cut a delay short.
        if reply.delay > 0 and request.stopping.wait(reply.delay):
            return None
        if self._hangs_up(reply):
            return None
        if reply.raw_body is not None:
            return raw_json_response(reply.status, reply.raw_body).with_headers(reply.headers)
        if reply.status != 200:
            return self._failure(reply).with_headers(reply.headers)
        return self._answer(admitted, reply)

    def _hangs_up(self, reply: S) -> bool:
        """Whether the connection drops before anything is sent (a protocol's replies may
        script that)."""
        return False

    def _last_user_content(self, body: dict[str, Any]) -> Any:
        """The content of the request's last user message (None when it has none)."""
        for message in reversed(body.get("messages") or []):
            if isinstance(message, dict) and message.get("role") == "user":
                return message.get("content")
        return None

    @abstractmethod
    def _admit(self, request: Incoming, body: dict[str, Any] | None) -> Response | dict[str, Any]:
        """The body of a request the script is to answer; for any other request, what the
        real API answers first (an error, or what a GET reads)."""

    @abstractmethod
    def _failure(self, reply: S) -> Response:
        """A reply scripted with an error status, in the protocol's error body."""

    @abstractmethod
    def _answer(self, body: dict[str, Any], reply: S) -> Response:
        """A successful scripted reply as the protocol sends it."""

    @abstractmethod
    def _error_response(self, status: int, message: str) -> Response:
        """An error with `message`, in the protocol's error body."""
