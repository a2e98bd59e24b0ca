"""Approvals on the Chat Completions route (a Mistral-shaped dialect: 9-character tool-call
ids), plain and streamed: approve, reject, always-approve, several pauses in one turn, after
a handoff; the recorded requests show one model call per turn and nothing run twice."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from openai import AsyncOpenAI

from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import ToolErrorFormatterArgs
from agents.items import ToolApprovalItem
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from agents.testing import WireShape
from tests.approvals.graph import CALLS
from tests.approvals.graph import MAIL
from tests.approvals.graph import ann_then_bob
from tests.approvals.graph import build
from tests.approvals.helpers import CONFIG
from tests.approvals.helpers import run
from tests.approvals.helpers import through_json
from tests.approvals.helpers import tool_outputs

KEY = "sk-approvals-0123456789abcdef"


@pytest.fixture
def mistral() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("mistral", api_key=KEY, wire=WireShape.preset("mistral")) as server:
        yield server


def model(server: LoopbackProvider) -> OpenAIChatCompletionsModel:
    client = AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
    return OpenAIChatCompletionsModel(model="mistral-large-latest", openai_client=client)


async def test_approve_and_reject_in_one_turn(mistral: LoopbackProvider, streamed: bool) -> None:
    mistral.enqueue(
        Reply(tool_calls=[ToolCall("send_mail", MAIL), ToolCall("pay", {"amount": 5})]),
        Reply(text="Mail sent; payment refused."),
    )
    _, mailer = build(model(mistral))
    paused = await run(mailer, "Mail Ann and pay 5.", streamed=streamed)
    assert paused.final_output is None and CALLS == []
    mail, pay = paused.interruptions
    assert isinstance(mail, ToolApprovalItem) and (mail.name, pay.name) == ("send_mail", "pay")
    ids = [mail.call_id, pay.call_id]
    assert all(isinstance(i, str) and len(i) == 9 for i in ids)  # Mistral's id form, kept
    state = await through_json(mailer, paused.to_state())
    mail, pay = state.get_interruptions()
    state.approve(mail)
    state.reject(pay, rejection_message="No payments today.")
    done = await run(mailer, state, streamed=streamed)
    assert done.final_output == "Mail sent; payment refused."
    assert CALLS == [("send_mail", MAIL)]  # approved ran once, rejected never
    assert len(mistral.chat_requests) == 2  # one model call per turn, none repeated
    sent = tool_outputs(mistral.chat_requests[1]["messages"])
    assert sent == {ids[0]: "sent to ann@example.com", ids[1]: "No payments today."}
    assert done.context_wrapper.usage.requests == 2
    assert all(not isinstance(i, ToolApprovalItem) for i in done.new_items)
    assert [i.get("type") or i.get("role") for i in done.to_input_list()][-3:] == [
        "function_call_output",
        "function_call_output",
        "message",
    ]


async def test_always_approve_lets_later_calls_run(mistral: LoopbackProvider) -> None:
    mistral.enqueue(*ann_then_bob())
    _, mailer = build(model(mistral))
    paused = await run(mailer, "Mail Ann, then Bob.", streamed=False)
    state = paused.to_state()
    state.approve(paused.interruptions[0], always_approve=True)
    done = await run(mailer, await through_json(mailer, state), streamed=False)
    assert done.final_output == "Both sent." and done.interruptions == []
    assert [c[1]["to"] for c in CALLS] == ["ann@example.com", "bob@example.com"]
    assert len(mistral.chat_requests) == 3
    assert done.to_state().current_turn == 3


async def test_rejection_words_come_from_the_formatter(mistral: LoopbackProvider) -> None:
    mistral.enqueue(Reply(tool_calls=[ToolCall("pay", {"amount": 1})]), Reply(text="ok"))
    _, mailer = build(model(mistral))
    seen: list[ToolErrorFormatterArgs[Any]] = []

    def words(args: ToolErrorFormatterArgs[Any]) -> str:
        seen.append(args)
        return f"{args.tool_name} was refused by policy"

    config = RunConfig(tracing_disabled=True, tool_error_formatter=words)
    paused = await run(mailer, "Pay 1.", streamed=False, run_config=config)
    state = paused.to_state()
    state.reject(paused.interruptions[0])
    await run(mailer, state, streamed=False, run_config=config)
    assert [a.kind for a in seen] == ["approval_rejected"]
    assert list(tool_outputs(mistral.chat_requests[1]["messages"]).values()) == [
        "pay was refused by policy"
    ]


async def test_pause_after_a_handoff_resumes_on_the_new_agent(mistral: LoopbackProvider) -> None:
    mistral.enqueue(
        Reply(tool_calls=[ToolCall("lookup", {"name": "ann"})]),
        Reply(tool_calls=[ToolCall("transfer_to_mailer", {})]),
        Reply(tool_calls=[ToolCall("send_mail", MAIL)]),
        Reply(text="Sent."),
    )
    triage, mailer = build(model(mistral))
    paused = await run(triage, "Mail Ann.", streamed=False)
    assert paused.last_agent is mailer and paused.interruptions[0].agent is mailer
    state = await through_json(triage, paused.to_state())
    assert state.current_turn == 3
    state.approve(state.get_interruptions()[0])
    done = await run(triage, state, streamed=True)
    assert done.final_output == "Sent." and done.last_agent is mailer
    assert [c[0] for c in CALLS] == ["lookup", "send_mail"]
    assert len(mistral.chat_requests) == 4
    assert done.context_wrapper.usage.requests == 4


async def test_policy_function_decides_per_call(mistral: LoopbackProvider) -> None:
    from agents import Agent
    from agents import function_tool

    async def big(_ctx: Any, args: dict[str, Any], _call_id: str) -> bool:
        return bool(args["amount"] > 100)

    @function_tool(needs_approval=big)
    def transfer(amount: int) -> str:
        """Transfer money."""
        CALLS.append(("transfer", {"amount": amount}))
        return "done"

    mistral.enqueue(
        Reply(
            tool_calls=[ToolCall("transfer", {"amount": 5}), ToolCall("transfer", {"amount": 500})]
        ),
        Reply(text="ok"),
    )
    agent = Agent(name="bank", model=model(mistral), tools=[transfer])
    paused = await run(agent, "Move money.", streamed=False, run_config=CONFIG)
    assert CALLS == [("transfer", {"amount": 5})]  # the small one ran at once
    [big_one] = paused.interruptions
    assert json.loads(big_one.arguments or "") == {"amount": 500}
    state = paused.to_state()
    state.approve(big_one)
    done = await run(agent, state, streamed=False)
    assert done.final_output == "ok"
    assert CALLS == [("transfer", {"amount": 5}), ("transfer", {"amount": 500})]
    assert len(tool_outputs(mistral.chat_requests[1]["messages"])) == 2


async def test_streamed_resume_streams_the_approved_output(mistral: LoopbackProvider) -> None:
    from agents import Runner

    mistral.enqueue(Reply(tool_calls=[ToolCall("send_mail", MAIL)]), Reply(text="Sent."))
    _, mailer = build(model(mistral))
    first = Runner.run_streamed(mailer, "Mail Ann.", run_config=CONFIG)
    names = [e.name async for e in first.stream_events() if e.type == "run_item_stream_event"]
    assert names == ["tool_called"]  # the approval is not an event: read the interruptions
    assert first.is_complete and [i.name for i in first.interruptions] == ["send_mail"]
    state = first.to_state()
    state.approve(first.interruptions[0])
    second = Runner.run_streamed(mailer, state, run_config=CONFIG)
    names = [e.name async for e in second.stream_events() if e.type == "run_item_stream_event"]
    assert names == ["tool_output", "message_output_created"]
    assert second.final_output == "Sent." and second.current_turn == 2
    assert second.interruptions == [] and CALLS == [("send_mail", MAIL)]


async def test_resuming_undecided_pauses_again_without_a_model_call(
    mistral: LoopbackProvider,
) -> None:
    mistral.enqueue(Reply(tool_calls=[ToolCall("send_mail", MAIL)]), Reply(text="Sent."))
    _, mailer = build(model(mistral))
    paused = await run(mailer, "Mail Ann.", streamed=False)
    again = await run(mailer, paused.to_state(), streamed=False)
    assert [i.call_id for i in again.interruptions] == [paused.interruptions[0].call_id]
    assert len(mistral.chat_requests) == 1 and CALLS == []
    state = again.to_state()
    assert state.current_turn == 1
    state.approve(state.get_interruptions()[0])
    done = await run(mailer, state, streamed=False)
    assert done.final_output == "Sent." and len(mistral.chat_requests) == 2
    assert CALLS == [("send_mail", MAIL)]
