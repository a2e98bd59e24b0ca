"""`agents.tool` names its local-tool classes without importing them (LOCAL_TOOL_MODULES), so
that `import agents.tool` stays lean; the table must list exactly each module's `__all__`
(its constants aside)."""

from __future__ import annotations

import importlib
from collections import defaultdict

import agents.tool
from agents.tool import LOCAL_TOOL_MODULES


def test_the_lazy_table_is_each_local_tool_modules_public_names() -> None:
    by_module: dict[str, set[str]] = defaultdict(set)
    for name, module in LOCAL_TOOL_MODULES.items():
        by_module[module].add(name)
    for module, names in by_module.items():
        public = set(importlib.import_module(module).__all__)
        internal = {n for n in public if n.isupper()}  # module constants (HOSTED_SHELL_...)
        assert names == public - internal, module
    for name, module in LOCAL_TOOL_MODULES.items():
        assert getattr(agents.tool, name) is getattr(importlib.import_module(module), name)
