"""Approvals on OpenAI's Responses API: the paused turn's reasoning item goes back (to the
model that made it) with the tool outputs, once; the resumed run makes one call per turn."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from openai import AsyncOpenAI

from agents import OpenAIResponsesModel
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall
from tests.approvals.graph import CALLS
from tests.approvals.graph import build
from tests.approvals.helpers import run
from tests.approvals.helpers import through_json

KEY = "sk-responses-approvals-0123456789"


@pytest.fixture
def openai_server() -> Iterator[ResponsesLoopback]:
    with ResponsesLoopback("openai", api_key=KEY) as server:
        yield server


async def test_reasoning_goes_back_once_on_resume(
    openai_server: ResponsesLoopback, streamed: bool
) -> None:
    openai_server.enqueue(
        ResponsesReply(
            reasoning="Two things to do.",
            tool_calls=[
                ToolCall("send_mail", {"to": "a@x", "body": "b"}),
                ToolCall("pay", {"amount": 2}),
            ],
        ),
        ResponsesReply(text="Done."),
    )
    client = AsyncOpenAI(api_key=KEY, base_url=openai_server.base_url, max_retries=0)
    _, mailer = build(OpenAIResponsesModel(model="o4-mini", openai_client=client))
    paused = await run(mailer, "Mail and pay.", streamed=streamed)
    assert len(paused.interruptions) == 2
    state = await through_json(mailer, paused.to_state())
    for item in state.get_interruptions():
        state.approve(item)
    done = await run(mailer, state, streamed=streamed)
    assert done.final_output == "Done."
    assert [c[0] for c in CALLS] == ["send_mail", "pay"]
    requests = openai_server.response_requests
    assert len(requests) == 2
    sent = requests[1]["input"]
    kinds = [item.get("type") for item in sent]
    assert kinds.count("reasoning") == 1
    assert kinds.count("function_call") == 2 and kinds.count("function_call_output") == 2
    reasoning = next(item for item in sent if item.get("type") == "reasoning")
    assert "provider_data" not in reasoning  # the server itself rejects foreign fields
    assert done.context_wrapper.usage.requests == 2


async def test_server_kept_conversation_sends_only_the_new_outputs(
    openai_server: ResponsesLoopback,
) -> None:
    """With previous_response_id, the resumed call points at the paused turn's response and
    sends only what the server has not seen: the outputs of that turn's calls."""
    openai_server.enqueue(
        ResponsesReply(text="Hello."),
        ResponsesReply(
            tool_calls=[
                ToolCall("lookup", {"name": "ann"}, id="call_l"),
                ToolCall("transfer_to_mailer", {}, id="call_h"),
            ]
        ),
        ResponsesReply(tool_calls=[ToolCall("send_mail", {"to": "ann", "body": "b"}, id="c_m")]),
        ResponsesReply(text="Sent."),
    )
    client = AsyncOpenAI(api_key=KEY, base_url=openai_server.base_url, max_retries=0)
    triage, _ = build(OpenAIResponsesModel(model="gpt-4.1", openai_client=client))
    hello = await run(triage, "Hi.", streamed=False)
    before = hello.last_response_id
    paused = await run(triage, "Mail Ann.", streamed=False, previous_response_id=before)
    state = await through_json(triage, paused.to_state())
    state.approve(state.get_interruptions()[0])
    done = await run(triage, state, streamed=False)
    assert done.final_output == "Sent."
    _, first, second, third = openai_server.response_requests
    assert second["previous_response_id"] == paused.raw_responses[0].response_id
    assert first["previous_response_id"] == before
    assert third["previous_response_id"] == paused.raw_responses[-1].response_id
    assert [(i["type"], i["call_id"]) for i in third["input"]] == [("function_call_output", "c_m")]
