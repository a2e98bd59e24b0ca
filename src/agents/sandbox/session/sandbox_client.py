"""Sandbox clients (declared only; see agents.sandbox)."""

from agents.sandbox._declared import BaseSandboxClient, BaseSandboxClientOptions

__all__ = ["BaseSandboxClient", "BaseSandboxClientOptions"]
