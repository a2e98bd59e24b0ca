"""The documented home of `ModelProfile`; the dialect data lives in `agents.models.dialects`."""

from agents.models.dialects.profiles import DEFAULT_PROFILE, ModelProfile

__all__ = ["DEFAULT_PROFILE", "ModelProfile"]
