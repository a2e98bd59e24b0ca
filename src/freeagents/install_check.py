"""Is the `agents` package on the path freeagents', and is openai-agents installed beside it?

Both distributions install a package named `agents`. A plug-in that requires `openai-agents`
makes pip install the reference SDK, whose files overwrite freeagents' without a word (and
`pip check` sees nothing wrong). The compatibility wheel (`freeagents compat install`) is the
supported way to satisfy such a requirement; this module tells the cases apart and names the
fix. It imports nothing from `agents`, so it works when that package is broken.
"""

from __future__ import annotations

import importlib.util
import warnings
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

COMPAT_LABEL = "+freeagents"
MARKER = "__freeagents__"

FIX = (
    "pip uninstall -y openai-agents && pip install --force-reinstall --no-deps freeagents "
    "(from a checkout: pip install --force-reinstall --no-deps -e .), then "
    "`freeagents compat install` so plug-ins that require openai-agents find it satisfied"
)


@dataclass(frozen=True)
class InstallState:
    """What is installed, and where `import agents` leads."""

    freeagents_version: str | None
    openai_agents_version: str | None
    agents_path: str | None
    agents_is_freeagents: bool

    @property
    def compat_installed(self) -> bool:
        return self.openai_agents_version is not None and self.openai_agents_version.endswith(
            COMPAT_LABEL
        )

    @property
    def reference_installed(self) -> bool:
        return self.openai_agents_version is not None and not self.compat_installed

    def problem(self) -> str | None:
        """One sentence naming what is wrong, or None when the install is sound."""
        if not self.agents_is_freeagents:
            owner = (
                f"openai-agents {self.openai_agents_version}'s"
                if self.reference_installed
                else "another distribution's"
            )
            return (
                f"the `agents` package at {self.agents_path} is {owner}, not freeagents': "
                "a package requiring openai-agents installed the reference SDK over it"
            )
        if self.reference_installed:
            return (
                f"openai-agents {self.openai_agents_version} is installed beside freeagents; both "
                "own the `agents` package, so the next pip install or uninstall of either "
                "overwrites or deletes the other's files"
            )
        return None


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def agents_source() -> Path | None:
    """The `agents/__init__.py` that `import agents` would run (without running it)."""
    spec = importlib.util.find_spec("agents")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin)


def inspect_install() -> InstallState:
    source = agents_source()
    ours = False
    if source is not None:
        try:
            ours = MARKER in source.read_text(encoding="utf-8")
        except OSError:
            ours = False
    return InstallState(
        freeagents_version=_version("freeagents"),
        openai_agents_version=_version("openai-agents"),
        agents_path=str(source.parent) if source is not None else None,
        agents_is_freeagents=ours,
    )


def report(state: InstallState | None = None) -> str:
    """Lines for `freeagents doctor`: what is installed and, when something is wrong, the fix."""
    state = state or inspect_install()
    lines = [
        f"freeagents {state.freeagents_version or '(not installed)'}; `agents` from "
        f"{state.agents_path or '(not found)'}"
        + (" (freeagents)" if state.agents_is_freeagents else " (NOT freeagents)"),
    ]
    if state.compat_installed:
        lines.append(
            f"openai-agents {state.openai_agents_version}: the compatibility wheel "
            "(metadata only; plug-ins requiring openai-agents are satisfied)"
        )
    elif state.openai_agents_version is None:
        lines.append(
            "openai-agents: not installed (`freeagents compat install` lets plug-ins that "
            "require it install without replacing freeagents)"
        )
    problem = state.problem()
    if problem is not None:
        lines.append(f"problem: {problem}")
        lines.append(f"fix: {FIX}")
    return "\n".join(lines) + "\n"


_warned = False


def warn_if_shared() -> None:
    """Warn once per process when openai-agents (the real one) is installed beside us."""
    global _warned
    if _warned:
        return
    _warned = True
    version = _version("openai-agents")
    if version is None or version.endswith(COMPAT_LABEL):
        return
    warnings.warn(
        f"freeagents: openai-agents {version} is installed too; both own the `agents` "
        f"package and will overwrite each other's files. Fix: {FIX}. "
        "(`freeagents doctor` checks the installation.)",
        RuntimeWarning,
        stacklevel=3,
    )
