"""RunConfig.call_model_input_filter: a last look at what is sent to the model each turn.

Useful to trim a long history, redact data, or inject context, without touching the
conversation the run keeps (`to_input_list()` is unaffected).
"""

from __future__ import annotations

from collections.abc import Awaitable
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from typing import Generic

from agents.exceptions import UserError
from agents.items import TResponseInputItem
from agents.run_context import TContext
from agents.util._await import maybe_await

if TYPE_CHECKING:
    from agents.agent import Agent


@dataclass
class ModelInputData:
    input: list[TResponseInputItem]
    """The conversation items about to be sent."""

    instructions: str | None
    """The system prompt about to be sent."""


@dataclass
class CallModelData(Generic[TContext]):
    model_data: ModelInputData
    """What the model is about to receive."""

    agent: Agent[TContext]
    """The agent whose turn it is."""

    context: TContext | None
    """The run's context object."""


CallModelInputFilter = Callable[[CallModelData[Any]], "ModelInputData | Awaitable[ModelInputData]"]


async def apply_input_filter(
    input_filter: CallModelInputFilter,
    agent: Agent[Any],
    context: Any,
    items: list[TResponseInputItem],
    instructions: str | None,
) -> ModelInputData:
    """The filter's version of the model input; the run's own list is never handed out."""
    data = CallModelData(ModelInputData(list(items), instructions), agent, context)
    result = await maybe_await(input_filter(data))
    if not isinstance(result, ModelInputData):
        raise UserError(
            "RunConfig.call_model_input_filter must return ModelInputData, "
            f"got {type(result).__name__}"
        )
    return result
