"""The public API of openai-agents 0.24 (tests/data/openai_agents_api.json, recorded by
scripts/reference_api.py): every name and module path imports from freeagents, except those
listed in not_provided.py with a reason; the README states how many names are provided."""

from __future__ import annotations

import importlib
import json
import pathlib
import re
import subprocess
import sys

import pytest

import agents
from agents.exceptions import FeatureNotImplementedError
from agents.sandbox._declared import DECLARED_MODULES
from tests.compat.not_provided import INTERNAL_MODULE_PREFIXES
from tests.compat.not_provided import NOT_PROVIDED
from tests.compat.not_provided import UNAVAILABLE
from tests.compat.not_provided import UNAVAILABLE_MODULE_PREFIXES

ROOT = pathlib.Path(__file__).resolve().parents[2]
API = json.loads((ROOT / "tests" / "data" / "openai_agents_api.json").read_text())


def _under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _name_imports(name: str) -> bool:
    try:
        getattr(agents, name)
    except (AttributeError, ImportError):
        return False
    return True


def _module_imports(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


EXPECTED_NAMES = [n for n in API["names"] if n not in NOT_PROVIDED]
EXPECTED_MODULES = [
    m
    for m in API["modules"]
    if m not in NOT_PROVIDED
    and not _under(m, UNAVAILABLE_MODULE_PREFIXES + INTERNAL_MODULE_PREFIXES)
]


def test_the_recorded_reference_is_0_24() -> None:
    assert API["distribution"] == "openai-agents" and API["version"] == "0.24.0"
    assert len(API["names"]) == 253 and len(API["modules"]) == 276


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_reference_name_imports(name: str) -> None:
    assert _name_imports(name), f"`from agents import {name}` fails"
    assert name in agents.__all__ or name == "__version__"


@pytest.mark.parametrize("module", EXPECTED_MODULES)
def test_reference_module_path_imports(module: str) -> None:
    importlib.import_module(module)


EXPECTED_HOMES = sorted(
    (name, module)
    for name, module in API["homes"].items()
    if name not in NOT_PROVIDED and module not in NOT_PROVIDED
)


@pytest.mark.parametrize(("name", "module"), EXPECTED_HOMES)
def test_reference_name_imports_from_its_defining_module(name: str, module: str) -> None:
    """Code also imports a name from the module the reference defines it in
    (`from agents.tool import FunctionToolResult`), not only from `agents`."""
    assert getattr(importlib.import_module(module), name) is getattr(agents, name)


def test_not_provided_list_is_current() -> None:
    """An entry whose name now imports must leave the list (and the README count rise)."""
    stale = [
        key
        for key in NOT_PROVIDED
        if (_module_imports(key) if key.startswith("agents.") else _name_imports(key))
    ]
    assert not stale, f"now provided, remove from tests/compat/not_provided.py: {stale}"
    unknown = [k for k in NOT_PROVIDED if k not in API["names"] and k not in API["modules"]]
    assert not unknown, f"not names or module paths of the reference: {unknown}"


def test_unprovided_features_fail_with_an_explanation() -> None:
    modules = [m for m in API["modules"] if _under(m, UNAVAILABLE_MODULE_PREFIXES)]
    modules += [k for k, why in NOT_PROVIDED.items() if why == UNAVAILABLE and "." in k]
    names = [k for k, why in NOT_PROVIDED.items() if why.startswith(UNAVAILABLE) and "." not in k]
    assert len(modules) > 100 and names
    for module in modules:
        if module in DECLARED_MODULES:
            continue
        with pytest.raises(FeatureNotImplementedError, match="freeagents does not implement"):
            importlib.import_module(module)
    for name in names:
        with pytest.raises(ImportError, match="Meanwhile, "):
            getattr(agents, name)
    # Declared for plug-ins (Temporal's imports them): they import, and refuse when used.
    from agents.sandbox import Manifest
    from agents.sandbox import SandboxAgent
    from agents.sandbox import SandboxRunConfig

    uses = (lambda: SandboxAgent(name="x"), Manifest, SandboxRunConfig, lambda: agents.sandbox.Foo)
    for use in uses:
        with pytest.raises(FeatureNotImplementedError, match="does not implement yet"):
            use()


def test_readme_states_the_count() -> None:
    provided = [n for n in API["names"] if _name_imports(n)]
    modules = [m for m in API["modules"] if _module_imports(m)]
    print(
        f"freeagents provides {len(provided)} of the {len(API['names'])} public names and "
        f"{len(modules)} of the {len(API['modules'])} public module paths of openai-agents 0.24"
    )
    assert len(provided) == len(EXPECTED_NAMES)
    readme = (ROOT / "README.md").read_text()
    stated = re.search(r"(\d+) of the 253 public names", readme)
    assert stated is not None, "README must state how many of the 253 names are provided"
    assert int(stated.group(1)) == len(provided)


def test_import_agents_stays_lean() -> None:
    """Nothing of this API loads optional packages at `import agents`."""
    code = (
        "import sys, agents, agents.decorators, agents.extensions.visualization, "
        "agents.extensions.tool_output_trimmer, agents.repl;"
        "print(sorted(m for m in ('graphviz', 'litellm', 'mcp', 'sqlalchemy', 'redis') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
