"""The sandbox session base class (declared only; see agents.sandbox)."""

from agents.sandbox._declared import BaseSandboxSession

__all__ = ["BaseSandboxSession"]
