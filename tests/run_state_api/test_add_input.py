"""RunState.add_input on the Chat Completions loopback: input staged on a paused run reaches
the model on resume (also through JSON, also streamed), is checked by the input guardrails
first, is recorded as an InputItem, and is refused where no model call would follow."""

from __future__ import annotations

from typing import Any

import pytest

from agents import Agent
from agents import GuardrailFunctionOutput
from agents import InputGuardrailTripwireTriggered
from agents import InputItem
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import RunContextWrapper
from agents import RunState
from agents import TResponseInputItem
from agents import UserError
from agents import input_guardrail
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from tests.approvals.graph import CALLS
from tests.approvals.graph import MAIL
from tests.approvals.graph import ann_then_bob
from tests.approvals.graph import build
from tests.approvals.helpers import run
from tests.approvals.helpers import through_json
from tests.conftest import make_model

ADDED = "Also sign it Bob."


def model(server: LoopbackProvider) -> OpenAIChatCompletionsModel:
    return make_model(server, "gpt-4o-mini", max_retries=0)


async def paused_mailer(server: LoopbackProvider, **agent_fields: Any) -> tuple[Agent, Any]:
    server.enqueue(Reply(tool_calls=[ToolCall("send_mail", MAIL)]), Reply(text="Sent, as Bob."))
    _, mailer = build(model(server))
    if agent_fields:
        mailer = mailer.clone(**agent_fields)
    paused = await run(mailer, "Mail Ann.", streamed=False)
    assert len(paused.interruptions) == 1 and CALLS == []
    return mailer, paused


@pytest.mark.parametrize(("streamed", "via_json"), [(False, False), (True, False), (False, True)])
async def test_added_input_reaches_the_resumed_model_call(
    provider: LoopbackProvider, streamed: bool, via_json: bool
) -> None:
    mailer, paused = await paused_mailer(provider)
    state = paused.to_state()
    state.add_input(ADDED)
    state.add_input([{"role": "user", "content": "Thanks."}])
    assert state.pending_input == [
        {"role": "user", "content": ADDED},
        {"role": "user", "content": "Thanks."},
    ]
    if via_json:
        assert state.to_json()["pending_input"] == state.pending_input
        state = await through_json(mailer, state)
    state.approve(state.get_interruptions()[0])
    done = await run(mailer, state, streamed=streamed)
    assert done.final_output == "Sent, as Bob." and CALLS == [("send_mail", MAIL)]
    messages = provider.chat_requests[1]["messages"]
    # After the tool's output, before the model's answer: where the input joined the run.
    assert [m["role"] for m in messages[-3:]] == ["tool", "user", "user"]
    assert [m["content"] for m in messages[-2:]] == [ADDED, "Thanks."]
    added = [i for i in done.new_items if isinstance(i, InputItem)]
    assert [i.raw_item for i in added] == [
        {"role": "user", "content": ADDED},
        {"role": "user", "content": "Thanks."},
    ]
    assert added[0].type == "input_item" and added[0].input_id != added[1].input_id
    assert state.pending_input == []  # admitted once: resuming the state again sends nothing
    assert done.to_state().pending_input == []


async def test_guardrail_trip_on_added_input_stops_before_the_model(
    provider: LoopbackProvider,
) -> None:
    seen: list[Any] = []

    @input_guardrail
    def no_payments(
        ctx: RunContextWrapper[Any], agent: Agent[Any], input: str | list[TResponseInputItem]
    ) -> GuardrailFunctionOutput:
        seen.append(input)
        return GuardrailFunctionOutput(None, tripwire_triggered="pay" in str(input))

    mailer, paused = await paused_mailer(provider)
    state = paused.to_state()
    state.add_input("And pay 5.")
    state.approve(state.get_interruptions()[0])
    config = RunConfig(tracing_disabled=True, input_guardrails=[no_payments])
    with pytest.raises(InputGuardrailTripwireTriggered):
        await run(mailer, state, streamed=False, run_config=config)
    assert seen == [[{"role": "user", "content": "And pay 5."}]]
    assert len(provider.chat_requests) == 1  # the resumed model call was never made
    assert state.pending_input == [{"role": "user", "content": "And pay 5."}]


async def test_input_items_survive_a_second_pause_through_json(provider: LoopbackProvider) -> None:
    provider.enqueue(*ann_then_bob())
    _, mailer = build(model(provider))
    first = (await run(mailer, "Mail Ann.", streamed=False)).to_state()
    first.add_input("Then mail Bob.")
    first.approve(first.get_interruptions()[0])
    second = (await run(mailer, first, streamed=False)).to_state()
    written = second.to_json()
    [entry] = [i for i in written["generated_items"] if i["type"] == "input_item"]
    assert entry["raw_item"] == {"role": "user", "content": "Then mail Bob."}
    restored = await RunState.from_json(mailer, written)
    [item] = [i for i in restored._generated_items if isinstance(i, InputItem)]
    assert item.input_id == entry["input_id"]
    restored.approve(restored.get_interruptions()[0])
    done = await run(mailer, restored, streamed=False)
    assert done.final_output == "Both sent."
    users = [m["content"] for m in provider.chat_requests[2]["messages"] if m["role"] == "user"]
    assert users == ["Mail Ann.", "Then mail Bob."]  # sent once, in its place


async def test_add_input_is_refused_where_no_model_call_follows(provider: LoopbackProvider) -> None:
    _, paused = await paused_mailer(provider, tool_use_behavior="stop_on_first_tool")
    state = paused.to_state()
    with pytest.raises(UserError, match="tool results may end the run"):
        state.add_input("More.")
    assert state.pending_input == []

    plain = Agent(name="plain", model=model(provider))
    finished = (await run(plain, "Hi", streamed=False)).to_state()
    assert finished._final_output == "Sent, as Bob."  # the reply left queued above
    with pytest.raises(UserError, match="finished RunState"):
        finished.add_input("More.")
    with pytest.raises(UserError, match="finished RunState"):
        (await through_json(Agent(name="plain", model=model(provider)), finished)).add_input("x")

    _, last_turn = await paused_mailer(provider)
    spent = last_turn.to_state()
    spent._max_turns = spent.current_turn
    with pytest.raises(UserError, match="no model turns left"):
        spent.add_input("More.")
