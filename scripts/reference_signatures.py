"""Record the call signatures of the reference SDK (openai-agents) for the compatibility tests.

Run with the reference installed in a throwaway virtual environment (never beside freeagents,
which installs the same `agents` package):

    /tmp/ref/bin/python scripts/reference_signatures.py > tests/data/openai_agents_signatures.json

For every name in `agents.__all__` that is a class or a function, and every public method a
class defines itself, it records each parameter's name, kind and default (as `repr`, or null
when there is none). tests/compat/test_signatures.py checks freeagents against it.
"""

from __future__ import annotations

import inspect
import json
import sys
from importlib import metadata
from typing import Any

Param = list[Any]


def parameters(obj: object) -> list[Param] | None:
    """[name, kind, default repr or None] per parameter; None when there is no signature."""
    try:
        signature = inspect.signature(obj)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return [
        [
            p.name,
            p.kind.name,
            None if p.default is inspect.Parameter.empty else repr(p.default),
        ]
        for p in signature.parameters.values()
    ]


def signatures(module: Any) -> dict[str, list[Param] | None]:
    """Signatures of the public classes, their own public methods, and the public functions."""
    out: dict[str, list[Param] | None] = {}
    for name in module.__all__:
        try:
            obj = getattr(module, name)
        except Exception:  # an optional dependency is missing: the name has no signature here
            continue
        if inspect.isclass(obj):
            out[name] = parameters(obj)
            for attr, value in vars(obj).items():
                if not attr.startswith("_") and callable(value):
                    out[f"{name}.{attr}"] = parameters(getattr(obj, attr))
        elif callable(obj):
            out[name] = parameters(obj)
    return out


def main() -> None:
    import agents

    data = {
        "distribution": "openai-agents",
        "version": metadata.version("openai-agents"),
        "signatures": signatures(agents),
    }
    json.dump(data, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
