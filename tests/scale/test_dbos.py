"""Durable runs on DBOS (``dbos`` + the ``dbos-openai-agents`` plug-in), SQLite and Postgres.

A worker process runs an agent that calls two tools; it is killed with SIGKILL inside the
second tool and started again. The loopback provider's request log shows that the model
calls completed before the kill were not made again, and the tool log that the first tool
(completed, a DBOS step) did not run again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall

pytest.importorskip("dbos", reason="DBOS is not installed (pip install 'freeagents[dbos]')")
pytest.importorskip(
    "dbos_openai_agents",
    reason="the DBOS plug-in is not installed (pip install --no-deps dbos-openai-agents)",
)

from tests.scale.dbos_worker import KEY

ROOT = Path(__file__).resolve().parents[2]


def tool_results(body: dict[str, Any]) -> int:
    return sum(1 for m in body["messages"] if m.get("role") == "tool")


def durable_script(body: dict[str, Any]) -> Reply:
    """first, then second, then the answer: decided by the conversation, so replays agree."""
    done = tool_results(body)
    if done == 0:
        return Reply(tool_calls=[ToolCall("first")])
    if done == 1:
        return Reply(tool_calls=[ToolCall("second")])
    return Reply(text="both tools ran")


@pytest.fixture(scope="module")
def durable_provider() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("durable", api_key=KEY, responder=durable_script) as server:
        yield server


def start_worker(db_url: str, base_url: str, logs: Path, wid: str, place: str) -> Any:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "tests.scale.dbos_worker", db_url, base_url, str(logs), wid]
    return subprocess.Popen(
        [*command, place], cwd=logs, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def kill_mid_tool_and_resume(
    db_url: str, provider: LoopbackProvider, logs: Path, place: str
) -> None:
    wid = f"durable-{uuid.uuid4().hex[:8]}"
    before = len(provider.chat_requests)
    worker = start_worker(db_url, provider.base_url, logs, wid, place)
    deadline = time.monotonic() + 120
    while not (logs / "second.blocked").exists():
        if worker.poll() is not None:
            pytest.fail(f"worker exited early: {worker.stdout.read().decode()[-3000:]}")
        assert time.monotonic() < deadline, "the worker never reached the second tool"
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    assert len(provider.chat_requests) - before == 2  # the two calls that asked for tools
    again = start_worker(db_url, provider.base_url, logs, wid, place)
    output, _ = again.communicate(timeout=120)
    assert again.returncode == 0, output.decode()[-3000:]
    assert (logs / "result.txt").read_text() == "both tools ran"
    calls = provider.chat_requests[before:]
    # Three model calls in all: the two recorded before the kill were not made again.
    assert [tool_results(b) for b in calls] == [0, 1, 2]
    tools = (logs / "tools.log").read_text().splitlines()
    assert tools.count("first started") == 1  # a completed step never runs twice
    assert tools.count("second started") == 2 and tools.count("second finished") == 1


def test_sqlite_kill_9_mid_tool_resumes_without_repeating_model_calls_or_tools(
    tmp_path: Path, durable_provider: LoopbackProvider
) -> None:
    db_url = f"sqlite:///{tmp_path / 'dbos.sqlite'}"
    kill_mid_tool_and_resume(db_url, durable_provider, tmp_path, place="run_config")


def test_postgres_kill_9_mid_tool_resumes_without_repeating_model_calls_or_tools(
    tmp_path: Path, durable_provider: LoopbackProvider, postgres: Any
) -> None:
    db_url = postgres.url("freeagents_dbos")
    kill_mid_tool_and_resume(db_url, durable_provider, tmp_path, place="agent")
