"""Sandbox manifests (declared only; see agents.sandbox)."""

from agents.sandbox._declared import EnvValue
from agents.sandbox._declared import Manifest

__all__ = ["EnvValue", "Manifest"]
