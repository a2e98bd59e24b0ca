"""The listening socket and accept loop of the tests' hand-written servers (the raw-byte
server, the recording proxy)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable


def loopback_listener() -> socket.socket:
    """A TCP socket listening on a free port of 127.0.0.1."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


def accept_each(
    sock: socket.socket, stopping: threading.Event, handle: Callable[[socket.socket], None]
) -> None:
    """Hands each connection `sock` accepts to `handle`, until `stopping` is set or the socket
    is closed (a timeout on `sock` only lets the loop look at `stopping` again)."""
    while not stopping.is_set():
        try:
            conn, _ = sock.accept()
        except OSError:
            if sock.fileno() == -1:
                return
            continue
        handle(conn)
