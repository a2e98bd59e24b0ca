"""SessionSettings: how much history a session hands to a run."""

from __future__ import annotations

import dataclasses
from typing import Any

from pydantic.dataclasses import dataclass

from agents.exceptions import UserError


@dataclass
class SessionSettings:
    """Defaults a session applies to its reads; `RunConfig.session_settings` overrides them."""

    limit: int | None = None
    """Only the latest `limit` items go to the model; None: the whole history."""

    def resolve(self, override: SessionSettings | dict[str, Any] | None) -> SessionSettings:
        """These settings with every field the override sets (not None) taken from it."""
        if override is None:
            return self
        given = coerce_session_settings(override)
        changes = {
            f.name: getattr(given, f.name)
            for f in dataclasses.fields(self)
            if getattr(given, f.name) is not None
            and (not isinstance(override, dict) or f.name in override)
        }
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def coerce_session_settings(value: SessionSettings | dict[str, Any]) -> SessionSettings:
    """Accept the settings object or the plain dict users write in configuration files."""
    if isinstance(value, SessionSettings):
        return value
    if isinstance(value, dict):
        unknown = set(value) - {f.name for f in dataclasses.fields(SessionSettings)}
        if unknown:
            raise UserError(
                f"Unknown session setting(s) {sorted(unknown)}; SessionSettings has: limit"
            )
        return SessionSettings(**value)
    raise UserError(
        f"session_settings must be a SessionSettings or a dict, got {type(value).__name__}"
    )


def session_settings_or_default(
    value: SessionSettings | dict[str, Any] | None,
) -> SessionSettings:
    """A session back-end's `session_settings` argument, None meaning the defaults."""
    return coerce_session_settings(value) if value is not None else SessionSettings()


def resolve_session_limit(
    explicit_limit: int | None, settings: SessionSettings | dict[str, Any] | None
) -> int | None:
    """The limit a read uses: the one passed to get_items, else the session's setting."""
    if explicit_limit is not None:
        return explicit_limit
    if settings is None:
        return None
    return coerce_session_settings(settings).limit
