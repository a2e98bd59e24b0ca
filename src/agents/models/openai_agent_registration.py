"""OpenAI agent registration: the agent harness id a run reports in its trace metadata
(`agent_harness_id`), so OpenAI's dashboard can group traces by the harness that ran them.

The id comes from, first to last: the run's model provider (`OpenAIProvider(
agent_registration=...)`), the process default (`set_default_openai_agent_registration` /
`set_default_openai_harness`), the `OPENAI_AGENT_HARNESS_ID` environment variable. It is
configuration only: nothing is sent to a model provider.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from dataclasses import fields
from typing import Any

__all__ = [
    "OPENAI_HARNESS_ID_TRACE_METADATA_KEY",
    "OpenAIAgentRegistrationConfig",
    "ResolvedOpenAIAgentRegistrationConfig",
    "add_openai_harness_id_to_metadata",
    "get_default_openai_agent_registration_config",
    "resolve_openai_agent_registration_config",
    "resolve_openai_harness_id_for_model_provider",
    "set_default_openai_agent_registration_config",
]

_ENV_HARNESS_ID = "OPENAI_AGENT_HARNESS_ID"
OPENAI_HARNESS_ID_TRACE_METADATA_KEY = "agent_harness_id"


@dataclass(frozen=True)
class OpenAIAgentRegistrationConfig:
    """The registration a process or provider declares (a blank id counts as none)."""

    harness_id: str | None


@dataclass(frozen=True)
class ResolvedOpenAIAgentRegistrationConfig:
    """A registration with its harness id settled (explicit, default or environment)."""

    harness_id: str


_default: OpenAIAgentRegistrationConfig | None = None


def _coerce(
    config: OpenAIAgentRegistrationConfig | dict[str, Any],
) -> OpenAIAgentRegistrationConfig:
    if isinstance(config, OpenAIAgentRegistrationConfig):
        return config
    if not isinstance(config, dict):
        raise TypeError(
            "OpenAI agent registration must be an OpenAIAgentRegistrationConfig instance or a "
            f"dict, got {type(config).__name__}"
        )
    known = {f.name for f in fields(OpenAIAgentRegistrationConfig)}
    unknown = sorted(str(k) for k in config if k not in known)
    if unknown:
        raise TypeError(
            f"Unknown OpenAI agent registration settings: {', '.join(unknown)} (the only one "
            "is harness_id)"
        )
    return OpenAIAgentRegistrationConfig(**config)


def set_default_openai_agent_registration_config(
    config: OpenAIAgentRegistrationConfig | dict[str, Any] | None,
) -> None:
    """Set (or with None, clear) the process-wide registration."""
    global _default
    _default = None if config is None else _coerce(config)


def get_default_openai_agent_registration_config() -> OpenAIAgentRegistrationConfig | None:
    return _default


def _first_id(*candidates: str | None) -> str | None:
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
    return None


def resolve_openai_agent_registration_config(
    config: OpenAIAgentRegistrationConfig | dict[str, Any] | None,
) -> ResolvedOpenAIAgentRegistrationConfig | None:
    """`config`'s harness id, else the default's, else the environment's; None when none
    of them names one."""
    explicit = None if config is None else _coerce(config).harness_id
    default = None if _default is None else _default.harness_id
    harness_id = _first_id(explicit, default, os.environ.get(_ENV_HARNESS_ID))
    return None if harness_id is None else ResolvedOpenAIAgentRegistrationConfig(harness_id)


def _from_provider(provider: Any, seen: set[int]) -> str | None:
    if provider is None or id(provider) in seen:
        return None
    seen.add(id(provider))
    for attribute in ("agent_registration", "_agent_registration"):
        found = _first_id(getattr(getattr(provider, attribute, None), "harness_id", None))
        if found is not None:
            return found
    return _from_provider(getattr(provider, "openai_provider", None), seen)


def resolve_openai_harness_id_for_model_provider(model_provider: Any) -> str | None:
    """The harness id a run with `model_provider` reports: the provider's registration
    (or that of the OpenAI provider it wraps), else the default, else the environment."""
    found = _from_provider(model_provider, set())
    if found is not None:
        return found
    resolved = resolve_openai_agent_registration_config(None)
    return None if resolved is None else resolved.harness_id


def add_openai_harness_id_to_metadata(
    metadata: dict[str, Any] | None, *, model_provider: Any
) -> dict[str, Any] | None:
    """`metadata` with `agent_harness_id` added when a harness id is configured and the
    caller did not set that key; the caller's dict is not changed."""
    harness_id = resolve_openai_harness_id_for_model_provider(model_provider)
    if harness_id is None or (
        metadata is not None and OPENAI_HARNESS_ID_TRACE_METADATA_KEY in metadata
    ):
        return metadata
    return {**(metadata or {}), OPENAI_HARNESS_ID_TRACE_METADATA_KEY: harness_id}
