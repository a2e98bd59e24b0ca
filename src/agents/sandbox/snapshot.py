"""Sandbox snapshots (declared only; see agents.sandbox)."""

from agents.sandbox._declared import SnapshotBase
from agents.sandbox._declared import SnapshotSpec
from agents.sandbox._declared import SnapshotSpecUnion

__all__ = ["SnapshotBase", "SnapshotSpec", "SnapshotSpecUnion"]
