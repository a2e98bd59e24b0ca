"""Names a package exports without importing their modules until first use.

`import agents` stays lean: session back-ends bring their drivers (sqlite3, SQLAlchemy,
redis), the local tools and the REPL their own modules. A package that lists such names
(`agents`, `agents.tool`, `agents.memory`, `agents.extensions.memory`) loads each one only
when a program asks for it by name.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from importlib import import_module
from typing import Any


def lazy_attribute(package: str, homes: Mapping[str, str], name: str) -> Any:
    """`name` of `package` (a module `__getattr__`'s job): imported from the module `homes`
    gives for it, then kept in the package so the next lookup is a plain attribute."""
    home = homes.get(name)
    if home is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    setattr(sys.modules[package], name, value)
    return value
