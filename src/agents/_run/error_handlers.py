"""Run error handlers (`Runner.run(error_handlers=...)`): a handler turns a run-ending error
into the run's final output. See agents.run_error_handlers for the public types."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal

from openai.types.responses import ResponseOutputMessage
from openai.types.responses import ResponseOutputText

from agents.exceptions import MaxTurnsExceeded
from agents.exceptions import ModelBehaviorError
from agents.exceptions import ModelRefusalError
from agents.exceptions import UserError
from agents.items import ItemHelpers
from agents.items import MessageOutputItem
from agents.run_error_handlers import RunErrorData
from agents.run_error_handlers import RunErrorHandlerInput
from agents.run_error_handlers import RunErrorHandlerResult
from agents.util._await import maybe_await

if TYPE_CHECKING:
    from agents._run.loop import RunLoop

ErrorKind = Literal["max_turns", "model_refusal", "invalid_final_output"]


async def handle_run_error(
    state: RunLoop,
    kind: ErrorKind,
    error: MaxTurnsExceeded | ModelRefusalError | ModelBehaviorError,
) -> Any | None:
    """The final output the run's handler for `kind` gives, or None to raise the error."""
    handlers = state.error_handlers or {}
    handler = handlers.get(kind)
    if handler is None:
        return None
    if not callable(handler):
        raise UserError(f"error_handlers[{kind!r}] must be a function, got {handler!r}")
    history = ItemHelpers.input_to_new_input_list(state.original_input)
    output = [item.to_input_item() for item in state.items]
    data = RunErrorData(
        input=state.original_input,
        new_items=list(state.items),
        history=history + output,
        output=output,
        raw_responses=list(state.responses),
        last_agent=state.current_agent,
    )
    answer = await maybe_await(
        handler(RunErrorHandlerInput(error=error, context=state.context, run_data=data))
    )
    if answer is None:
        return None
    if isinstance(answer, dict) and "final_output" in answer:
        answer = RunErrorHandlerResult(
            final_output=answer["final_output"],
            include_in_history=bool(answer.get("include_in_history", True)),
        )
    if not isinstance(answer, RunErrorHandlerResult):
        answer = RunErrorHandlerResult(final_output=answer)
    if answer.include_in_history:
        state.items.append(_message(state, answer.final_output))
    return answer.final_output


def _message(state: RunLoop, output: Any) -> MessageOutputItem:
    if isinstance(output, str):
        text = output
    else:
        dump = getattr(output, "model_dump_json", None)
        text = dump() if callable(dump) else json.dumps(output, default=str)
    raw = ResponseOutputMessage(
        id="msg_error_handler",
        type="message",
        role="assistant",
        status="completed",
        content=[ResponseOutputText(type="output_text", text=text, annotations=[])],
    )
    return MessageOutputItem(agent=state.current_agent, raw_item=raw)


def error_kind(error: Exception) -> ErrorKind | None:
    """Which run error handler may answer `error` (RunErrorHandlers' keys); None: no handler
    (other model behaviour errors, such as an empty or cut-off answer)."""
    if isinstance(error, MaxTurnsExceeded):
        return "max_turns"
    if isinstance(error, ModelRefusalError):
        return "model_refusal"
    if isinstance(error, ModelBehaviorError) and error.raw_output is not None:
        return "invalid_final_output"  # a final output that failed validation
    return None
