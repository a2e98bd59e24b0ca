"""CompactionItem on the Responses loopback: a `compaction` output item (server-side context
compaction) becomes a CompactionItem, is not streamed as an item event, goes back to the API
on the next call without `created_by`, and survives RunState JSON."""

from __future__ import annotations

from agents import Agent
from agents import CompactionItem
from agents import RunItemStreamEvent
from agents import Runner
from agents import RunState
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall
from tests.approvals.graph import CALLS
from tests.approvals.graph import lookup
from tests.approvals.graph import send_mail
from tests.approvals.helpers import CONFIG
from tests.approvals.helpers import run
from tests.responses_helpers import responses_model

COMPACTION = {
    "type": "compaction",
    "id": "cmp_1",
    "encrypted_content": "gAAAA-earlier-turns",
    "created_by": "server",
}


def agent(server: ResponsesLoopback) -> Agent:
    return Agent(name="mailer", model=responses_model(server), tools=[lookup, send_mail])


async def test_compaction_item_is_kept_and_sent_back(server: ResponsesLoopback) -> None:
    server.enqueue(
        ResponsesReply(output=[COMPACTION], tool_calls=[ToolCall("lookup", {"name": "ann"})]),
        ResponsesReply(text="ann@example.com"),
    )
    result = Runner.run_streamed(agent(server), "Find Ann.", run_config=CONFIG)
    events = [e async for e in result.stream_events() if isinstance(e, RunItemStreamEvent)]
    assert result.final_output == "ann@example.com"
    [item] = [i for i in result.new_items if isinstance(i, CompactionItem)]
    expected = {"type": "compaction", "id": "cmp_1", "encrypted_content": "gAAAA-earlier-turns"}
    assert item.type == "compaction_item" and item.raw_item == expected
    assert all(e.item is not item for e in events)
    second = server.response_requests[1]["input"]
    assert expected in second  # replayed as it came, without the response-only field
    assert expected in result.to_input_list()


async def test_compaction_item_survives_run_state_json(server: ResponsesLoopback) -> None:
    mail = {"to": "ann@example.com", "body": "hi"}
    server.enqueue(
        ResponsesReply(output=[COMPACTION], tool_calls=[ToolCall("send_mail", mail)]),
        ResponsesReply(text="Sent."),
    )
    mailer = agent(server)
    paused = await run(mailer, "Mail Ann.", streamed=False)
    written = paused.to_state().to_json()
    [entry] = [i for i in written["generated_items"] if i["type"] == "compaction_item"]
    assert entry["raw_item"]["encrypted_content"] == "gAAAA-earlier-turns"
    state = await RunState.from_json(mailer, written)
    assert any(isinstance(i, CompactionItem) for i in state._generated_items)
    state.approve(state.get_interruptions()[0])
    done = await run(mailer, state, streamed=False)
    assert done.final_output == "Sent." and [("send_mail", mail)] == CALLS
