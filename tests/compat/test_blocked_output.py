"""RunConfig.output_guardrail_blocked_message: a tool output that became the final output and
that an output guardrail rejected is withheld (the placeholder in its place), while the call
itself is kept, in the run's items and in the session."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

from agents import Agent
from agents import GuardrailFunctionOutput
from agents import OutputGuardrailBlockedMessageArgs
from agents import OutputGuardrailTripwireTriggered
from agents import RunConfig
from agents import RunContextWrapper
from agents import SQLiteSession
from agents import UserError
from agents import function_tool
from agents import output_guardrail
from tests.compat.conftest import Route
from tests.compat.conftest import run


@function_tool
def read_vault() -> str:
    """Reads the vault."""
    return "the code is 1234"


@output_guardrail
def no_codes(
    ctx: RunContextWrapper[Any], agent: Agent[Any], output: Any
) -> GuardrailFunctionOutput:
    seen = str(output)
    return GuardrailFunctionOutput(output_info={"saw": seen}, tripwire_triggered="1234" in seen)


def vault_agent(route: Route) -> Agent[Any]:
    return Agent(
        name="Vault",
        model=route.model,
        tools=[read_vault],
        tool_use_behavior="stop_on_first_tool",
        output_guardrails=[no_codes],
    )


async def test_the_rejected_tool_output_is_withheld(
    route: Route, streamed: bool, tmp_path: pathlib.Path
) -> None:
    calls: list[OutputGuardrailBlockedMessageArgs[Any]] = []

    def formatter(args: OutputGuardrailBlockedMessageArgs[Any]) -> str:
        calls.append(args)
        return f"[withheld by {args.guardrail_name}]"

    session = SQLiteSession("vault", str(tmp_path / "s.db"))
    config = RunConfig(tracing_disabled=True, output_guardrail_blocked_message=formatter)
    route.server.enqueue(route.call("read_vault", {}))
    with pytest.raises(OutputGuardrailTripwireTriggered) as tripped:
        await run(vault_agent(route), "open", streamed, run_config=config, session=session)
    assert [(a.guardrail_name, a.default_message, a.agent.name) for a in calls] == [
        ("no_codes", "Output withheld by an output guardrail.", "Vault")
    ]
    result = tripped.value.guardrail_result
    assert result.agent_output == "[withheld by no_codes]" and result.output.output_info is None
    saved = await session.get_items()
    assert [i.get("type", "message") for i in saved] == [
        "message",
        "function_call",
        "function_call_output",
    ]
    assert saved[-1]["output"] == "[withheld by no_codes]"
    run_data = tripped.value.run_data
    assert run_data is not None
    kept = json.dumps([i.to_input_item() for i in run_data.new_items])
    assert "1234" not in kept and "[withheld by no_codes]" in kept
    assert "1234" not in repr(run_data.output_guardrail_results)


async def test_default_placeholder_and_a_failing_formatter(route: Route) -> None:
    def broken(args: OutputGuardrailBlockedMessageArgs[Any]) -> str:
        raise RuntimeError("no")

    for setting in (None, broken):
        route.server.enqueue(route.call("read_vault", {}))
        config = RunConfig(tracing_disabled=True, output_guardrail_blocked_message=setting)
        with pytest.raises(OutputGuardrailTripwireTriggered) as tripped:
            await run(vault_agent(route), "open", False, run_config=config)
        placeholder = "Output withheld by an output guardrail."
        assert tripped.value.guardrail_result.agent_output == placeholder


async def test_a_message_answer_is_not_a_tool_output(route: Route) -> None:
    """Only a tool's output is withheld: a rejected message answer is reported as it was."""
    route.server.enqueue(route.say("the code is 1234"))
    agent = Agent(name="Vault", model=route.model, output_guardrails=[no_codes])
    config = RunConfig(tracing_disabled=True, output_guardrail_blocked_message="withheld")
    with pytest.raises(OutputGuardrailTripwireTriggered) as tripped:
        await run(agent, "open", False, run_config=config)
    assert tripped.value.guardrail_result.agent_output == "the code is 1234"


async def _formatter(args: OutputGuardrailBlockedMessageArgs[Any]) -> str:
    return "x"


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "must not be empty"), (3, "string, a function or None"), (_formatter, "synchronous")],
)
def test_bad_settings_are_refused(value: Any, message: str) -> None:
    with pytest.raises(UserError, match=message):
        RunConfig(output_guardrail_blocked_message=value)
