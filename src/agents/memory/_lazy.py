"""Names a package exports without importing their modules until first use.

Session back-ends bring their drivers (sqlite3, SQLAlchemy, redis, a model client): a
package that lists them loads each one only when a program asks for it by name.
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
