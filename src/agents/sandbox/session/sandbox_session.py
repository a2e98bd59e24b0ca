"""Sandbox sessions (declared only; see agents.sandbox)."""

from agents.sandbox._declared import SandboxSession

__all__ = ["SandboxSession"]
