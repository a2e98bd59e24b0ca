"""Run error handlers: turn a run-ending error into a final output instead of an exception.

`Runner.run(..., error_handlers={"max_turns": handler})`: when the run uses up `max_turns`,
the handler receives the error and the run so far, and what it returns becomes the final
output (a `RunErrorHandlerResult`, a dict with `final_output`, or the value itself). A
handler that returns None lets the error be raised as usual.
"""

from __future__ import annotations

from collections.abc import Awaitable
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from typing import Generic

from typing_extensions import TypedDict

from agents.exceptions import MaxTurnsExceeded
from agents.exceptions import ModelBehaviorError
from agents.exceptions import ModelRefusalError
from agents.items import ModelResponse
from agents.items import RunItem
from agents.items import TResponseInputItem
from agents.run_context import RunContextWrapper
from agents.run_context import TContext

if TYPE_CHECKING:
    from agents.agent import Agent

__all__ = [
    "RunErrorData",
    "RunErrorHandler",
    "RunErrorHandlerInput",
    "RunErrorHandlerResult",
    "RunErrorHandlers",
]


@dataclass
class RunErrorData:
    """The run as it stood when the error happened."""

    input: str | list[TResponseInputItem]
    """The run's input."""

    new_items: list[RunItem]
    """Items of the completed turns."""

    history: list[TResponseInputItem]
    """Input and new items, as input items (what the next model call would have seen)."""

    output: list[TResponseInputItem]
    """The new items alone, as input items."""

    raw_responses: list[ModelResponse]
    """Every model response of the run."""

    last_agent: Agent[Any]
    """The agent whose turn it was."""


@dataclass
class RunErrorHandlerInput(Generic[TContext]):
    """What a handler receives."""

    error: MaxTurnsExceeded | ModelRefusalError | ModelBehaviorError
    context: RunContextWrapper[TContext]
    run_data: RunErrorData


@dataclass
class RunErrorHandlerResult:
    """A handler's answer: the run's final output."""

    final_output: Any
    include_in_history: bool = True
    """Whether the final output is added to the run's items as an assistant message (so
    `to_input_list()` and a session carry it)."""


RunErrorHandler = Callable[
    [RunErrorHandlerInput[TContext]],
    "RunErrorHandlerResult | dict[str, Any] | Any | Awaitable[Any] | None",
]


class RunErrorHandlers(TypedDict, Generic[TContext], total=False):
    """Handlers by error kind. freeagents calls `max_turns` (the run used up its turns)."""

    max_turns: RunErrorHandler[TContext]
    model_refusal: RunErrorHandler[TContext]
    invalid_final_output: RunErrorHandler[TContext]
