"""Whether tracing is on: the process switch, the environment, and the run's own setting."""

from __future__ import annotations

import os

_disabled_by_call: bool | None = None
_export_api_key: str | None = None


def set_tracing_disabled(disabled: bool) -> None:
    """Turn tracing off (or back on) for the whole process."""
    global _disabled_by_call
    _disabled_by_call = disabled


def set_tracing_export_api_key(api_key: str) -> None:
    """The key for uploading traces to OpenAI's trace backend, given on purpose by the user."""
    global _export_api_key
    _export_api_key = api_key


def get_tracing_export_api_key() -> str | None:
    return _export_api_key


_platform_key: str | None = None


def set_openai_platform_key(api_key: str | None) -> None:
    """An OpenAI key the user gave for OpenAI itself (`set_default_openai_key`, or the key
    of a default client pointed at api.openai.com), usable for traces of runs on OpenAI."""
    global _platform_key
    _platform_key = api_key


def get_openai_platform_key() -> str | None:
    return _platform_key


def _disabled_by_env() -> bool:
    value = os.environ.get("OPENAI_AGENTS_DISABLE_TRACING", "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def tracing_globally_disabled() -> bool:
    if _disabled_by_call is not None:
        return _disabled_by_call
    return _disabled_by_env()


def tracing_enabled_for(run_disabled: bool) -> bool:
    """Whether a run traces: `run_disabled` is its own switch (RunConfig.tracing_disabled)."""
    return not run_disabled and not tracing_globally_disabled()
