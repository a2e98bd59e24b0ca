"""A paused run with a session resumes without duplicating or losing session items."""

from __future__ import annotations

from agents import SQLiteSession
from agents.testing import ScriptedModel
from agents.testing.provider_server import Reply
from agents.testing.provider_server import ToolCall
from tests.approvals.graph import CALLS
from tests.approvals.graph import build
from tests.approvals.helpers import run
from tests.approvals.helpers import through_json


async def test_session_holds_each_item_once() -> None:
    model = ScriptedModel(
        [Reply(tool_calls=[ToolCall("send_mail", {"to": "a@x", "body": "b"}, id="c1")])]
    )
    model.add(Reply(text="Sent."))
    _, mailer = build(model)
    session = SQLiteSession("approvals")
    paused = await run(mailer, "Mail a.", streamed=False, session=session)
    at_pause = await session.get_items()
    assert [i.get("type") or i.get("role") for i in at_pause] == ["user", "function_call"]
    state = await through_json(mailer, paused.to_state())
    state.approve(state.get_interruptions()[0])
    await run(mailer, state, streamed=True, session=session)
    items = await session.get_items()
    kinds = [i.get("type") or i.get("role") for i in items]
    assert kinds == ["user", "function_call", "function_call_output", "message"]
    assert CALLS == [("send_mail", {"to": "a@x", "body": "b"})]
