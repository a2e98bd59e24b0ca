"""Start the example tools server in a subprocess on a free loopback port (for sse/http)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

SERVER = Path(__file__).with_name("tools_server.py")


@contextlib.contextmanager
def local_server(transport: str) -> Iterator[str]:
    """Yields the server's URL once it accepts connections; stops it afterwards."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, str(SERVER), transport, str(port)])
    try:
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the example MCP server did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}" + ("/sse" if transport == "sse" else "/mcp")
    finally:
        process.terminate()
        process.wait(10)
