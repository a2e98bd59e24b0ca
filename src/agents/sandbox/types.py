"""Sandbox value types (declared only; see agents.sandbox)."""

from agents.sandbox._declared import ExecResult
from agents.sandbox._declared import User

__all__ = ["ExecResult", "User"]
