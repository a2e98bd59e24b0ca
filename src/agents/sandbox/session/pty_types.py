"""Sandbox terminal types (declared only; see agents.sandbox)."""

from agents.sandbox._declared import PtyExecUpdate

__all__ = ["PtyExecUpdate"]
