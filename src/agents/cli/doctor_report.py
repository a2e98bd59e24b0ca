"""The doctor's report: probe results next to the profile, disagreements, and a verdict.

Only a rejected or ignored feature counts against the profile; an inconclusive probe (429,
5xx, timeout) is shown but never called a disagreement, so a flaky moment at a provider does
not read as a wrong profile.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any

from agents.cli.console import format_table
from agents.cli.console import safe_url
from agents.cli.probes import Probe
from agents.cli.probes import Status
from agents.models.dialects.profiles import ModelProfile

if TYPE_CHECKING:
    from agents.cli.doctor import Endpoint
    from agents.cli.doctor import Findings

FEATURES = (
    "streaming",
    "stream usage",
    "tools",
    'tool_choice "required"',
    "strict tools",
    "parallel tool calls",
    "json_schema",
    "json_object",
)
"""The probes that run once plain chat works, in order."""

# -- comparing with the profile --------------------------------------------------------------

_FLAGS: dict[str, str] = {
    "stream usage": "supports_stream_usage_option",
    "tools": "supports_tools",
    "strict tools": "supports_strict_tools",
    "parallel tool calls": "supports_parallel_tool_calls",
    "json_schema": "supports_json_schema",
    "json_object": "supports_json_object",
}

ORDER = ("reachable", "auth", "model listed", "chat", *FEATURES)


@dataclass
class Row:
    check: str
    status: Status
    detail: str
    profile: str = ""
    agrees: bool | None = None
    note: str = ""
    changes: dict[str, Any] = field(default_factory=dict)


def _observed(status: Status) -> bool | None:
    return {"ok": True, "no": False, "ignored": False}.get(status)


def _flag_row(p: Probe, profile: ModelProfile) -> Row:
    fieldname = _FLAGS[p.name]
    expected = bool(getattr(profile, fieldname))
    shown = "yes" if expected else "no"
    if p.name == "stream usage":
        shown = "stream_options" if expected else "not asked"
    row = Row(p.name, p.status, p.detail, shown)
    seen = _observed(p.status)
    if seen is None:
        return row
    row.agrees = seen == expected
    if row.agrees:
        return row
    row.changes = {fieldname: seen}
    verb = "rejects" if p.status == "no" else "ignores"
    if expected:
        row.note = (
            f"{p.name}: the endpoint {verb} it ({p.detail}), but the profile says "
            f"{fieldname}=True, so the SDK would use it and fail"
        )
    else:
        row.note = (
            f"{p.name}: the endpoint accepts it, but the profile says {fieldname}=False, "
            "so the SDK does not use it"
        )
    return row


def _tool_choice_row(p: Probe, profile: ModelProfile) -> Row:
    expected = profile.tool_choice_required if profile.supports_tool_choice_required else None
    row = Row(p.name, p.status, p.detail, f'"{expected}"' if expected else "no")
    if p.status == "ok":
        seen: str | None = str(p.value)
    elif p.status in ("no", "ignored"):
        seen = None
    else:
        return row
    row.agrees = seen == expected
    if row.agrees:
        return row
    if seen is None:
        row.changes = {"supports_tool_choice_required": False}
        row.note = (
            f"{p.name}: the endpoint cannot force a tool call ({p.detail}), but the profile "
            f'sends tool_choice "{expected}"'
        )
    else:
        row.changes = {"supports_tool_choice_required": True, "tool_choice_required": seen}
        said = f'"{expected}"' if expected else "that it is unsupported"
        row.note = f'{p.name}: the endpoint takes "{seen}", but the profile says {said}'
    return row


def compare(found: Findings, profile: ModelProfile) -> list[Row]:
    rows = []
    for name in ORDER:
        p = found.probes.get(name)
        if p is None:
            continue
        if name in _FLAGS:
            rows.append(_flag_row(p, profile))
        elif name == 'tool_choice "required"':
            rows.append(_tool_choice_row(p, profile))
        else:
            rows.append(Row(p.name, p.status, p.detail))
    return rows


def _notes(found: Findings) -> list[str]:
    notes = []
    listed = found.probes.get("model listed")
    if listed is not None and listed.status == "no":
        notes.append(f"the model is not in GET /models ({listed.detail})")
    usage = found.probes.get("stream usage")
    stream = found.probes.get("streaming")
    if usage is not None and usage.value is False and not (stream and stream.value):
        notes.append("streamed runs will report no token usage: the stream carries none")
    if stream is not None and stream.status not in ("ok", "skipped"):
        notes.append(f"streaming fails ({stream.detail}): Runner.run_streamed will not work")
    return notes


# -- output ----------------------------------------------------------------------------------

_WORD = {"ok": "yes", "no": "no", "ignored": "ignored", "error": "error", "skipped": "skipped"}


def _cell(row: Row, probe: Probe | None) -> str:
    text = f"{_WORD[row.status]}: {row.detail}" if row.detail else _WORD[row.status]
    if probe is not None and probe.ms is not None:
        text += f" ({probe.ms:.0f} ms)"
    return text if len(text) <= 72 else text[:69] + "..."


def _changes(rows: list[Row]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for row in rows:
        merged.update(row.changes)
    return merged


def render_text(
    endpoint: Endpoint, profile: ModelProfile, source: str, found: Findings, rows: list[Row]
) -> str:
    lines = [
        f"endpoint: {safe_url(endpoint.base_url)}",
        f"model:    {endpoint.model or '(none)'}",
        f"key:      {endpoint.key_source}",
        f"profile:  {profile.provider} ({source})",
    ]
    if endpoint.provider == "openai" and profile.supports_responses_api:
        lines.append(
            "note:     the SDK uses the Responses API here; these probes check Chat Completions"
        )
    table = format_table(
        ("check", "endpoint", "profile", "agrees"),
        [
            (
                r.check,
                _cell(r, found.probes.get(r.check)),
                r.profile,
                "" if r.agrees is None else ("yes" if r.agrees else "NO"),
            )
            for r in rows
        ],
    )
    lines += ["", table, ""]
    disagreements = [r.note for r in rows if r.agrees is False]
    if disagreements:
        lines.append("The endpoint and the profile disagree:")
        lines += [f"  - {note}" for note in disagreements]
        changes = ", ".join(f"{k}={v!r}" for k, v in _changes(rows).items())
        lines.append(f"Profile changes that match this endpoint: {changes}")
        function = endpoint.profile_expression().split("(", 1)[0]
        lines.append(
            f"  e.g. OpenAIChatCompletionsModel(model={endpoint.model!r}, openai_client=client, "
            f"profile={endpoint.profile_expression()}.replace({changes})), with "
            f"`from agents.models.providers.catalogue import {function}`"
        )
        lines.append("")
    notes = _notes(found)
    if notes:
        lines += ["Notes:", *(f"  - {n}" for n in notes), ""]
    if found.unusable:
        lines.append(f"Verdict: unusable: {found.unusable}")
    elif disagreements:
        lines.append(f"Verdict: usable; {len(disagreements)} disagreement(s) with the profile")
    else:
        lines.append("Verdict: usable; the profile matches the endpoint")
    return "\n".join(lines) + "\n"


def render_json(
    endpoint: Endpoint, profile: ModelProfile, source: str, found: Findings, rows: list[Row]
) -> str:
    payload = {
        "base_url": safe_url(endpoint.base_url),
        "model": endpoint.model,
        "key": endpoint.key_source,
        "profile": profile.provider,
        "profile_source": source,
        "usable": found.unusable is None,
        "unusable_reason": found.unusable,
        "checks": [
            {
                "check": r.check,
                "status": r.status,
                "detail": r.detail,
                "ms": None
                if (p := found.probes.get(r.check)) is None or p.ms is None
                else round(p.ms, 1),
                "profile": r.profile or None,
                "agrees": r.agrees,
            }
            for r in rows
        ],
        "disagreements": [r.note for r in rows if r.agrees is False],
        "profile_changes": _changes(rows),
        "notes": _notes(found),
    }
    return json.dumps(payload, indent=2) + "\n"
