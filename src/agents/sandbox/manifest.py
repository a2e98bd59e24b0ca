"""Sandbox manifests (declared only; see agents.sandbox)."""

from agents.sandbox._declared import EnvValue, Manifest

__all__ = ["EnvValue", "Manifest"]
