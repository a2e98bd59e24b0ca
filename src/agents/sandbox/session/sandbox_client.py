"""Sandbox clients (declared only; see agents.sandbox)."""

from agents.sandbox._declared import BaseSandboxClient
from agents.sandbox._declared import BaseSandboxClientOptions

__all__ = ["BaseSandboxClient", "BaseSandboxClientOptions"]
