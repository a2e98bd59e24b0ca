"""The `freeagents` command.

The top layer: it may import anything in `agents`; nothing imports it.
"""

from agents.cli.main import main

__all__ = ["main"]
