"""The sandbox names other packages import at import time, declared without an implementation.

Temporal's OpenAI Agents plug-in (temporalio 1.26 and later, and `temporalio-openai-agents`)
imports these classes when it loads, to subclass them and to type its pydantic activity
models, even when no sandbox is used. So they exist, with the reference's kinds (pydantic
models where the reference has them, a generic client base, an exception), and creating or
parsing any of them raises FeatureNotImplementedError. Every other `agents.sandbox` module
still raises on import (see `refuse_other_modules`).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any
from typing import Generic
from typing import TypeVar

from pydantic import BaseModel
from pydantic import model_validator

from agents._unavailable import unavailable
from agents.agent import Agent
from agents.exceptions import FeatureNotImplementedError

__all__ = [
    "DECLARED_MODULES",
    "BaseSandboxClient",
    "BaseSandboxClientOptions",
    "BaseSandboxSession",
    "EnvValue",
    "ExecResult",
    "Manifest",
    "PtyExecUpdate",
    "SandboxAgent",
    "SandboxError",
    "SandboxRunConfig",
    "SandboxSession",
    "SandboxSessionState",
    "SnapshotBase",
    "SnapshotSpec",
    "SnapshotSpecUnion",
    "User",
    "refuse_other_modules",
]

DECLARED_MODULES = frozenset(
    {
        "agents.sandbox",
        "agents.sandbox._declared",
        "agents.sandbox.errors",
        "agents.sandbox.manifest",
        "agents.sandbox.session",
        "agents.sandbox.session.base_sandbox_session",
        "agents.sandbox.session.pty_types",
        "agents.sandbox.session.sandbox_client",
        "agents.sandbox.session.sandbox_session",
        "agents.sandbox.session.sandbox_session_state",
        "agents.sandbox.snapshot",
        "agents.sandbox.types",
    }
)
"""The modules that import; the rest of the reference's `agents.sandbox` tree refuses."""


def _refuse(what: str) -> FeatureNotImplementedError:
    return unavailable("sandbox", what)


class _DeclaredModel(BaseModel):
    """A pydantic model that cannot be built or validated: the sandbox is not implemented."""

    @model_validator(mode="before")
    @classmethod
    def _not_implemented(cls, data: Any) -> Any:
        raise _refuse(cls.__name__)

    @classmethod
    def parse(cls, value: object) -> Any:
        raise _refuse(f"{cls.__name__}.parse")


class _Declared:
    """A plain class that cannot be instantiated: the sandbox is not implemented."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise _refuse(type(self).__name__)


class Manifest(_DeclaredModel):
    """The files and environment a sandbox starts with."""


class EnvValue(_DeclaredModel):
    """An environment value resolved when the sandbox starts."""


class User(_DeclaredModel):
    """The user commands run as in a sandbox."""


class SandboxSessionState(_DeclaredModel):
    """The serialisable state of a sandbox session."""


class BaseSandboxClientOptions(_DeclaredModel):
    """Options of a sandbox client."""


class SnapshotBase(_DeclaredModel):
    """A saved sandbox workspace."""


class SnapshotSpec(_DeclaredModel):
    """How a sandbox workspace is saved."""


SnapshotSpecUnion = SnapshotSpec
"""The snapshot specs a sandbox accepts (one declared kind here)."""


class ExecResult(_Declared):
    """The outcome of a command run in a sandbox."""


class PtyExecUpdate(_Declared):
    """Output of a command run in a sandbox terminal."""


class BaseSandboxSession(_Declared):
    """A live sandbox: runs commands, reads and writes files."""


class SandboxSession(_Declared):
    """A sandbox session as returned by a client."""


ClientOptionsT = TypeVar("ClientOptionsT", bound=BaseSandboxClientOptions)


class BaseSandboxClient(_Declared, Generic[ClientOptionsT]):
    """Creates and resumes sandbox sessions."""


class SandboxError(Exception):
    """A sandbox operation failed."""


class SandboxRunConfig(_Declared):
    """A run's sandbox settings (`RunConfig.sandbox`)."""


class SandboxAgent(Agent[Any]):
    """An agent that works inside a sandbox."""

    def __post_init__(self) -> None:
        raise _refuse("SandboxAgent")


class _RefuseFinder(importlib.abc.MetaPathFinder):
    """Makes `import agents.sandbox.<anything not declared>` say the feature is missing."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname.startswith("agents.sandbox.") and fullname not in DECLARED_MODULES:
            raise _refuse(f"import {fullname}")
        return None


def refuse_other_modules() -> None:
    if not any(isinstance(finder, _RefuseFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _RefuseFinder())
