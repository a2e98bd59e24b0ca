"""A raw-socket HTTP server that sends exactly the bytes a test scripts, on every route.

The scripted loopback servers of `agents.testing` speak their protocols correctly; the faults
here are in the framing (a stream that stops cleanly half-way, comments and nothing else, a
body that is not UTF-8), so the tests record a correct answer from those servers once and
replay it, cut or altered, from this one.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass
from dataclasses import field
from typing import Any

import httpx

from tests.helpers.sockets import accept_each
from tests.helpers.sockets import loopback_listener


@dataclass
class Raw:
    """One scripted HTTP answer.

    `body` bytes are sent with a Content-Length; `events` (SSE events) as HTTP chunks, each
    after `gap` seconds; `end="clean"` ends the chunked body properly, `"cut"` closes the
    socket without the terminating chunk, `"hang"` keeps the socket open for `hold` seconds.
    """

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    events: list[bytes] | None = None
    gap: float = 0.0
    end: str = "clean"
    hold: float = 0.0
    delay: float = 0.0


_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 429: "Too Many Requests"}


class RawServer:
    """Answers each request with the next scripted `Raw` (a 500 when the script is empty)."""

    def __init__(self) -> None:
        self._script: deque[Raw] = deque()
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._sock = loopback_listener()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def enqueue(self, *replies: Raw) -> None:
        with self._lock:
            self._script.extend(replies)

    def reset(self) -> None:
        with self._lock:
            self._script.clear()
            self.requests.clear()

    def stop(self) -> None:
        self._stopping.set()
        self._sock.close()

    def _serve(self) -> None:
        accept_each(self._sock, self._stopping, self._handle_in_thread)

    def _handle_in_thread(self, conn: socket.socket) -> None:
        threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            with conn:
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                reader = conn.makefile("rb")
                while self._one(conn, reader):
                    pass
        except OSError:
            pass

    def _one(self, conn: socket.socket, reader: Any) -> bool:
        line = reader.readline()
        if not line:
            return False
        headers: dict[str, str] = {}
        while True:
            header = reader.readline()
            if header in (b"\r\n", b"\n", b""):
                break
            name, _, value = header.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        raw = reader.read(int(headers.get("content-length") or 0))
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        with self._lock:
            self.requests.append({"path": line.split()[1].decode(), "body": body})
            reply = self._script.popleft() if self._script else Raw(status=500, body=b"{}")
        if reply.delay and self._stopping.wait(reply.delay):
            return False
        head = [f"HTTP/1.1 {reply.status} {_REASONS.get(reply.status, 'Status')}"]
        extra = {k.lower(): v for k, v in reply.headers.items()}
        if reply.events is None:
            payload = reply.body or b""
            extra.setdefault("content-type", "application/json")
            head += [f"{k}: {v}" for k, v in extra.items()]
            head.append(f"content-length: {len(payload)}")
            conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
            return True
        extra.setdefault("content-type", "text/event-stream")
        head += [f"{k}: {v}" for k, v in extra.items()]
        head.append("transfer-encoding: chunked")
        conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        for i, event in enumerate(reply.events):
            if i and reply.gap and self._stopping.wait(reply.gap):
                return False
            conn.sendall(b"%X\r\n%s\r\n" % (len(event), event))
        if reply.end == "cut":
            return False
        if reply.end == "hang":
            self._stopping.wait(reply.hold)
            return False
        if reply.hold:
            self._stopping.wait(reply.hold)
        conn.sendall(b"0\r\n\r\n")
        return True


def split_events(body: bytes) -> list[bytes]:
    """An SSE body as its events, each with its blank-line terminator."""
    return [part + b"\n\n" for part in body.replace(b"\r\n", b"\n").split(b"\n\n") if part]


def record(url: str, body: dict[str, Any], headers: dict[str, str]) -> bytes:
    """A correct answer's bytes, from one of the scripted servers."""
    response = httpx.post(url, json=body, headers=headers, timeout=10)
    response.raise_for_status()
    return response.content


def wait_until(predicate: Any, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False
