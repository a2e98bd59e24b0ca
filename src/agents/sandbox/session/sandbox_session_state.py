"""Sandbox session state (declared only; see agents.sandbox)."""

from agents.sandbox._declared import SandboxSessionState

__all__ = ["SandboxSessionState"]
