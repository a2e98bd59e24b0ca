"""The `freeagents` command under test: its environment, and a quick way to run it.

`run_cli` is `subprocess.run([python, "-m", "agents.cli", ...])` without the second of
imports each time: a child forked from a Python that already imported the CLI (see
cli_zygote.py) is still a process of its own, with its own environment, working directory,
streams and exit status.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from agents.testing import Reply, ToolCall

ZYGOTE = Path(__file__).with_name("cli_zygote.py")


def cli_env(**extra: str) -> dict[str, str]:
    """The environment minus every key, token and base-URL override, with outside traffic
    blocked (a proxy on a closed port), plus `extra`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith(("_API_KEY", "_BASE_URL", "_API_TOKEN", "_ACCOUNT_ID"))
        and k not in ("HF_TOKEN", "FREEAGENTS_MODEL", "FREEAGENTS_DEBUG")
    }
    env["HTTPS_PROXY"] = env["HTTP_PROXY"] = "http://127.0.0.1:9"  # any outside call fails
    env["NO_PROXY"] = "127.0.0.1,localhost"
    env.update(extra)
    return env


def capable(answer: str) -> Callable[[dict[str, Any]], Reply]:
    """An endpoint that does everything: calls the tool it is given, answers JSON when asked,
    and `answer` otherwise."""

    def respond(body: dict[str, Any]) -> Reply:
        if body.get("tools"):
            name = body["tools"][0]["function"]["name"]
            return Reply(tool_calls=[ToolCall(name, {"city": "Paris"})])
        if body.get("response_format"):
            return Reply(text='{"city": "Paris", "country": "France"}')
        return Reply(text=answer)

    return respond


class _Zygote:
    """The forking Python of this test process, started on first use, ended at exit."""

    def __init__(self) -> None:
        request_r, request_w = os.pipe()
        reply_r, reply_w = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, str(ZYGOTE), str(request_r), str(reply_w)],
            pass_fds=(request_r, reply_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            env=cli_env(),
        )
        os.close(request_r)
        os.close(reply_w)
        self.requests: IO[str] = os.fdopen(request_w, "w")
        self.replies: IO[str] = os.fdopen(reply_r, "r")
        self.lock = threading.Lock()

    def _answer(self, timeout: float | None) -> dict[str, Any] | None:
        """The next reply line, or None when `timeout` seconds pass first."""
        ready, _, _ = select.select([self.replies], [], [], timeout)
        line = self.replies.readline() if ready else None
        if line == "":
            raise RuntimeError(f"the CLI zygote died (exit {self.process.wait()})")
        return None if line is None else dict(json.loads(line))

    def run(self, job: dict[str, Any], timeout: float) -> int:
        """Start one command and wait for its exit status (killed after `timeout`)."""
        with self.lock:
            self.requests.write(json.dumps(job) + "\n")
            self.requests.flush()
            started = self._answer(None)
            assert started is not None
            ended = self._answer(timeout)
            if ended is None:
                os.kill(int(started["pid"]), signal.SIGKILL)
                self._answer(None)
                raise subprocess.TimeoutExpired(["agents.cli", *job["args"]], timeout)
            return int(ended["returncode"])

    def close(self) -> None:
        self.requests.close()
        self.process.wait(timeout=10)


_zygote: _Zygote | None = None


def _the_zygote() -> _Zygote:
    global _zygote
    if _zygote is None:
        _zygote = _Zygote()
        atexit.register(_zygote.close)
    return _zygote


def run_cli(
    *args: str, env: dict[str, str], input: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`python -m agents.cli *args` with `env` (and `input` on its stdin), as a finished
    process: what it printed on stdout and stderr, and its exit status."""
    with tempfile.TemporaryDirectory(prefix="freeagents-cli-") as tmp:
        stdin, stdout, stderr = (os.path.join(tmp, name) for name in ("in", "out", "err"))
        Path(stdin).write_text(input or "")
        for path in (stdout, stderr):
            Path(path).touch()
        job = {"args": list(args), "env": env, "cwd": os.getcwd(), "stdin": stdin}
        job.update(stdout=stdout, stderr=stderr)
        code = _the_zygote().run(job, timeout)
        out, err = Path(stdout).read_text(), Path(stderr).read_text()
    return subprocess.CompletedProcess(["agents.cli", *args], code, out, err)
