"""Token usage as the command prints it: JSON fields and table rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agents.cli.console import format_table
from agents.usage import Usage


def usage_dict(usage: Usage) -> dict[str, Any]:
    """Usage as plain JSON fields (the `openai` detail objects flattened)."""
    return {
        "requests": usage.requests,
        "input_tokens": usage.input_tokens,
        "cached_input_tokens": usage.input_tokens_details.cached_tokens or 0,
        "output_tokens": usage.output_tokens,
        "reasoning_tokens": usage.output_tokens_details.reasoning_tokens or 0,
        "total_tokens": usage.total_tokens,
    }


def usage_table(by_model: Mapping[str, Usage]) -> str:
    """One row per model and a total row."""
    total = Usage()
    rows = []
    for model, usage in by_model.items():
        total.add(usage)
        rows.append(_row(model, usage))
    rows.append(_row("total", total))
    header = ("model", "requests", "input", "cached", "output", "reasoning", "total")
    return format_table(header, rows, right=range(1, len(header)))


def _row(label: str, usage: Usage) -> list[str]:
    fields = usage_dict(usage)
    return [
        label,
        *(
            str(fields[key])
            for key in (
                "requests",
                "input_tokens",
                "cached_input_tokens",
                "output_tokens",
                "reasoning_tokens",
                "total_tokens",
            )
        ),
    ]
