"""Checks the settings objects share, so a bad value fails where it is set, with a message
that names the setting and what it takes, instead of far away at the provider."""

from __future__ import annotations

from agents.exceptions import UserError


def check_seconds(owner: str, name: str, value: object) -> None:
    """Refuse anything but None or a number of seconds > 0 (a bool or NaN included)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise UserError(f"{owner}.{name} must be a number of seconds > 0, got {value!r}")
