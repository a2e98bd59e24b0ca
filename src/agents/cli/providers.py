"""`freeagents providers`: the provider table, with which keys are set.

Only whether a key variable is set is shown, never its value (not even a prefix), so the
output can be pasted into a bug report.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Any
from typing import TextIO

from agents.cli.console import format_table
from agents.cli.console import safe_url
from agents.cli.errors import ExitCode
from agents.exceptions import UserError
from agents.models.providers.catalogue import ProviderSpec
from agents.models.providers.catalogue import capabilities
from agents.models.providers.catalogue import list_providers


def key_status(spec: ProviderSpec) -> str:
    """ "set", "not set", "optional" (local servers) or "none" (the provider takes no key)."""
    if spec.api_key_env is None:
        return "none"
    if spec.api_key():
        return "set"
    return "not set" if spec.key_required else "optional"


def _base_url(spec: ProviderSpec) -> tuple[str, str | None]:
    """(base URL for display, what must be set first or None)."""
    try:
        return safe_url(spec.resolved_base_url()), None
    except UserError:
        missing = [v for v in re.findall(r"\{([A-Z][A-Z0-9_]*)\}", spec.base_url)]
        needed = " and ".join(v for v in missing if not os.environ.get(v)) or "a variable"
        return safe_url(spec.base_url), f"set {needed}, or {spec.base_url_env}"


def provider_row(spec: ProviderSpec) -> dict[str, Any]:
    base_url, problem = _base_url(spec)
    return {
        "name": spec.name,
        "title": spec.title or spec.name,
        "api_key_env": spec.api_key_env,
        "key": key_status(spec),
        "usable": spec.has_credentials() and problem is None,
        "base_url": base_url,
        "base_url_env": spec.base_url_env,
        "base_url_overridden": bool(os.environ.get(spec.base_url_env)),
        "base_url_problem": problem,
        "example_model": f"{spec.name}/{spec.example_model}" if spec.example_model else None,
        "profile": spec.profile.provider,
        "capabilities": capabilities(spec.profile),
    }


def providers_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    rows = [provider_row(spec) for spec in list_providers()]
    if args.json:
        out.write(json.dumps(rows, indent=2) + "\n")
        return ExitCode.OK
    header = ["provider", "title", "key variable", "key", "base URL"]
    if args.capabilities:
        header += list(rows[0]["capabilities"]) if rows else []
    lines, notes = [], []
    for row in rows:
        url = row["base_url"]
        if row["base_url_problem"]:
            notes.append(f"{row['name']}: the base URL needs a value: {row['base_url_problem']}")
        elif row["base_url_overridden"]:
            url += f"  (from {row['base_url_env']})"
        cells = [row["name"], row["title"], row["api_key_env"] or "-", row["key"], url]
        if args.capabilities:
            cells += [str(v) for v in row["capabilities"].values()]
        lines.append(cells)
    out.write(format_table(header, lines) + "\n\n")
    out.writelines(note + "\n" for note in notes)
    ready = [row["name"] for row in rows if row["usable"]]
    out.write(
        "Use a model as provider/model, e.g. groq/llama-3.1-8b-instant. Ready to use: "
        f"{', '.join(ready) if ready else 'none (set a key variable above)'}.\n"
        "Key values are never shown; <NAME>_BASE_URL overrides a provider's base URL.\n"
    )
    return ExitCode.OK
