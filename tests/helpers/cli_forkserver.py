"""A Python that has imported `agents.cli` once and forks a fresh `python -m agents.cli` per
command (started by tests/helpers/cli.py; never imported).

Importing the CLI (openai's types above all) is most of the second each command used to take;
a forked child starts with it done and is otherwise a new process: its own environment,
working directory, standard streams, exit status and interpreter shutdown, and nothing a
previous command changed. A client connects to the Unix socket named on the command line and
sends one JSON request ({"args", "env", "cwd"}) with its stdin, stdout and stderr attached
(SCM_RIGHTS); the answers are {"pid": ...} as the child starts, then {"returncode": ...}.
"""

from __future__ import annotations

import gc
import io
import json
import os
import runpy
import socket
import sys
from typing import Any

# The imports every command would otherwise repeat: the package, and each subcommand.
import agents.cli.batch
import agents.cli.chat
import agents.cli.compat
import agents.cli.demo
import agents.cli.doctor
import agents.cli.main
import agents.cli.providers
import agents.cli.run  # noqa: F401


def _send(conn: socket.socket, answer: dict[str, Any]) -> None:
    conn.sendall(json.dumps(answer).encode() + b"\n")


def serve(listener: socket.socket) -> tuple[dict[str, Any], list[int]]:
    """Fork a child per request; returns only in a child, with its request and streams."""
    # What is imported stays put: a child's collections (at exit above all) then skip it
    # instead of touching, and so copying, every page of the parent's heap.
    gc.freeze()
    while True:
        conn, _ = listener.accept()
        with conn:
            message, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
            while not message.endswith(b"\n"):
                message += conn.recv(1 << 20)
            pid = os.fork()
            if pid == 0:
                listener.close()
                return json.loads(message), fds
            for fd in fds:
                os.close(fd)
            _send(conn, {"pid": pid})
            _, status = os.waitpid(pid, 0)
            _send(conn, {"returncode": os.waitstatus_to_exitcode(status)})


def fresh_stdio(fds: list[int]) -> None:
    """Make the client's streams fds 0-2 and rebuild sys.std* as interpreter start-up does
    (line-buffered on a terminal, stderr always), so output reaches them as it would."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    for fd in set(fds) - {0, 1, 2}:
        os.close(fd)
    for name, fd, mode in (("stdin", 0, "r"), ("stdout", 1, "w"), ("stderr", 2, "w")):
        old = getattr(sys, name)
        binary = open(fd, mode + "b", closefd=False)  # noqa: SIM115  (lives with the process)
        stream = io.TextIOWrapper(
            binary,
            encoding=old.encoding,
            errors=old.errors,
            newline="\n",
            line_buffering=mode == "w" and (fd == 2 or os.isatty(fd)),
        )
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def main() -> None:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(sys.argv[1])
    listener.listen(8)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    job, fds = serve(listener)
    os.chdir(job["cwd"])
    os.environ.clear()
    os.environ.update(job["env"])
    fresh_stdio(fds)
    sys.argv = ["agents.cli", *job["args"]]
    sys.path[0] = job["cwd"]  # `python -m` puts the working directory first
    runpy.run_module("agents.cli", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
