"""A minimal HTTP/1.1 server in a child process answering every POST with a canned body.

The wire-path benchmarks measure client-side work only: the server runs in another process
(off this one's GIL), does no JSON parsing and answers at once, a canned completion for a
plain request and a canned SSE stream for one that asks to stream. Bodies are read whole
(Content-Length), so the request's size is paid for on the wire as it would be, and
connections are kept alive.

Run as ``python _canned_server.py PORT COMPLETION_FILE STREAM_FILE``; the parent uses
`canned_server`.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path


def _response(content_type: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
    )
    return head.encode() + body


def serve(port: int, completion: bytes, stream: bytes) -> None:
    plain = _response("application/json", completion)
    streamed = _response("text/event-stream; charset=utf-8", stream)

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            while True:
                length = 0
                line = self.rfile.readline()
                if not line:
                    return
                while line not in (b"\r\n", b"\n", b""):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                    line = self.rfile.readline()
                body = self.rfile.read(length)
                wants_stream = b'"stream":true' in body[:200]
                self.wfile.write(streamed if wants_stream else plain)
                self.wfile.flush()

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    with Server(("127.0.0.1", port), Handler) as server:
        server.serve_forever()


@contextlib.contextmanager
def canned_server(completion: bytes, stream: bytes, tmp: Path) -> Iterator[str]:
    """Start the server in a child process; yields its base URL (``.../v1``)."""
    (tmp / "completion").write_bytes(completion)
    (tmp / "stream").write_bytes(stream)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, __file__, str(port), str(tmp / "completion"), str(tmp / "stream")]
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        proc.terminate()
        proc.wait(timeout=5)


if __name__ == "__main__":
    serve(int(sys.argv[1]), Path(sys.argv[2]).read_bytes(), Path(sys.argv[3]).read_bytes())
