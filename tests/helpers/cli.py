"""The `freeagents` command under test: its environment, and a quick way to run it.

`run_cli` is `subprocess.run([python, "-m", "agents.cli", ...])` without the second of
imports each time: a child forked from a Python that already imported the CLI (see
cli_forkserver.py) is still a process of its own, with its own environment, working directory,
streams and exit status.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agents.testing import Reply
from agents.testing import ToolCall

FORK_SERVER = Path(__file__).with_name("cli_forkserver.py")
CLIENT = Path(__file__).with_name("cli_client.py")
SOCKET_VARIABLE = "FREEAGENTS_TEST_CLI_SOCKET"


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


class _ForkServer:
    """The forking Python of this test process, started on first use, ended at exit."""

    def __init__(self) -> None:
        self.directory = tempfile.mkdtemp(prefix="freeagents-cli-")
        self.address = os.path.join(self.directory, "socket")
        self.process = subprocess.Popen(
            [sys.executable, str(FORK_SERVER), self.address],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            env=cli_env(),
        )
        assert self.process.stdout is not None
        if self.process.stdout.readline() != b"ready\n":
            raise RuntimeError(f"the CLI fork server did not start (exit {self.process.wait()})")
        self.lock = threading.Lock()

    def run(self, job: dict[str, Any], streams: list[int], timeout: float) -> int:
        """Start one command on `streams` (stdin, stdout, stderr) and wait for its exit
        status (killed after `timeout` seconds)."""
        with self.lock, socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(self.address)
            socket.send_fds(conn, [json.dumps(job).encode() + b"\n"], streams)
            answers = conn.makefile("r")
            pid = int(json.loads(answers.readline())["pid"])
            conn.settimeout(timeout)
            try:
                ended = answers.readline()
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)
                raise subprocess.TimeoutExpired(["agents.cli", *job["args"]], timeout) from None
            return int(json.loads(ended)["returncode"])

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)
        shutil.rmtree(self.directory, ignore_errors=True)


_fork_server: _ForkServer | None = None


def _the_fork_server() -> _ForkServer:
    global _fork_server
    if _fork_server is None:
        _fork_server = _ForkServer()
        atexit.register(_fork_server.close)
    return _fork_server


def shim_env(bin_dir: Path) -> dict[str, str]:
    """Variables that make `freeagents` on a shell's PATH the fork server's: a shim in
    `bin_dir` (prepend it to PATH), and the server's address."""
    shim = bin_dir / "freeagents"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -I -S "{CLIENT}" "$@"\n')
    shim.chmod(0o700)
    return {SOCKET_VARIABLE: _the_fork_server().address}


def run_cli(
    *args: str, env: dict[str, str], input: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`python -m agents.cli *args` with `env` (and `input` on its stdin), as a finished
    process: what it printed on stdout and stderr, and its exit status."""
    with tempfile.TemporaryDirectory(prefix="freeagents-cli-") as tmp:
        paths = [os.path.join(tmp, name) for name in ("in", "out", "err")]
        Path(paths[0]).write_text(input or "")
        streams = [os.open(paths[0], os.O_RDONLY)]
        streams += [os.open(p, os.O_WRONLY | os.O_CREAT, 0o600) for p in paths[1:]]
        try:
            job = {"args": list(args), "env": env, "cwd": os.getcwd()}
            code = _the_fork_server().run(job, streams, timeout)
        finally:
            for fd in streams:
                os.close(fd)
        out, err = Path(paths[1]).read_text(), Path(paths[2]).read_text()
    return subprocess.CompletedProcess(["agents.cli", *args], code, out, err)
