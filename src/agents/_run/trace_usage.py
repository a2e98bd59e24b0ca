"""Token usage for the task and turn spans: what a stretch of the run spent."""

from __future__ import annotations

from agents.models._trace import usage_counts
from agents.usage import Usage

TURN_USAGE_KEYS = frozenset(
    {"input_tokens", "output_tokens", "cached_input_tokens", "cache_write_input_tokens"}
)
"""The keys a turn span's usage has (a task span's also has requests and total_tokens)."""


def usage_snapshot(usage: Usage) -> dict[str, int]:
    """The run's usage so far, as the counters the spans report."""
    return usage_counts(usage)


def usage_since(start: dict[str, int], usage: Usage) -> dict[str, int]:
    """What was spent since `start` was taken."""
    now = usage_snapshot(usage)
    return {key: now[key] - start.get(key, 0) for key in now}
