"""Record the public API of the reference SDK (openai-agents) as data for the compatibility tests.

Run once, with the reference installed in a throwaway virtual environment (never beside
freeagents, which installs the same `agents` package):

    python3 -m venv /tmp/ref && /tmp/ref/bin/pip install "openai-agents==0.24.0"
    /tmp/ref/bin/python scripts/reference_api.py > tests/data/openai_agents_api.json

It lists the names in `agents.__all__`, the module each is defined in, and every module path
without a private component, found from the files on disk, so that no optional dependency
needs to import.
"""

from __future__ import annotations

import json
import pathlib
import sys
from importlib import metadata


def public_modules(root: pathlib.Path) -> list[str]:
    """Dotted paths of every module and package under `root` with no `_`-prefixed part."""
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(part.startswith("_") for part in parts):
            continue
        found.append(".".join(parts))
    return found


def homes(agents: object) -> dict[str, str]:
    """Each public name's defining module (where code may also import it from), for the names
    defined inside `agents`."""
    found: dict[str, str] = {}
    for name in sorted(agents.__all__):  # type: ignore[attr-defined]
        module = getattr(getattr(agents, name, None), "__module__", None)
        if isinstance(module, str) and module.startswith("agents.") and module != "agents":
            found[name] = module
    return found


def main() -> None:
    import agents

    root = pathlib.Path(agents.__file__).parent
    data = {
        "distribution": "openai-agents",
        "version": metadata.version("openai-agents"),
        "names": sorted(agents.__all__),
        "modules": public_modules(root),
        "homes": homes(agents),
    }
    json.dump(data, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
