"""A tool's output that became the final output and that an output guardrail rejected.

The tool ran (its side effect happened), so the run keeps the call, and a session saves it,
so that the next run does not issue it again; what the tool returned is withheld: its output
item, the guardrail results and the exception carry a placeholder instead
(`RunConfig.output_guardrail_blocked_message`), never the rejected output nor the guardrail's
`output_info`.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from agents.exceptions import OutputGuardrailTripwireTriggered
from agents.guardrail import GuardrailFunctionOutput
from agents.guardrail import OutputGuardrailResult
from agents.items import RunItem
from agents.items import ToolCallOutputItem
from agents.run_config import OutputGuardrailBlockedMessageArgs
from agents.run_config import RunConfig
from agents.run_context import RunContextWrapper

if TYPE_CHECKING:
    from agents.agent import Agent

logger = logging.getLogger("openai.agents")

DEFAULT_BLOCKED_MESSAGE = "Output withheld by an output guardrail."


def blocked_message(
    config: RunConfig,
    tripped: OutputGuardrailTripwireTriggered,
    agent: Agent[Any],
    context: RunContextWrapper[Any],
) -> str:
    """The placeholder: the configured text, or the formatter's answer when it gives a
    non-empty string (anything else, an error included, gives the default)."""
    configured = config.output_guardrail_blocked_message
    if configured is None:
        return DEFAULT_BLOCKED_MESSAGE
    if isinstance(configured, str):
        return configured
    args = OutputGuardrailBlockedMessageArgs(
        default_message=DEFAULT_BLOCKED_MESSAGE,
        guardrail_name=tripped.guardrail_result.guardrail.get_name(),
        agent=agent,
        run_context=context,
    )
    try:
        written = configured(args)
    except Exception as exc:
        logger.warning("output_guardrail_blocked_message raised %s; using the default", exc)
        return DEFAULT_BLOCKED_MESSAGE
    if inspect.iscoroutine(written):
        written.close()
        return DEFAULT_BLOCKED_MESSAGE
    return written if isinstance(written, str) and written else DEFAULT_BLOCKED_MESSAGE


def withhold(
    message: str,
    tripped: OutputGuardrailTripwireTriggered,
    results: list[OutputGuardrailResult],
    items: list[RunItem],
    call_ids: Sequence[str],
) -> None:
    """Replace, in place, what would show the rejected output: the results of this check
    (`results` holds only them), the exception's result, and the tool output items of the
    calls `call_ids`."""
    replaced: dict[int, OutputGuardrailResult] = {}

    def data_free(result: OutputGuardrailResult) -> OutputGuardrailResult:
        if id(result) not in replaced:
            replaced[id(result)] = OutputGuardrailResult(
                guardrail=result.guardrail,
                agent_output=message,
                agent=result.agent,
                output=GuardrailFunctionOutput(
                    output_info=None, tripwire_triggered=result.output.tripwire_triggered
                ),
            )
        return replaced[id(result)]

    results[:] = [data_free(result) for result in results]
    tripped.guardrail_result = data_free(tripped.guardrail_result)
    wanted = set(call_ids)
    for index, item in enumerate(items):
        if not isinstance(item, ToolCallOutputItem):
            continue
        raw = item.raw_item
        call_id = raw.get("call_id") if isinstance(raw, dict) else getattr(raw, "call_id", None)
        if call_id not in wanted:
            continue
        kept = {"type": "function_call_output", "call_id": call_id, "output": message}
        items[index] = ToolCallOutputItem(
            agent=item.agent, raw_item=kept, output=message, tool_origin=item.tool_origin
        )
