"""Throwaway Postgres and Redis servers on free loopback ports, for the session tests.

Postgres runs from `initdb` + `pg_ctl` in a temporary directory; when the tests run as root
it runs as `nobody`, since Postgres refuses root. Both are stopped (and their data removed)
when the test session ends.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

POSTGRES_INSTALL = "apt-get install -y postgresql"
REDIS_INSTALL = "apt-get install -y redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_bindir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


@dataclass
class Postgres:
    url: str
    root: Path
    bindir: Path
    user: str | None

    def stop(self) -> None:
        subprocess.run(
            [str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "stop"],
            user=self.user,
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def start_postgres() -> Postgres:
    bindir = postgres_bindir()
    if bindir is None:
        raise FileNotFoundError(f"initdb not found; install Postgres: {POSTGRES_INSTALL}")
    root = Path(tempfile.mkdtemp(prefix="freeagents-pg-"))
    user = "nobody" if os.geteuid() == 0 else None
    if user is not None:
        shutil.chown(root, user=user)
    data, port = root / "data", free_port()
    run = dict(user=user, cwd=root, capture_output=True, check=True)
    subprocess.run(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        ],
        **run,  # type: ignore[arg-type]
    )
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c full_page_writes=off -c synchronous_commit=off -c max_connections=60"
    )
    subprocess.run(
        [
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "-t",
            "30",
            "start",
        ],
        **run,  # type: ignore[arg-type]
    )
    return Postgres(f"postgresql+asyncpg://postgres@127.0.0.1:{port}/postgres", root, bindir, user)


@dataclass
class Redis:
    url: str
    process: subprocess.Popen[bytes]
    root: Path

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.root, ignore_errors=True)


def start_redis() -> Redis:
    binary = shutil.which("redis-server")
    if binary is None:
        raise FileNotFoundError(f"redis-server not found; install it: {REDIS_INSTALL}")
    root, port = Path(tempfile.mkdtemp(prefix="freeagents-redis-")), free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(root),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError(f"redis-server did not start on port {port}") from None
            time.sleep(0.05)
    return Redis(f"redis://127.0.0.1:{port}/0", process, root)
