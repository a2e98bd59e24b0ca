"""Sandbox errors (declared only; see agents.sandbox)."""

from agents.sandbox._declared import SandboxError

__all__ = ["SandboxError"]
