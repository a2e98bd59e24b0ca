"""Files and directories the SDK creates are readable by their owner only.

Traces and sessions hold the conversation (inputs, tool outputs, answers); created with the
process umask (usually 0644) they would be readable by every user of the machine. Files are
created 0600 and directories 0700 whatever the umask; files that already exist are left as
their owner set them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: str | Path) -> Path:
    """`path` as a directory, each directory created here made owner-only."""
    path = Path(path)
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # made by another thread or process meanwhile
        os.chmod(directory, DIR_MODE)  # mkdir's mode is filtered by the umask
    return path


def create_private_file(path: str | Path) -> Path:
    """`path` created empty and owner-only when it does not exist yet (its parent too)."""
    path = Path(path)
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return path
    os.close(fd)
    os.chmod(path, FILE_MODE)
    return path


def open_private_append(path: str | Path) -> IO[str]:
    """`path` opened for appending text, created owner-only if it is new."""
    return open(create_private_file(path), "a", encoding="utf-8")
