"""Approvals on OpenAI's Responses API: the paused turn's reasoning item goes back (to the
model that made it) with the tool outputs, once; the resumed run makes one call per turn."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from openai import AsyncOpenAI

from agents import OpenAIResponsesModel
from agents.testing import ResponsesLoopback, ResponsesReply, ToolCall
from tests.approvals.graph import CALLS, build
from tests.approvals.helpers import run, through_json

KEY = "sk-responses-approvals-0123456789"


@pytest.fixture
def openai_server() -> Iterator[ResponsesLoopback]:
    with ResponsesLoopback("openai", api_key=KEY) as server:
        yield server


@pytest.mark.parametrize("streamed", [False, True])
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
