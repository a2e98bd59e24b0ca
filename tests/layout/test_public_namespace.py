"""The public namespace of `agents` is deliberate: `__all__` holds the reference's names and a
declared list of freeagents' own, and nothing else public lives in the package.

A name of openai-agents 0.24 (`tests/data/openai_agents_api.json`, key `names`) is always
allowed in `__all__`. A name freeagents adds of its own must be declared in FREEAGENTS_EXTRAS
below, with the reason; otherwise this test fails.
"""

from __future__ import annotations

import json
import pkgutil
import types
from pathlib import Path

import agents
from agents import exceptions

REFERENCE = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "openai_agents_api.json").read_text()
)
REFERENCE_NAMES = frozenset(REFERENCE["names"])
REFERENCE_MODULES = frozenset(REFERENCE["modules"])

PROVIDER_ERRORS = frozenset(
    name
    for name, value in vars(exceptions).items()
    if isinstance(value, type) and issubclass(value, exceptions.ModelProviderError)
)
"""Typed provider errors: a provider failure names its base URL and model, and is also the
`openai` exception it came from (docs/reliability.md). Each class is declared once, as a
ModelProviderError in agents.exceptions; tests/layout/test_tables.py checks each is exported."""

FREEAGENTS_EXTRAS = PROVIDER_ERRORS | frozenset(
    {
        # Importing a reference name freeagents does not provide yet raises it (an ImportError
        # naming what to use meanwhile; docs/compatibility.md).
        "FeatureNotImplementedError",
        # Fallback across providers (RunConfig.fallback_models, FallbackModel; the chain's
        # error, AllModelsFailedError, is one of PROVIDER_ERRORS).
        "FallbackModel",
        "ModelAttempt",
        # Run limits: run_timeout and output cut off at max_tokens.
        "RunTimeoutError",
        "OutputTruncatedError",
        # Names the reference keeps in submodules, re-exported for convenience.
        "AsyncOpenAI",
        "CallModelData",
        "CallModelInputFilter",
        "DEFAULT_MAX_TURNS",
        "FuncSchema",
        "ModelInputData",
        "MultiProviderMap",
        "ToolContext",
        "function_schema",
    }
)
"""freeagents' own public names in `agents`: declare a new one here, with its reason."""

FREEAGENTS_MODULES = frozenset(
    {
        "agents.hosted_tools",  # hosted tools (the reference keeps them in agents.tool)
        "agents.json_repair",  # malformed tool-call JSON, repaired
        "agents.model_input",  # RunConfig.call_model_input_filter's data
        "agents.run_error_details",  # exc.run_data (the reference keeps it in exceptions)
        "agents.structured",  # structured output on every provider
        "agents.testing",  # loopback providers for users' tests
        "agents.cli",  # the freeagents command
        "agents.batch",  # a dataset through one agent, on asyncio or Ray (docs/scaling.md)
    }
)
"""Submodules of `agents` that the reference does not have."""


def test_all_is_the_reference_names_plus_declared_extras() -> None:
    undeclared = set(agents.__all__) - REFERENCE_NAMES - FREEAGENTS_EXTRAS
    assert undeclared == set(), (
        "public names neither in openai-agents 0.24 nor in FREEAGENTS_EXTRAS: "
        f"{sorted(undeclared)}; declare them in tests/layout/test_public_namespace.py"
    )
    assert len(agents.__all__) == len(set(agents.__all__)), "a name is listed twice"


def test_extras_are_not_reference_names_and_are_all_exported() -> None:
    assert set() == FREEAGENTS_EXTRAS & REFERENCE_NAMES, "a reference name needs no declaring"
    assert set(agents.__all__) >= FREEAGENTS_EXTRAS, "an extra no longer exported: remove it"


def test_every_name_in_all_resolves() -> None:
    for name in agents.__all__:
        assert hasattr(agents, name), name


def test_nothing_public_beyond_all_but_known_submodules() -> None:
    stray = []
    for name in dir(agents):
        if name.startswith("_") or name in agents.__all__:
            continue
        value = getattr(agents, name)
        module = f"agents.{name}"
        is_submodule = isinstance(value, types.ModuleType) and value.__name__ == module
        if not (is_submodule and module in REFERENCE_MODULES | FREEAGENTS_MODULES):
            stray.append(name)
    assert stray == [], f"public in agents but not in __all__: {stray}"


def test_every_public_submodule_is_the_references_or_declared() -> None:
    """Whichever are imported: a new public module of `agents` is a reference path or
    declared in FREEAGENTS_MODULES; internals take a leading underscore."""
    found = {
        f"agents.{info.name}"
        for info in pkgutil.iter_modules(agents.__path__)
        if not info.name.startswith("_")
    }
    assert found - REFERENCE_MODULES - FREEAGENTS_MODULES == set()
