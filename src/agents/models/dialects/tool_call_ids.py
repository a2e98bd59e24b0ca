"""Tool-call ids as each provider wants them.

The conversation keeps the ids the producing provider gave (or ones the SDK made where it gave
none). Some providers accept only their own id shape — Mistral takes exactly 9 letters and
digits — so ids made elsewhere are rewritten on the way out. The rewrite is a pure function of
the id, so a call and its output get the same new id in every request of a conversation
without the SDK keeping any state.
"""

from __future__ import annotations

import hashlib
import string
import uuid
from dataclasses import dataclass

ALPHANUMERIC = string.ascii_letters + string.digits


@dataclass(frozen=True)
class ToolCallIdRule:
    """The shape of tool-call id a provider accepts in requests."""

    length: int
    """Exact length of an accepted id."""

    alphabet: str = ALPHANUMERIC
    """Characters an accepted id is made of."""

    def accepts(self, call_id: str) -> bool:
        return len(call_id) == self.length and all(c in self.alphabet for c in call_id)

    def wire_id(self, call_id: str) -> str:
        """`call_id` if acceptable, else a stable id of the right shape derived from it."""
        if self.accepts(call_id):
            return call_id
        number = int.from_bytes(hashlib.sha256(call_id.encode()).digest(), "big")
        base = len(self.alphabet)
        chars = []
        for _ in range(self.length):
            number, digit = divmod(number, base)
            chars.append(self.alphabet[digit])
        return "".join(chars)


MISTRAL_TOOL_CALL_IDS = ToolCallIdRule(length=9)
"""Mistral's API (and its models' chat templates elsewhere) take ids of 9 alphanumerics.
Checked 2025-06: other ids answer 422/400 "Tool call id has to be ... a-z, A-Z, 0-9, length 9"."""


def new_call_id() -> str:
    """An id for a tool call the provider sent without one (Gemini sends "")."""
    return f"call_{uuid.uuid4().hex[:24]}"
