"""In a throwaway virtual environment: the compat wheel keeps `agents` intact through
`pip install temporalio[openai-agents]`, and doctor reports an install the reference SDK
overwrote. The environment is built once and cached (FREEAGENTS_TEST_CACHE, default under
the system temp dir); the test is skipped, saying why, only where pip cannot install.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(
    os.environ.get("FREEAGENTS_TEST_CACHE", Path(tempfile.gettempdir()) / "freeagents-test")
)


def _wheel() -> Path:
    """freeagents built from this checkout, once (cached by the sources' hash)."""
    digest = hashlib.sha256()
    for path in [*sorted((ROOT / "src").rglob("*.py")), ROOT / "pyproject.toml"]:
        digest.update(path.read_bytes())
    out = CACHE / f"wheel-{digest.hexdigest()[:12]}"
    found = sorted(out.glob("freeagents-*.whl"))
    if found:
        return found[0]
    staging = Path(tempfile.mkdtemp(prefix="wheel-", dir=CACHE))
    built = _sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", staging, ROOT)
    if built.returncode != 0:
        pytest.skip(f"cannot build freeagents' wheel here: {built.stderr[-400:]}")
    out.mkdir(parents=True, exist_ok=True)
    wheel = next(staging.glob("freeagents-*.whl"))
    target = out / wheel.name
    os.replace(wheel, target)  # atomic: a concurrent builder's copy is identical
    return target


def _sh(*cmd: str | Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, timeout=timeout, check=False
    )


def _venv(name: str) -> Path:
    """A venv whose site-packages also sees this environment's (so freeagents' own
    dependencies, and pip, are not downloaded again), with freeagents installed from this
    checkout."""
    CACHE.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(f"{sys.executable}{ROOT}{name}".encode()).hexdigest()[:12]
    path = CACHE / f"{name}-{key}"
    if path.exists():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # No pip of its own (ensurepip takes seconds): this environment's pip, seen through the
    # .pth below, runs under the venv's interpreter and so installs into the venv.
    made = _sh(sys.executable, "-m", "venv", "--without-pip", path)
    assert made.returncode == 0, made.stderr
    python = path / "bin" / "python"
    site = Path(
        _sh(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip()
    )
    here = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]
    here.append(sysconfig.get_path("purelib"))
    (site / "zz_parent_env.pth").write_text("\n".join(dict.fromkeys(here)) + "\n")
    done = _sh(python, "-m", "pip", "install", "--no-deps", _wheel())
    if done.returncode != 0:
        pytest.skip(f"cannot install freeagents into a venv here: {done.stderr[-400:]}")
    return python


def _freeagents(python: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _sh(python.parent / "freeagents", *args, timeout=300)


def test_compat_wheel_survives_a_plugin_requiring_openai_agents() -> None:
    python = _venv("compat")
    installed = _freeagents(python, "compat", "install", "--release", "0.22.0")
    assert installed.returncode == 0, installed.stderr
    # Pinned: temporalio 1.35 requires openai-agents 0.22.x, which the wheel above claims; the
    # test environment's own temporalio (an older one, seen through the parent .pth) must not
    # pick the requirement instead.
    plugin = _sh(python, "-m", "pip", "install", "temporalio[openai-agents]==1.35.0")
    if plugin.returncode != 0 and "No matching distribution" in plugin.stderr + plugin.stdout:
        pytest.skip(f"temporalio[openai-agents] cannot be installed here: {plugin.stderr[-400:]}")
    assert plugin.returncode == 0, plugin.stderr[-2000:]
    version = _sh(python, "-c", "import importlib.metadata as m; print(m.version('openai-agents'))")
    assert version.stdout.strip() == "0.22.0+freeagents"
    check = _sh(python, "-c", "import agents; assert agents.__freeagents__; import agents.cli")
    assert check.returncode == 0, check.stderr
    assert _freeagents(python, "--version").returncode == 0
    doctor = _freeagents(python, "doctor")
    assert doctor.returncode == 0 and "the compatibility wheel" in doctor.stdout


def test_doctor_reports_a_clobbered_install() -> None:
    python = _venv("clobbered")
    reference = _sh(python, "-m", "pip", "install", "--no-deps", "openai-agents==0.24.0")
    if reference.returncode != 0:
        pytest.skip(f"openai-agents cannot be installed here: {reference.stderr[-400:]}")
    version = _freeagents(python, "--version")
    assert version.returncode == 3 and "NOT freeagents" in version.stderr
    doctor = _freeagents(python, "doctor")
    assert doctor.returncode == 3
    assert "openai-agents 0.24.0's, not freeagents'" in doctor.stderr
    assert "fix: pip uninstall -y openai-agents" in doctor.stderr
    fixed = _sh(python, "-m", "pip", "uninstall", "-y", "openai-agents")
    assert fixed.returncode == 0
    again = _sh(python, "-m", "pip", "install", "--force-reinstall", "--no-deps", _wheel())
    assert again.returncode == 0, again.stderr
    assert _freeagents(python, "doctor").returncode == 0
