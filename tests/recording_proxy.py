"""An HTTP(S) proxy on loopback that records every request and forwards nothing.

Set as a process's HTTPS_PROXY/HTTP_PROXY, it reveals any attempt to reach a host other
than the loopback providers (which NO_PROXY exempts).
"""

from __future__ import annotations

import contextlib
import socket
import threading

from tests.helpers.sockets import accept_each
from tests.helpers.sockets import loopback_listener


class RecordingProxy:
    def __init__(self) -> None:
        self._sock = loopback_listener()
        self._sock.settimeout(0.2)
        self.port: int = self._sock.getsockname()[1]
        self.seen: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        accept_each(self._sock, self._stop, self._refuse)

    def _refuse(self, conn: socket.socket) -> None:
        """Records the request line and answers 403: nothing is forwarded."""
        with conn:
            conn.settimeout(2)
            try:
                head = conn.recv(65536).split(b"\r\n", 1)[0].decode("latin-1")
            except OSError:
                head = "<unreadable>"
            with self._lock:
                self.seen.append(head)
            with contextlib.suppress(OSError):
                conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")

    def __enter__(self) -> RecordingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(2)
        self._sock.close()
