"""Signatures of openai-agents 0.24 (tests/data/openai_agents_signatures.json, recorded by
scripts/reference_signatures.py): every public parameter of a reference class, method or
function exists in freeagents' with the same kind and default, so a call written for the
reference does not raise TypeError here. What still differs is listed in signature_gaps.py,
each entry with its reason; a new difference fails, and so does an entry that no longer is one.
"""

from __future__ import annotations

import json
import pathlib
import re
import sys
from typing import Any

import agents
from tests.compat.signature_gaps import GAPS

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from reference_signatures import signatures  # noqa: E402

DATA = json.loads((ROOT / "tests" / "data" / "openai_agents_signatures.json").read_text())
REFERENCE: dict[str, Any] = DATA["signatures"]
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _default(value: str | None) -> str | None:
    """Function and sentinel reprs carry a memory address that differs between processes."""
    return None if value is None else _ADDRESS.sub("", value)


def differences() -> dict[tuple[str, str], str]:
    """(name, parameter) -> what differs, for every public parameter of the reference."""
    ours = signatures(agents)
    found: dict[tuple[str, str], str] = {}
    for name, params in REFERENCE.items():
        mine = ours.get(name)
        if params is None or mine is None:
            continue  # no signature to compare, or a name test_api_surface.py accounts for
        by_name = {p[0]: p for p in mine}
        for pname, kind, default in params:
            if pname.startswith("_") or pname in ("self", "cls"):
                continue
            other = by_name.get(pname)
            if other is None:
                found[name, pname] = "missing"
            elif other[1] != kind:
                found[name, pname] = f"kind {other[1]}, reference {kind}"
            elif default is not None and _default(other[2]) != _default(default):
                # A default where the reference requires the argument accepts every call.
                found[name, pname] = f"default {other[2]}, reference {default}"
    return found


def test_the_recorded_reference_is_0_24() -> None:
    assert DATA["distribution"] == "openai-agents" and DATA["version"] == "0.24.0"
    assert len(REFERENCE) > 300 and "ModelSettings" in REFERENCE


def test_every_reference_parameter_is_accepted_with_its_kind_and_default() -> None:
    new = {key: what for key, what in differences().items() if key not in GAPS}
    assert new == {}, "differences from the reference not listed in signature_gaps.py"


def test_every_listed_gap_is_still_a_gap() -> None:
    stale = sorted(set(GAPS) - set(differences()))
    assert stale == [], "signature_gaps.py lists what now matches the reference: remove it"


def test_every_gap_has_a_reason() -> None:
    assert all(len(reason) > 20 for reason in GAPS.values())
