"""A non-streamed chat completion read into the `openai` package's `ChatCompletion`.

The client reads a completion body with `construct_type`, a generic walk that costs about
50 µs for a one-message answer: more than everything else freeagents does in a turn.
pydantic's own validation of the same data costs under 4 µs and gives an equal object
(the same fields, extras and dumps; its `model_fields_set` also names the extras) whenever
the body is a well-formed completion.
A provider's body that does not validate (a field missing, a finish reason of its own, a
tool call without its type) is read the client's lenient way instead, so nothing a
provider sends is refused here that the client would have taken.

The lean path asks for a completion with the response type `reader_for_client()` gives: the
client calls its `build` for the JSON it parsed (openai's `ModelBuilderProtocol`) and still
attaches the request id to what comes back.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pydantic
from openai.types.chat import ChatCompletion

__all__ = ["read_completion", "reader_for_client"]


def read_completion(data: object) -> Any:
    """`data` (parsed JSON) as the client would read it: a `ChatCompletion` when it is one."""
    try:
        return ChatCompletion.model_validate(data)
    except pydantic.ValidationError:
        construct = _lenient()
        if construct is None:  # pragma: no cover - an openai without construct_type
            raise
        return construct(type_=ChatCompletion, value=data)


@lru_cache(maxsize=1)
def _lenient() -> Any:
    """The client's own lenient reader (`openai._models.construct_type`), if it has one."""
    try:
        from openai._models import construct_type
    except ImportError:  # pragma: no cover - a layout this module does not know
        return None
    return construct_type


@lru_cache(maxsize=1)
def reader_for_client() -> type[Any]:
    """The response type to post a non-streamed request with: a `ChatCompletion` subclass
    the client builds with `read_completion` (openai's `ModelBuilderProtocol`: a class with
    a `build` classmethod), else `ChatCompletion` itself, read as `create` reads it. Made
    on first use: a model class costs milliseconds to define."""
    try:
        from openai._types import ModelBuilderProtocol
    except ImportError:  # pragma: no cover - an older client: its own reading
        return ChatCompletion
    if _lenient() is None:  # pragma: no cover - a client this was not written against
        return ChatCompletion

    class CompletionReader(ChatCompletion):
        """Never instantiated: the client calls `build`, which returns a `ChatCompletion`."""

        @classmethod
        def build(cls, *, response: Any, data: object) -> Any:
            return read_completion(data)

    if not issubclass(CompletionReader, ModelBuilderProtocol):  # pragma: no cover
        return ChatCompletion
    return CompletionReader
