"""The per-chunk Responses stream events, built without pydantic validation.

A streamed answer makes one text (or reasoning) delta event per chunk, and validating it
(`ResponseTextDeltaEvent(...)`) costs more than reading the chunk off the wire: the events
are laid out as validation would lay them out, each builder checked against validation the
first time it is asked for (agents.util._unvalidated says how).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from openai.types.responses import ResponseReasoningSummaryTextDeltaEvent
from openai.types.responses import ResponseTextDeltaEvent

from agents.items import FAKE_RESPONSES_ID
from agents.util._unvalidated import checked_builder
from agents.util._unvalidated import layout_builder
from agents.util._unvalidated import same_as_validated

__all__ = ["ReasoningDelta", "TextDelta", "reasoning_delta", "same_as_validated", "text_delta"]


TextDelta = Callable[..., ResponseTextDeltaEvent]
"""(delta=, output_index=, sequence_number=) -> `response.output_text.delta` of content part 0
of the item `FAKE_RESPONSES_ID`, with no logprobs."""

ReasoningDelta = Callable[..., ResponseReasoningSummaryTextDeltaEvent]
"""(delta=, output_index=, sequence_number=) -> `response.reasoning_summary_text.delta` of
summary part 0 of the item `FAKE_RESPONSES_ID`."""

_SAMPLE = {"delta": "a piece, é \u4e2d", "output_index": 3, "sequence_number": 17}
"""The values a builder's layout is taken from."""

_CHECK = {"delta": "another piece", "output_index": 5, "sequence_number": 42}
"""The values a builder is compared with validation on (not the layout's own)."""


def _validated_text(delta: str, output_index: int, sequence_number: int) -> ResponseTextDeltaEvent:
    return ResponseTextDeltaEvent(
        content_index=0,
        delta=delta,
        item_id=FAKE_RESPONSES_ID,
        logprobs=[],
        output_index=output_index,
        sequence_number=sequence_number,
        type="response.output_text.delta",
    )


def _validated_reasoning(
    delta: str, output_index: int, sequence_number: int
) -> ResponseReasoningSummaryTextDeltaEvent:
    return ResponseReasoningSummaryTextDeltaEvent(
        delta=delta,
        item_id=FAKE_RESPONSES_ID,
        output_index=output_index,
        sequence_number=sequence_number,
        summary_index=0,
        type="response.reasoning_summary_text.delta",
    )


@lru_cache(maxsize=1)
def text_delta() -> TextDelta:
    """The cheapest builder of text delta events that gives what validation gives."""
    return checked_builder(_validated_text, _SAMPLE, _CHECK)


@lru_cache(maxsize=1)
def reasoning_delta() -> ReasoningDelta:
    """The cheapest builder of reasoning summary delta events that gives what validation
    gives."""
    return checked_builder(_validated_reasoning, _SAMPLE, _CHECK)


def builders() -> dict[str, tuple[Callable[..., Any], Callable[..., Any]]]:
    """Each event kind built here: (built without validation, validated); for tests."""
    return {
        "response.output_text.delta": (layout_builder(_validated_text, _SAMPLE), _validated_text),
        "response.reasoning_summary_text.delta": (
            layout_builder(_validated_reasoning, _SAMPLE),
            _validated_reasoning,
        ),
    }
