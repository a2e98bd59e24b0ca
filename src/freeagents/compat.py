"""The compatibility wheel: a distribution named openai-agents that is only metadata.

Plug-ins (Temporal's, DBOS's, instrumentations' dependency checks) require `openai-agents`.
Installing the reference SDK to satisfy them would overwrite freeagents' `agents` package.
This wheel is named `openai-agents`, versioned with the local label `+freeagents` (so it
is never mistaken for the real one), depends on freeagents and ships no files: resolvers see
the requirement met and nothing is written over `agents`.
"""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from freeagents.install_check import COMPAT_LABEL

DEFAULT_VERSION = "0.24.0"
"""The openai-agents release whose API freeagents implements."""

_RELEASE = re.compile(r"^\d+(\.\d+){1,3}$")


def compat_version(release: str = DEFAULT_VERSION) -> str:
    if not _RELEASE.match(release):
        raise ValueError(
            f"{release!r} is not an openai-agents release number such as {DEFAULT_VERSION!r}"
        )
    return release + COMPAT_LABEL


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_wheel(out_dir: str | Path, release: str = DEFAULT_VERSION) -> Path:
    """Write the wheel into `out_dir` and return its path."""
    version = compat_version(release)
    dist_info = f"openai_agents-{version}.dist-info"
    metadata = (
        "Metadata-Version: 2.1\n"
        "Name: openai-agents\n"
        f"Version: {version}\n"
        "Summary: Compatibility shim: the openai-agents requirement satisfied by freeagents "
        "(ships no files)\n"
        "License: MIT\n"
        "Requires-Dist: freeagents\n"
    ).encode()
    wheel = (
        b"Wheel-Version: 1.0\nGenerator: freeagents compat\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n"
    )
    files = {f"{dist_info}/METADATA": metadata, f"{dist_info}/WHEEL": wheel}
    record = "\n".join([*(_record_line(n, d) for n, d in files.items()), f"{dist_info}/RECORD,,"])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"openai_agents-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr(f"{dist_info}/RECORD", record + "\n")
    return path


def install_wheel(wheel: Path, python: str = sys.executable) -> subprocess.CompletedProcess[str]:
    """pip-install the wheel into `python`'s environment (no dependencies: freeagents is
    there already, and pip must not fetch anything)."""
    return subprocess.run(
        [python, "-m", "pip", "install", "--no-deps", "--force-reinstall", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
