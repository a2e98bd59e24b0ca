"""The compatibility wheel, the installation check behind `freeagents doctor`, the import
warning and the launcher's message on a clobbered install."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from freeagents.compat import build_wheel
from freeagents.install_check import InstallState
from freeagents.install_check import report

SRC = Path(__file__).resolve().parents[2] / "src"


def test_compat_wheel_is_metadata_only(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path, "0.22.0")
    assert wheel.name == "openai_agents-0.22.0+freeagents-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert all(n.startswith("openai_agents-0.22.0+freeagents.dist-info/") for n in names)
        metadata = archive.read("openai_agents-0.22.0+freeagents.dist-info/METADATA").decode()
        record = archive.read("openai_agents-0.22.0+freeagents.dist-info/RECORD").decode()
        for line in record.splitlines():
            name, digest, size = line.split(",")
            if name.endswith("RECORD"):
                continue
            data = archive.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert digest == "sha256=" + expected.decode() and int(size) == len(data)
    assert "Name: openai-agents\n" in metadata
    assert "Version: 0.22.0+freeagents\n" in metadata
    assert "Requires-Dist: freeagents\n" in metadata


def test_compat_release_must_be_a_version(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="release number"):
        build_wheel(tmp_path, "latest")


@pytest.mark.parametrize(
    ("state", "problem"),
    [
        (InstallState("0.1.0", None, "/sp/agents", True), None),
        (InstallState("0.1.0", "0.24.0+freeagents", "/sp/agents", True), None),
        (InstallState("0.1.0", "0.24.0", "/sp/agents", True), "installed beside freeagents"),
        (InstallState("0.1.0", "0.24.0", "/sp/agents", False), "openai-agents 0.24.0's"),
    ],
)
def test_doctor_report_names_the_problem_and_fix(state: InstallState, problem: str | None) -> None:
    text = report(state)
    if problem is None:
        assert "problem:" not in text and "fix:" not in text
    else:
        assert problem in text
        assert "fix: pip uninstall -y openai-agents" in text and "compat install" in text


def _fake_reference(root: Path, *, clobber: bool) -> None:
    """A site directory holding openai-agents' metadata (and, clobbered, its `agents`)."""
    info = root / "openai_agents-0.24.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: openai-agents\nVersion: 0.24.0\n")
    if clobber:
        (root / "agents").mkdir()
        (root / "agents" / "__init__.py").write_text("# the reference SDK\n")


def _python(code: str, path: list[Path]) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(str(p) for p in path))
    return subprocess.run(
        [sys.executable, "-W", "always", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_warns_once_when_openai_agents_is_installed_too(tmp_path: Path) -> None:
    _fake_reference(tmp_path, clobber=False)
    done = _python("import agents, importlib; importlib.reload(agents)", [SRC, tmp_path])
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("openai-agents 0.24.0 is installed too") == 1
    assert "freeagents doctor" in done.stderr
    quiet = _python("import agents", [SRC])
    assert "installed too" not in quiet.stderr


def test_launcher_explains_a_clobbered_install(tmp_path: Path) -> None:
    _fake_reference(tmp_path, clobber=True)
    code = "import sys; from freeagents.launcher import main; sys.exit(main(['--version']))"
    done = _python(code, [tmp_path, SRC])
    assert done.returncode == 3
    assert "NOT freeagents" in done.stderr
    assert "openai-agents 0.24.0's, not freeagents'" in done.stderr
    assert "fix: pip uninstall -y openai-agents" in done.stderr
    assert "Traceback" not in done.stderr
