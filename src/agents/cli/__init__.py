"""The `freeagents` command."""

from agents.cli.main import main

__all__ = ["main"]
