"""Sandbox snapshots (declared only; see agents.sandbox)."""

from agents.sandbox._declared import SnapshotBase, SnapshotSpec, SnapshotSpecUnion

__all__ = ["SnapshotBase", "SnapshotSpec", "SnapshotSpecUnion"]
