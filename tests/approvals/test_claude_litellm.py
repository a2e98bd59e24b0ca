"""A run paused on Claude (LiteLLM route, thinking on) is written to JSON, and resumed in a
fresh process: the signed thinking block goes back with the tool result (the loopback
Anthropic server rejects it otherwise), one model call per turn, the approved call run once."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("agents.extensions.models.litellm_model")

from agents.testing.anthropic_server import AnthropicLoopback
from agents.testing.anthropic_server import AnthropicReply
from agents.testing.anthropic_server import Thinking
from agents.testing.anthropic_server import ToolUse
from tests.approvals.graph import CALLS
from tests.approvals.helpers import run
from tests.approvals.resume_child import KEY
from tests.approvals.resume_child import claude_mailer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def claude() -> Iterator[AnthropicLoopback]:
    with AnthropicLoopback(api_key=KEY) as running:
        yield running


async def test_paused_on_claude_resumes_in_a_fresh_process(
    claude: AnthropicLoopback, tmp_path: Path
) -> None:
    """Paused from a streamed run here; resumed (plainly) in a child process."""
    claude.enqueue(
        AnthropicReply(
            thinking=[Thinking("The user wants a mail sent.", signature="sig-mail")],
            tool_uses=[ToolUse("send_mail", {"to": "ann@example.com", "body": "hi"})],
        ),
        AnthropicReply(text="Mail sent."),
    )
    mailer = claude_mailer(claude.base_url)
    paused = await run(mailer, "Mail Ann hi.", streamed=True)  # type: ignore[arg-type]
    [pending] = paused.interruptions
    assert pending.name == "send_mail" and pending.call_id and pending.call_id.startswith("toolu_")
    saved = tmp_path / "state.json"
    saved.write_text(paused.to_state().to_string())
    data = json.loads(saved.read_text())
    thinking = data["generated_items"][0]["raw_item"]["provider_data"]["thinking_blocks"]
    assert thinking[0]["signature"] == "sig-mail"

    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}"}
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.approvals.resume_child",
        str(saved),
        claude.base_url,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await child.communicate()
    assert child.returncode == 0, err.decode()[-2000:]
    report = json.loads(out.decode().strip().splitlines()[-1])
    assert report["final_output"] == "Mail sent."
    assert report["calls"] == [["send_mail", {"to": "ann@example.com", "body": "hi"}]]
    assert (report["requests"], report["turn"]) == (2, 2)
    assert CALLS == []  # the tool ran in the child only
    assert len(claude.message_requests) == 2  # one model call per turn, none repeated
    resumed = claude.message_requests[1]["messages"]
    assert resumed[1]["content"][0] == {
        "type": "thinking",
        "thinking": "The user wants a mail sent.",
        "signature": "sig-mail",
    }
    assert resumed[2]["content"][0]["type"] == "tool_result"
    assert resumed[2]["content"][0]["tool_use_id"] == pending.call_id
