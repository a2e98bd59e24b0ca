"""The documented home of `ModelProfile`; the dialect data lives in `agents.models.dialects`."""

from agents.models.dialects.profiles import DEFAULT_PROFILE
from agents.models.dialects.profiles import ModelProfile

__all__ = ["DEFAULT_PROFILE", "ModelProfile"]
