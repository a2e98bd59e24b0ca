"""The SDK's logger, "openai.agents" (the reference's name, so existing logging config applies)."""

from __future__ import annotations

import logging
import sys

__all__ = ["enable_verbose_stdout_logging", "logger"]

logger = logging.getLogger("openai.agents")


def enable_verbose_stdout_logging() -> None:
    """Print the SDK's debug logs (and its tracing logs) to stdout: a quick look while
    developing, without configuring logging. Calling it again adds no second handler."""
    for name in ("openai.agents", "openai.agents.tracing"):
        target = logging.getLogger(name)
        target.setLevel(logging.DEBUG)
        if not any(getattr(h, "_freeagents_stdout", False) for h in target.handlers):
            handler = logging.StreamHandler(sys.stdout)
            handler._freeagents_stdout = True  # type: ignore[attr-defined]
            target.addHandler(handler)
