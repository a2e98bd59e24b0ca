"""The per-chunk Responses stream events, built without pydantic validation.

A streamed answer makes one text (or reasoning) delta event per chunk, and validating it
(`ResponseTextDeltaEvent(...)`) costs more than reading the chunk off the wire. The values
are already right (a string the converter holds, two ints, constants), so the event can be
put together as validation would leave it: the same `__dict__` in the same field order, the
same fields set, no extras, no private state. Users still get the `openai` package's own
classes, equal to validated ones field for field, in `model_dump()` and in
`model_fields_set`.

That holds for the `openai` and `pydantic` versions it was written against; a later one
could add a field with a default or store models differently. So each builder is compared,
the first time it is asked for, with the validated construction on a sample, and the
validated construction is used instead whenever anything differs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from functools import partial
from typing import Any
from typing import TypeVar

from openai.types.responses import ResponseReasoningSummaryTextDeltaEvent
from openai.types.responses import ResponseTextDeltaEvent
from pydantic import BaseModel

from agents.items import FAKE_RESPONSES_ID

__all__ = ["ReasoningDelta", "TextDelta", "reasoning_delta", "same_as_validated", "text_delta"]

M = TypeVar("M", bound=BaseModel)

TextDelta = Callable[[str, int, int], ResponseTextDeltaEvent]
"""(delta, output_index, sequence_number) -> `response.output_text.delta` of content part 0
of the item `FAKE_RESPONSES_ID`, with no logprobs."""

ReasoningDelta = Callable[[str, int, int], ResponseReasoningSummaryTextDeltaEvent]
"""(delta, output_index, sequence_number) -> `response.reasoning_summary_text.delta` of
summary part 0 of the item `FAKE_RESPONSES_ID`."""

_SAMPLE = ("a piece, é \u4e2d", 3, 17)
"""The values a builder's layout is taken from."""

_CHECK = ("another piece", 5, 42)
"""The values a builder is compared with validation on (not the layout's own)."""


_new = object.__new__


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


Setter = Callable[[Any, Any], None]


def _setters() -> tuple[Setter, Setter, Setter, Setter]:
    """The storage a pydantic model keeps per instance (its slots), written directly: the
    descriptors' own `__set__`, cheaper than `object.__setattr__` finding them each time."""
    slots = vars(BaseModel)
    return tuple(
        slots[name].__set__
        for name in (
            "__dict__",
            "__pydantic_fields_set__",
            "__pydantic_extra__",
            "__pydantic_private__",
        )
    )


def _builder(validated: Callable[[str, int, int], M]) -> Callable[[str, int, int], M]:
    """A builder that lays each event out as `validated` lays out a sample: the sample's
    `__dict__` (field order and constants), fields set, extras and private state, with the
    three values of the chunk put in, and each list or dict of the sample made anew."""
    sample = validated(*_SAMPLE)
    cls = type(sample)
    template = dict(vars(sample))
    fresh = tuple(key for key, value in template.items() if isinstance(value, list | dict))
    fields = set(sample.model_fields_set)
    extra, private = sample.__pydantic_extra__, sample.__pydantic_private__
    if extra or private:  # state that validation made per event: validate every event
        return validated
    set_dict, set_fields, set_extra, set_private = _setters()

    def build(delta: str, output_index: int, sequence_number: int) -> M:
        values = template.copy()
        values["delta"] = delta
        values["output_index"] = output_index
        values["sequence_number"] = sequence_number
        for key in fresh:
            values[key] = template[key].copy()
        event: M = _new(cls)
        set_dict(event, values)
        set_fields(event, fields.copy())
        set_extra(event, None if extra is None else {})
        set_private(event, None if private is None else {})
        return event

    return build


def same_as_validated(built: BaseModel, validated: BaseModel) -> bool:
    """Whether `built` is indistinguishable from `validated`: equal, the same fields in the
    same order, the same fields set, extras and private state, and the same dumps."""
    return (
        type(built) is type(validated)
        and built == validated
        and list(vars(built)) == list(vars(validated))
        and built.model_fields_set == validated.model_fields_set
        and built.__pydantic_extra__ == validated.__pydantic_extra__
        and built.__pydantic_private__ == validated.__pydantic_private__
        and built.model_dump() == validated.model_dump()
        and built.model_dump_json() == validated.model_dump_json()
    )


def _checked(
    make_builder: Callable[[], Callable[[str, int, int], M]],
    validated: Callable[[str, int, int], M],
) -> Callable[[str, int, int], M]:
    try:
        built = make_builder()
        same = same_as_validated(built(*_CHECK), validated(*_CHECK))
    except Exception:  # an openai or pydantic this was not written for: validate
        return validated
    return built if same else validated


@lru_cache(maxsize=1)
def text_delta() -> TextDelta:
    """The cheapest builder of text delta events that gives what validation gives."""
    return _checked(partial(_builder, _validated_text), _validated_text)


@lru_cache(maxsize=1)
def reasoning_delta() -> ReasoningDelta:
    """The cheapest builder of reasoning summary delta events that gives what validation
    gives."""
    return _checked(partial(_builder, _validated_reasoning), _validated_reasoning)


def builders() -> dict[str, tuple[Callable[..., Any], Callable[..., Any]]]:
    """Each event kind built here: (built without validation, validated); for tests."""
    return {
        "response.output_text.delta": (_builder(_validated_text), _validated_text),
        "response.reasoning_summary_text.delta": (
            _builder(_validated_reasoning),
            _validated_reasoning,
        ),
    }
