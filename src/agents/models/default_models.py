"""The default model name (`OPENAI_DEFAULT_MODEL`, else freeagents' default) and the settings
that suit it: GPT-5 family models get a reasoning effort and low verbosity, others none."""

from __future__ import annotations

import copy
import re

from openai.types.shared.reasoning import Reasoning

from agents.model_settings import ModelSettings
from agents.models.openai_provider import get_default_model as _provider_default

__all__ = [
    "OPENAI_DEFAULT_MODEL_ENV_VARIABLE_NAME",
    "get_default_model",
    "get_default_model_settings",
    "gpt_5_reasoning_settings_required",
    "is_gpt_5_default",
]

OPENAI_DEFAULT_MODEL_ENV_VARIABLE_NAME = "OPENAI_DEFAULT_MODEL"

_CHAT_ALIASES = re.compile(r"^gpt-5(\.\d+)?-chat-latest$")
_DATED = r"(?:-\d{4}-\d{2}-\d{2})?"
_EFFORTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^gpt-5{_DATED}$"), "low"),
    (re.compile(r"^gpt-5\.2-codex$"), "low"),
    (re.compile(rf"^gpt-5\.\d+-pro{_DATED}$"), "medium"),
    (re.compile(rf"^gpt-5\.\d+(?:-mini|-nano|-sol|-terra|-luna)?{_DATED}$"), "none"),
    (re.compile(r"^gpt-5\.3-codex$"), "none"),
)
"""Reasoning efforts per GPT-5 variant, as the reference SDK 0.24 sets them (checked 2026-12)."""


def get_default_model() -> str:
    """The model used when an agent names none."""
    return _provider_default().lower()


def gpt_5_reasoning_settings_required(model_name: str) -> bool:
    """Whether the model is a GPT-5 reasoning model (the chat-latest aliases are not)."""
    return model_name.startswith("gpt-5") and not _CHAT_ALIASES.fullmatch(model_name)


def is_gpt_5_default() -> bool:
    """Whether the default model is a GPT-5 reasoning model."""
    return gpt_5_reasoning_settings_required(get_default_model())


def get_default_model_settings(model: str | None = None) -> ModelSettings:
    """Settings for `model` (the default model when None)."""
    name = model if model is not None else get_default_model()
    if not gpt_5_reasoning_settings_required(name):
        return ModelSettings()
    for pattern, effort in _EFFORTS:
        if pattern.fullmatch(name):
            return copy.deepcopy(
                ModelSettings(reasoning=Reasoning(effort=effort), verbosity="low")  # type: ignore[arg-type]
            )
    return ModelSettings(verbosity="low")
