"""The names of the package root that load on first use, and the loader.

`import agents` stays lean (bench/import_time.py): the modules that the run loop does not need
(tool guardrails, the editing tools, handoff history helpers, SQLiteSession, the REPL) are
imported when a program first names them. The package root keeps the type-checking imports of
the same names, so type checkers and editors see them as ordinary attributes.
"""

import importlib
from typing import Any

from agents._lazy import lazy_attribute
from agents._local_tool_table import LOCAL_TOOL_MODULES

ROOT_LAZY_NAMES: dict[str, str] = {
    **dict.fromkeys(
        (
            "default_handoff_history_mapper",
            "get_conversation_history_wrappers",
            "nest_handoff_history",
            "reset_conversation_history_wrappers",
            "set_conversation_history_wrappers",
        ),
        "agents.handoffs.history",
    ),
    "run_demo_loop": "agents.repl",
    "SQLiteSession": "agents.memory.sqlite_session",
    **dict.fromkeys(
        (
            "ToolGuardrailFunctionOutput",
            "ToolInputGuardrail",
            "ToolInputGuardrailData",
            "ToolInputGuardrailResult",
            "ToolOutputGuardrail",
            "ToolOutputGuardrailData",
            "ToolOutputGuardrailResult",
            "tool_input_guardrail",
            "tool_output_guardrail",
        ),
        "agents.tool_guardrails",
    ),
}
"""Names loaded on first use (pydantic models, the REPL), so `import agents` stays lean."""


ROOT_LAZY_NAMES.update(
    (name, module)
    for name, module in LOCAL_TOOL_MODULES.items()
    if module == "agents._local_tools.editing" and name != "LocalFileEditor"
)


def load_root_name(name: str) -> Any:
    """Resolve `agents.<name>` on first use and keep it in the package's namespace.

    Names of the reference API that freeagents does not implement yet raise an ImportError
    subclass that says so and what to use meanwhile (`from agents import X` shows it).
    """
    if name == "sandbox":  # declared names only (agents/sandbox/_declared.py)
        return importlib.import_module("agents.sandbox")
    if name in ROOT_LAZY_NAMES:
        return lazy_attribute("agents", ROOT_LAZY_NAMES, name)
    from agents._unavailable import UNAVAILABLE_NAMES
    from agents._unavailable import unavailable

    feature = UNAVAILABLE_NAMES.get(name)
    if feature is not None:
        raise unavailable(feature, f"agents.{name}")
    raise AttributeError(f"module 'agents' has no attribute {name!r}")
