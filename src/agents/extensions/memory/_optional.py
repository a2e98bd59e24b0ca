"""The error a user sees when a session back-end's driver is not installed."""

from __future__ import annotations

from typing import NoReturn


def missing_extra(name: str, package: str, extra: str, cause: ImportError) -> NoReturn:
    """Name the pip command that fixes it, rather than a bare ModuleNotFoundError."""
    raise ImportError(
        f"{name} needs the '{package}' package: pip install 'freeagents[{extra}]'"
    ) from cause
