"""Sandbox agents: not implemented by freeagents yet.

The few names other packages import when they load (Temporal's OpenAI Agents plug-in does)
are declared so that those packages import; creating any of them raises
FeatureNotImplementedError, and importing any other `agents.sandbox` module raises it too.
"""

from typing import Any

from agents._unavailable import unavailable
from agents.sandbox._declared import Manifest
from agents.sandbox._declared import SandboxAgent
from agents.sandbox._declared import SandboxRunConfig
from agents.sandbox._declared import refuse_other_modules

__all__ = ["Manifest", "SandboxAgent", "SandboxRunConfig"]

refuse_other_modules()


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    raise unavailable("sandbox", f"agents.sandbox.{name}")
