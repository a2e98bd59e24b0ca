"""`agents.tool` names its local-tool classes without importing them (LOCAL_TOOL_MODULES), so
that `import agents.tool` stays lean; each local-tool module takes its `__all__` from that
table, so the table must not forget a class a module defines, and every name it lists must
resolve to the module's own object."""

from __future__ import annotations

import importlib
import inspect

import agents.tool
from agents._local_tool_table import LOCAL_TOOL_MODULES


def test_every_public_class_of_a_local_tool_module_is_in_the_table() -> None:
    for module_name in set(LOCAL_TOOL_MODULES.values()):
        module = importlib.import_module(module_name)
        classes = {
            name
            for name, value in vars(module).items()
            if inspect.isclass(value)
            and value.__module__ == module_name
            and not name.startswith("_")
        }
        listed = {n for n, home in LOCAL_TOOL_MODULES.items() if home == module_name}
        assert classes <= listed, (module_name, sorted(classes - listed))
        exported = [n for n in module.__all__ if not n.isupper()]  # constants aside
        assert exported == [n for n in LOCAL_TOOL_MODULES if n in listed]


def test_every_listed_name_resolves_to_its_modules_object() -> None:
    for name, module in LOCAL_TOOL_MODULES.items():
        assert getattr(agents.tool, name) is getattr(importlib.import_module(module), name)
