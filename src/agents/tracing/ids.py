"""Identifiers for traces and spans, in the reference SDK's formats."""

from __future__ import annotations

import uuid


def gen_trace_id() -> str:
    """A new trace id: `trace_` and 32 hex digits."""
    return f"trace_{uuid.uuid4().hex}"


def gen_span_id() -> str:
    """A new span id: `span_` and 24 hex digits."""
    return f"span_{uuid.uuid4().hex[:24]}"


def gen_group_id() -> str:
    """A new group id, for linking the traces of one conversation."""
    return f"group_{uuid.uuid4().hex[:24]}"
