"""Both directions with openai-agents 0.24: its paused state resumes here, and ours in it.

The reference runs only where it is installed in its own virtual environment (set
FREEAGENTS_REFERENCE_PYTHON, default /work/refvenv/bin/python); elsewhere that half skips.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest

from agents import RunState
from agents.testing import LoopbackProvider
from agents.testing import Reply
from tests.approvals.graph import CALLS
from tests.approvals.graph import build
from tests.approvals.helpers import run

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = os.environ.get("FREEAGENTS_REFERENCE_PYTHON", "/work/refvenv/bin/python")


async def test_reference_pause_resumes_here() -> None:
    """Paused by the reference after a tool call and a handoff; approved and finished here
    against a loopback provider: the tool runs once and one model call finishes the run."""
    with LoopbackProvider("loopback") as server:
        from openai import AsyncOpenAI

        from agents import OpenAIChatCompletionsModel

        client = AsyncOpenAI(api_key="sk-x", base_url=server.base_url, max_retries=0)
        triage, mailer = build(OpenAIChatCompletionsModel(model="m", openai_client=client))
        server.enqueue(Reply(text="Sent."))
        text = (ROOT / "tests/data/run_state/reference_handoff_approval.json").read_text()
        state = await RunState.from_string(triage, text)
        state.approve(state.get_interruptions()[0])
        done = await run(triage, state, streamed=False)
        assert done.final_output == "Sent." and done.last_agent is mailer
        assert CALLS == [("send_mail", {"to": "ann@example.com", "body": "hello"})]
        assert len(server.chat_requests) == 1
        assert done.context_wrapper.usage.requests == 4
        messages = server.chat_requests[0]["messages"]
        # OpenAI's encrypted reasoning goes back only to OpenAI, never to this provider.
        assert "ENCRYPTED-BY-OPENAI" not in json.dumps(messages)
        assert messages[-1] == {
            "role": "tool",
            "tool_call_id": "call_mail",
            "content": "sent to ann@example.com",
        }


@pytest.mark.skipif(not Path(REFERENCE).exists(), reason="openai-agents 0.24 venv not present")
async def test_our_pause_resumes_in_the_reference(tmp_path: Path) -> None:
    from agents.testing import ScriptedModel
    from agents.testing import ToolCall

    model = ScriptedModel(
        [
            Reply(tool_calls=[ToolCall("lookup", {"name": "ann"}, id="c1")]),
            Reply(tool_calls=[ToolCall("transfer_to_mailer", {}, id="c2")]),
            Reply(tool_calls=[ToolCall("send_mail", {"to": "ann@x", "body": "hi"}, id="c3")]),
        ]
    )
    triage, _ = build(model)
    paused = await run(triage, "Mail Ann.", streamed=False)
    saved = tmp_path / "ours.json"
    saved.write_text(paused.to_state().to_string())
    child = await asyncio.create_subprocess_exec(
        REFERENCE,
        str(ROOT / "scripts/resume_in_reference.py"),
        str(saved),
        env={**os.environ, "OPENAI_AGENTS_DISABLE_TRACING": "1", "PYTHONPATH": ""},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await child.communicate()
    assert child.returncode == 0, err.decode()[-3000:]
    report = json.loads(out.decode().strip().splitlines()[-1])
    assert report["pending"] == ["send_mail"]
    assert report["final_output"] == "Sent." and report["last_agent"] == "mailer"
    assert report["requests"] == 4 and report["model_calls"] == 1
    assert report["sent_types"][-2:] == ["function_call", "function_call_output"]
