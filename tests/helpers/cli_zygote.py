"""A Python that has imported `agents.cli` once and forks a fresh `python -m agents.cli` per
command (run by tests/helpers/cli.py, never imported).

Importing the CLI (openai's types above all) is most of the second each command used to take;
a forked child starts with it done and is otherwise a new process: its own environment,
working directory, standard streams, exit status and interpreter shutdown, and nothing a
previous command changed. Protocol: one JSON line per command on the request pipe; the
answers on the reply pipe are {"pid": ...} as the child starts, then {"returncode": ...}.
"""

from __future__ import annotations

import gc
import io
import json
import os
import runpy
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


def serve(requests: Any, replies: Any) -> dict[str, Any]:
    """Fork a child per request; returns only in a child, with that child's request."""
    # What is imported stays put: a child's collections (at exit above all) then skip it
    # instead of touching, and so copying, every page of the parent's heap.
    gc.freeze()
    for line in requests:
        job: dict[str, Any] = json.loads(line)
        pid = os.fork()
        if pid == 0:
            return job
        replies.write(json.dumps({"pid": pid}) + "\n")
        replies.flush()
        _, status = os.waitpid(pid, 0)
        replies.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}) + "\n")
        replies.flush()
    raise SystemExit(0)  # the tests are done: the request pipe closed


def fresh_stdio(stdin: str, stdout: str, stderr: str) -> None:
    """Point fds 0-2 at the command's files and rebuild sys.std* as interpreter start-up
    does (line-buffered on a terminal, stderr always), so output reaches them as it would."""
    for fd, path, flags in (
        (0, stdin, os.O_RDONLY),
        (1, stdout, os.O_WRONLY),
        (2, stderr, os.O_WRONLY),
    ):
        opened = os.open(path, flags)
        os.dup2(opened, fd)
        os.close(opened)
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
    requests = os.fdopen(int(sys.argv[1]), "r")
    replies = os.fdopen(int(sys.argv[2]), "w")
    job = serve(requests, replies)
    requests.close()
    replies.close()
    if job.get("tty"):
        os.setsid()  # a session of its own; opening the terminal makes it the controlling one
    os.chdir(job["cwd"])
    os.environ.clear()
    os.environ.update(job["env"])
    fresh_stdio(job["stdin"], job["stdout"], job["stderr"])
    sys.argv = ["agents.cli", *job["args"]]
    sys.path[0] = job["cwd"]  # `python -m` puts the working directory first
    runpy.run_module("agents.cli", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
