"""`freeagents` for the tests' shell examples: hands this process's streams, arguments,
environment and working directory to the CLI fork server and exits as the command did
(run as `python -I -S cli_client.py ...`, which starts in milliseconds)."""

import json
import os
import socket
import sys

SOCKET_VARIABLE = "FREEAGENTS_TEST_CLI_SOCKET"


def main() -> int:
    env = dict(os.environ)
    address = env.pop(SOCKET_VARIABLE)
    job = {"args": sys.argv[1:], "env": env, "cwd": os.getcwd()}
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(address)
        socket.send_fds(conn, [json.dumps(job).encode() + b"\n"], [0, 1, 2])
        answers = conn.makefile("r")
        answers.readline()  # the child's pid
        code = int(json.loads(answers.readline())["returncode"])
    return code if code >= 0 else 128 - code  # killed by a signal: as a shell reports it


if __name__ == "__main__":
    sys.exit(main())
