"""Batch runs on a local Ray cluster (2 CPUs, started once per session).

1,000 rows with a failing row, 429 bursts and an interruption (bench/batch.py times them).
"""

from __future__ import annotations

import asyncio
import functools
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from agents.batch import read_results
from agents.batch import run_batch
from agents.exceptions import UserError
from agents.testing import LoopbackProvider
from tests.scale.conftest import BatchResponder
from tests.scale.factories import loopback_agent

# One local Ray per test run: every test that uses it goes to the same xdist worker.
pytestmark = pytest.mark.xdist_group("ray")


async def test_a_thousand_rows_on_two_ray_workers_interrupted_and_resumed_by_factory_path(
    tmp_path: Path,
    local_ray: Any,
    batch_provider: LoopbackProvider,
    batch_responder: BatchResponder,
) -> None:
    rows = [{"id": f"k{i}", "input": f"ray-{i}"} for i in range(1000)]
    rows[500]["input"] = "ray-500 FAIL"
    out = tmp_path / "out.jsonl"
    factory = functools.partial(loopback_agent, batch_provider.base_url)
    options: dict[str, Any] = {"engine": "ray", "ray_workers": 2, "chunk_size": 50}
    batch_responder.burst_429 = 20
    task = asyncio.create_task(run_batch(factory, rows, out, max_concurrency=16, **options))
    while not out.exists() or len(read_results(out)) < 300:
        assert not task.done(), task
        await asyncio.sleep(0.01)
    task.cancel()  # the driver stops; chunks in flight are lost, never half-written
    with pytest.raises(asyncio.CancelledError):
        await task
    first = len(read_results(out))
    assert 300 <= first < 1000
    # The rest by the factory's import path, as `freeagents batch --engine ray` sends it.
    path = "tests.scale.factories:from_env"
    summary = await run_batch(path, rows, out, max_concurrency=16, **options)
    assert summary.skipped == first and summary.rows == 1000 - first
    records = read_results(out)
    keys = Counter(r["key"] for r in records)
    assert set(keys) == {f"k{i}" for i in range(1000)} and max(keys.values()) == 1
    failed = [r for r in records if r["error"] is not None]
    assert [r["key"] for r in failed] == ["k500"]
    assert batch_responder.burst_429 == 0  # every 429 of the burst was answered, and retried
    by_key = {r["key"]: r for r in records}
    assert by_key["k999"]["final_output"] == "echo:ray-999"


async def test_an_agent_holding_a_client_is_refused_for_ray_with_the_factory_pattern(
    tmp_path: Path, local_ray: Any, batch_provider: LoopbackProvider
) -> None:
    agent = loopback_agent(batch_provider.base_url)
    with pytest.raises(UserError, match=r"factory"):
        await run_batch(agent, [{"input": "x"}], tmp_path / "o.jsonl", engine="ray")
