"""Batch runs on the asyncio engine: results, failures, resumption, 429 back-off, the CLI."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from agents.batch import ProviderLimits
from agents.batch import read_results
from agents.batch import run_batch
from agents.batch import run_batch_sync
from agents.cli.main import main
from agents.exceptions import UserError
from agents.testing import LoopbackProvider
from tests.scale.conftest import BatchResponder
from tests.scale.factories import loopback_agent


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def requests_for(provider: LoopbackProvider, tag: str) -> Counter[str]:
    """How many model requests each input containing `tag` caused."""
    said = [str(b["messages"][-1]["content"]) for b in provider.chat_requests]
    return Counter(s for s in said if tag in s)


async def test_every_row_gets_one_line_and_a_failing_row_fails_alone(
    tmp_path: Path, batch_provider: LoopbackProvider
) -> None:
    rows = [{"id": f"r{i}", "input": f"alone-{i}"} for i in range(30)]
    rows[7]["input"] = "alone-7 FAIL"
    dataset = write_jsonl(tmp_path / "data.jsonl", rows)
    out = tmp_path / "out.jsonl"
    summary = await run_batch(loopback_agent(batch_provider.base_url), dataset, out)
    assert (summary.rows, summary.failed, summary.skipped) == (30, 1, 0)
    records = {r["key"]: r for r in read_results(out)}
    assert set(records) == {f"r{i}" for i in range(30)}
    assert records["r3"]["final_output"] == "echo:alone-3"
    assert records["r3"]["usage"]["requests"] == 1 and records["r3"]["usage"]["total_tokens"] > 0
    assert records["r3"]["error"] is None
    failed = records["r7"]
    assert failed["final_output"] is None and failed["error"]["type"] == "ProviderBadRequestError"
    assert summary.usage.requests == 29 + 0  # the failed row's usage is not counted
    assert out.stat().st_mode & 0o777 == 0o600


async def test_a_rerun_skips_done_rows_and_redoes_a_torn_line(
    tmp_path: Path, batch_provider: LoopbackProvider
) -> None:
    rows = [{"input": f"resume-{i}"} for i in range(12)]  # no ids: keyed by position
    dataset = write_jsonl(tmp_path / "data.jsonl", rows)
    out = tmp_path / "out.jsonl"
    agent = loopback_agent(batch_provider.base_url)
    await run_batch(agent, rows[:5], out)  # the first five rows, as if interrupted
    with out.open("ab") as handle:  # a crash in the middle of writing row #5's line
        handle.write(b'{"key": "#5", "index": 5, "final_out')
    summary = await run_batch(agent, dataset, out)
    assert (summary.rows, summary.skipped) == (7, 5)
    keys = [r["key"] for r in read_results(out)]
    assert sorted(keys) == sorted(f"#{i}" for i in range(12)) and len(keys) == 12
    assert all(n == 1 for n in requests_for(batch_provider, "resume-").values())
    again = await run_batch(agent, dataset, out)
    assert (again.rows, again.skipped) == (0, 12)


async def test_an_interrupted_batch_resumes_with_no_row_lost_or_doubled(
    tmp_path: Path, batch_provider: LoopbackProvider
) -> None:
    rows = [{"id": f"i{i}", "input": f"interrupt-{i}"} for i in range(60)]
    dataset = write_jsonl(tmp_path / "data.jsonl", rows)
    out = tmp_path / "out.jsonl"
    agent = loopback_agent(batch_provider.base_url)
    task = asyncio.create_task(run_batch(agent, dataset, out, max_concurrency=4))
    while not out.exists() or len(read_results(out)) < 20:
        assert not task.done(), task
        await asyncio.sleep(0.005)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    halfway = len(read_results(out))
    assert 20 <= halfway < 60
    summary = await run_batch(agent, dataset, out, max_concurrency=4)
    assert summary.skipped == halfway and summary.rows == 60 - halfway
    keys = Counter(r["key"] for r in read_results(out))
    assert set(keys) == {f"i{i}" for i in range(60)} and max(keys.values()) == 1


async def test_failed_rows_run_again_only_when_asked(
    tmp_path: Path, batch_provider: LoopbackProvider
) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", [{"id": "a", "input": "retry FAIL"}])
    out = tmp_path / "out.jsonl"
    agent = loopback_agent(batch_provider.base_url)
    assert (await run_batch(agent, dataset, out)).failed == 1
    assert (await run_batch(agent, dataset, out)).rows == 0
    again = await run_batch(agent, dataset, out, retry_failed=True)
    assert again.rows == 1 and len(read_results(out)) == 1


async def test_429_bursts_shrink_the_provider_limit_and_every_row_still_succeeds(
    tmp_path: Path, batch_provider: LoopbackProvider, batch_responder: BatchResponder
) -> None:
    rows = [{"id": str(i), "input": f"burst-{i}"} for i in range(40)]
    before = batch_responder.rate_limited
    batch_responder.burst_429 = 12
    summary = await run_batch(
        loopback_agent(batch_provider.base_url), rows, tmp_path / "o.jsonl", max_concurrency=8
    )
    assert batch_responder.rate_limited - before == 12
    assert summary.failed == 0 and summary.rows == 40
    assert sum(summary.rate_limited.values()) == 12


async def test_the_limit_halves_on_429_waits_and_grows_back() -> None:
    import httpx

    limits = ProviderLimits(8)
    for _ in range(8):
        await limits.acquire("h")
    limits.release("h", 429, httpx.Headers({"retry-after": "0.2"}))
    state = limits.state("h")
    assert state.limit == 4 and state.paused_until > 0
    for _ in range(7):
        limits.release("h", 200, httpx.Headers())
    loop = asyncio.get_running_loop()
    started = loop.time()
    await limits.acquire("h")
    assert loop.time() - started >= 0.15  # waited out the provider's Retry-After
    for _ in range(20):
        limits.release("h", 200, httpx.Headers())
        await limits.acquire("h")
    assert state.limit > 4


def test_csv_dataset_and_the_cli(
    tmp_path: Path,
    batch_provider: LoopbackProvider,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dataset = tmp_path / "questions.csv"
    dataset.write_text("id,question\nq1,csv one\nq2,csv two FAIL\nq3,csv three\n")
    monkeypatch.setenv("SCALE_LOOPBACK_URL", batch_provider.base_url)
    argv = ["batch", str(dataset), "--agent", "tests.scale.factories:from_env"]
    argv += ["--input-field", "question", "--no-progress"]
    assert main(argv) == 1  # a row failed
    report = json.loads(capsys.readouterr().out)
    assert (report["rows"], report["failed"]) == (3, 1)
    records = {r["key"]: r for r in read_results(tmp_path / "questions.results.jsonl")}
    assert records["q3"]["final_output"] == "echo:csv three"
    assert main([*argv, "--retry-failed"]) == 1
    assert json.loads(capsys.readouterr().out)["skipped"] == 2


def test_bad_input_is_refused_by_name(tmp_path: Path) -> None:
    missing = write_jsonl(tmp_path / "d.jsonl", [{"prompt": "x"}])
    with pytest.raises(UserError, match="no 'input' field"):
        run_batch_sync(lambda: None, missing, tmp_path / "o.jsonl")  # type: ignore[arg-type, return-value]
    with pytest.raises(UserError, match="module:function"):
        run_batch_sync("no_colon", [{"input": "x"}], tmp_path / "o.jsonl")
    twice = [{"id": "a", "input": "x"}, {"id": "a", "input": "y"}]
    with pytest.raises(UserError, match="appears twice"):
        run_batch_sync("tests.scale.factories:from_env", twice, tmp_path / "o.jsonl")


def test_jsonl_on_stdin_needs_an_output(
    tmp_path: Path,
    batch_provider: LoopbackProvider,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io

    monkeypatch.setenv("SCALE_LOOPBACK_URL", batch_provider.base_url)
    monkeypatch.setattr("sys.stdin", io.StringIO('{"id": "s1", "input": "stdin one"}\n'))
    agent = ["--agent", "tests.scale.factories:from_env", "--no-progress"]
    assert main(["batch", "-", *agent]) == 2  # no --output: a usage error
    out = tmp_path / "o.jsonl"
    assert main(["batch", "-", *agent, "--output", str(out)]) == 0
    assert read_results(out)[0]["final_output"] == "echo:stdin one"
