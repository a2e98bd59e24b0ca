"""Ids and timestamps, made by the installed trace provider (so a custom one can change them)."""

from __future__ import annotations

from agents.tracing.setup import get_trace_provider


def time_iso() -> str:
    """The current time in ISO 8601 format."""
    return get_trace_provider().time_iso()


def gen_trace_id() -> str:
    """A new trace id: `trace_` and 32 hex digits with the default provider."""
    return get_trace_provider().gen_trace_id()


def gen_span_id() -> str:
    """A new span id: `span_` and 24 hex digits with the default provider."""
    return get_trace_provider().gen_span_id()


def gen_group_id() -> str:
    """A new group id, for linking the traces of one conversation."""
    return get_trace_provider().gen_group_id()
