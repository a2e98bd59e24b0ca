"""A toy Chat Completions "model" for the loopback provider: it picks a tool by the words of
the question, fills its arguments from the question, and then reports what the tool said.

Enough to drive example programs, written for any model, end to end without a real model.
"""

from __future__ import annotations

import json
import re
from typing import Any

from agents.testing import Reply
from agents.testing import ToolCall


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    return " ".join(p.get("text", "") for p in content or [] if isinstance(p, dict))


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", text.lower()) if len(w) > 2}


def _arguments(schema: dict[str, Any], question: str) -> dict[str, Any]:
    numbers = [int(n) for n in re.findall(r"-?\d+", question)]
    names = re.findall(r"\b[A-Z][a-z]+\b", question)
    arguments: dict[str, Any] = {}
    for name, spec in (schema.get("properties") or {}).items():
        kind = spec.get("type")
        if kind in ("integer", "number"):
            arguments[name] = numbers.pop(0) if numbers else 0
        else:
            arguments[name] = names[-1] if names else question
    return arguments


def toy_responder(body: dict[str, Any]) -> Reply:
    messages = body["messages"]
    trailing = []
    for message in reversed(messages):
        if message["role"] != "tool":
            break
        trailing.append(_text(message["content"]))
    if trailing:
        return Reply(text="Tool said: " + " | ".join(reversed(trailing)))
    question = next(_text(m["content"]) for m in reversed(messages) if m["role"] == "user")
    tools = body.get("tools") or []
    asked = _words(question)
    best, score = None, 0
    for tool in tools:
        function = tool["function"]
        overlap = len(asked & _words(function["name"] + " " + function.get("description", "")))
        if overlap > score:
            best, score = function, overlap
    if best is None and tools and body.get("tool_choice") == "required":
        best = tools[0]["function"]
    if best is None:
        return Reply(text=f"Answer to: {question}")
    arguments = _arguments(best.get("parameters") or {}, question)
    return Reply(tool_calls=[ToolCall(best["name"], json.dumps(arguments))])
