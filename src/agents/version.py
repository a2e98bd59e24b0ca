"""The installed freeagents version (`agents.__version__`)."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("freeagents")
except metadata.PackageNotFoundError:  # a source checkout that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
