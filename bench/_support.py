"""Shared pieces of the benchmarks: statistics, report lines, JSON results and an nginx server.

The benchmarks compare the SDK with the raw ``openai`` client in one process, so both
sides share one client (one connection pool, one event loop) and only the SDK's own work
differs. nginx answers the concurrency benchmark because a Python server in the same
process would be the bottleneck and hide the client cost being measured.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from collections.abc import Sequence
from pathlib import Path
from typing import Any

NGINX_INSTALL_HINT = (
    "nginx is not installed; install it with `apt-get install -y nginx-light` "
    "(or `apt-get install -y nginx`, `brew install nginx`), then run this again."
)

# The canned completion nginx returns: what a provider sends for a one-word answer.
CANNED_COMPLETION: dict[str, Any] = {
    "id": "chatcmpl-bench",
    "object": "chat.completion",
    "created": 1700000000,
    "model": "bench-model",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Hello!", "refusal": None},
            "finish_reason": "stop",
            "logprobs": None,
        }
    ],
    "usage": {
        "prompt_tokens": 8,
        "completion_tokens": 2,
        "total_tokens": 10,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0},
    },
    "system_fingerprint": None,
}


def keep_traffic_local() -> None:
    """Drop ambient OpenAI credentials so nothing (a trace exporter, say) can go online.

    Every client in the benchmarks gets its key and base URL explicitly.
    """
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        os.environ.pop(name, None)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: Sequence[float]) -> str:
    """Interquartile range as text, so a reader can tell signal from noise."""
    if len(values) < 4:
        return "n/a"
    q = statistics.quantiles(values, n=4)
    return f"{q[0]:.3f}-{q[2]:.3f}"


def verdict(value: float, limit: float) -> str:
    if value != value:  # NaN: the measurement did not happen
        return "N/A"
    return "PASS" if value <= limit else "MISS"


def write_json(path: str | None, payload: dict[str, Any]) -> None:
    """Results for run_all.py, which runs each benchmark in its own process."""
    if path:
        Path(path).write_text(json.dumps(payload, indent=2))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nginx_binary() -> str | None:
    """nginx's path; /usr/sbin is often missing from a non-root PATH."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(p)), None
    )


def _nginx_conf(tmp: Path, port: int, workers: int, body: str) -> str:
    if "'" in body or "$" in body or "\\" in body:
        raise ValueError("the canned body must not contain quotes, '$' or backslashes")
    return f"""
worker_processes {workers};
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
worker_rlimit_nofile 20000;
events {{
    worker_connections 8192;
    multi_accept on;
}}
http {{
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    keepalive_timeout 300s;
    keepalive_requests 10000000;
    client_body_buffer_size 64k;
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        location / {{
            default_type application/json;
            return 200 '{body}';
        }}
    }}
}}
"""


@contextlib.contextmanager
def nginx_server(
    workers: int = 1, body: dict[str, Any] | None = None, start_timeout: float = 5.0
) -> Iterator[str]:
    """Run nginx answering every request (any method, any path) with a canned JSON body.

    Yields the base URL (``http://127.0.0.1:<port>/v1``); nginx is stopped on exit.
    Raises FileNotFoundError with the install command when nginx is missing.
    """
    binary = nginx_binary()
    if binary is None:
        raise FileNotFoundError(NGINX_INSTALL_HINT)
    payload = json.dumps(body if body is not None else CANNED_COMPLETION, separators=(",", ":"))
    with tempfile.TemporaryDirectory(prefix="freeagents-bench-nginx-") as tmpdir:
        tmp = Path(tmpdir)
        for attempt in range(3):
            port = free_port()
            conf = tmp / "nginx.conf"
            conf.write_text(_nginx_conf(tmp, port, workers, payload))
            command = [binary, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(conf)]
            proc = subprocess.Popen(
                [*command, "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            try:
                if _wait_listening(proc, port, start_timeout):
                    break
            except BaseException:
                _stop(proc)
                raise
            _stop(proc)
            if attempt == 2:
                log = (tmp / "error.log").read_text() if (tmp / "error.log").exists() else ""
                raise RuntimeError(f"nginx did not start on 127.0.0.1:{port}:\n{log}")
        try:
            yield f"http://127.0.0.1:{port}/v1"
        finally:
            _stop(proc)


def _wait_listening(proc: subprocess.Popen[bytes], port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False  # exited: port taken (raced) or bad config
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return True
        time.sleep(0.02)
    return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop nginx (SIGTERM is its fast shutdown), killing it if it lingers."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    if proc.stderr is not None:
        proc.stderr.close()
