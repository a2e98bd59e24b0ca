"""RunState JSON: states written by openai-agents 0.24 load here, field by field, and a
state written here reads back to the same state; bad documents are UserErrors."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from openai.types.responses import ResponseFunctionToolCall
from openai.types.responses import ResponseReasoningItem

from agents import RunState
from agents import UserError
from agents.items import HandoffOutputItem
from agents.items import ReasoningItem
from agents.items import ToolApprovalItem
from agents.items import ToolCallOutputItem
from agents.testing import ScriptedModel
from tests.approvals.graph import build

DATA = Path(__file__).parent.parent / "data" / "run_state"


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text())
    return data


async def test_reference_state_loads_field_by_field() -> None:
    triage, mailer = build(ScriptedModel())
    state = await RunState.from_json(triage, fixture("reference_handoff_approval.json"))
    assert state.current_turn == 3
    assert state._current_agent is mailer
    assert state._original_input == "Mail Ann hello."
    assert state._context is not None and state._context.context == {"user": "bob"}
    usage = state._context.usage
    assert (usage.requests, usage.input_tokens, usage.output_tokens) == (3, 65, 21)
    assert [r.response_id for r in state._model_responses] == ["resp_1", "resp_2", "resp_3"]
    kinds = [type(i).__name__ for i in state._generated_items]
    assert kinds[:3] == ["ReasoningItem", "ToolCallItem", "ToolCallOutputItem"]
    reasoning = state._generated_items[0]
    assert isinstance(reasoning, ReasoningItem)
    assert isinstance(reasoning.raw_item, ResponseReasoningItem)
    assert reasoning.raw_item.encrypted_content == "ENCRYPTED-BY-OPENAI"
    handoff_out = next(i for i in state._generated_items if isinstance(i, HandoffOutputItem))
    assert handoff_out.source_agent is triage and handoff_out.target_agent is mailer
    [pending] = state.get_interruptions()
    assert isinstance(pending, ToolApprovalItem)
    assert (pending.agent, pending.name, pending.call_id) == (mailer, "send_mail", "call_mail")
    assert json.loads(pending.arguments or "") == {"to": "ann@example.com", "body": "hello"}
    assert state._last_processed_response is not None
    [run] = state._last_processed_response.tool_runs
    assert isinstance(run.call, ResponseFunctionToolCall) and run.tool is mailer.tools[0]


async def test_reference_decisions_load() -> None:
    _, mailer = build(ScriptedModel())
    state = await RunState.from_json(mailer, fixture("reference_decided.json"))
    context = state._context
    assert context is not None
    assert context.get_approval_status("send_mail", "call_a", agent_name="mailer") is True
    assert context.get_approval_status("send_mail", "other", agent_name="mailer") is True
    assert context.get_approval_status("pay", "call_b", agent_name="mailer") is False
    message = context.get_rejection_message("pay", "call_b", agent_name="mailer")
    assert message == "Payments are frozen today."


async def test_written_state_reads_back_the_same() -> None:
    triage, _ = build(ScriptedModel())
    state = await RunState.from_json(triage, fixture("reference_handoff_approval.json"))
    state.approve(state.get_interruptions()[0])
    written = state.to_json()
    assert written["$schemaVersion"] == "1.21"
    again = await RunState.from_string(triage, state.to_string())
    assert again.to_json() == written
    context = again._context
    assert context is not None
    assert context.get_approval_status("send_mail", "call_mail", agent_name="mailer") is True


async def test_provider_data_survives_the_round_trip() -> None:
    triage, _ = build(ScriptedModel())
    data = fixture("reference_handoff_approval.json")
    signed = {"model": "anthropic/claude", "thinking_blocks": [{"signature": "sig-1"}]}
    data["generated_items"][0]["raw_item"]["provider_data"] = signed
    state = await RunState.from_json(triage, data)
    item = state._generated_items[0]
    assert item.to_input_item()["provider_data"] == signed  # type: ignore[typeddict-item]
    assert state.to_json()["generated_items"][0]["raw_item"]["provider_data"] == signed


def _broken(change: Any) -> dict[str, Any]:
    data = fixture("reference_handoff_approval.json")
    change(data)
    return data


@pytest.mark.parametrize(
    ("case", "data", "words"),
    [
        ("newer", _broken(lambda d: d.update({"$schemaVersion": "2.0"})), "2.0"),
        ("no version", _broken(lambda d: d.pop("$schemaVersion")), "schemaVersion"),
        ("no agent", _broken(lambda d: d.pop("current_agent")), "malformed"),
        ("unknown agent", _broken(lambda d: d.update({"current_agent": {"name": "x"}})), "'x'"),
        (
            "unknown tool",
            _broken(
                lambda d: d["last_processed_response"]["functions"][0]["tool_call"].update(
                    {"name": "wire_money"}
                )
            ),
            "wire_money",
        ),
        (
            "foreign interruption",
            _broken(
                lambda d: d["current_step"]["data"]["interruptions"][0]["raw_item"].update(
                    {"call_id": "call_other"}
                )
            ),
            "edited",
        ),
        ("bad turn", _broken(lambda d: d.update({"current_turn": "three"})), "current_turn"),
        ("bad usage", _broken(lambda d: d["context"].update({"usage": []})), "usage"),
    ],
)
async def test_bad_states_are_user_errors(case: str, data: dict[str, Any], words: str) -> None:
    triage, _ = build(ScriptedModel())
    with pytest.raises(UserError, match=words):
        await RunState.from_json(triage, copy.deepcopy(data))


async def test_truncated_text_is_a_user_error() -> None:
    triage, _ = build(ScriptedModel())
    text = (DATA / "reference_handoff_approval.json").read_text()
    with pytest.raises(UserError, match="truncated"):
        await RunState.from_string(triage, text[: len(text) // 2])


async def test_output_of_a_tool_keeps_its_value() -> None:
    triage, _ = build(ScriptedModel())
    state = await RunState.from_json(triage, fixture("reference_handoff_approval.json"))
    output = next(i for i in state._generated_items if isinstance(i, ToolCallOutputItem))
    assert output.output == "ann@example.com"
