"""Loopback providers that behave like models answering structured-output requests.

`behaving(...)` returns a responder for `LoopbackProvider(responder=...)`: it reads the
request the way a model would (a response format, a final-output tool, a schema in the
instructions) and answers with the given JSON in that strategy's form. Knobs make it behave
like providers whose profiles differ: reject json_schema with a 400, reject a response format
next to tools (Gemini), wrap answers in prose, fences and <think> blocks.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from openai import AsyncOpenAI
from pydantic import BaseModel
from typing_extensions import TypedDict

from agents import OpenAIChatCompletionsModel
from agents import function_tool
from agents.models.dialects.profiles import ModelProfile
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall

KEY = "sk-structured-test-0123456789"
USER_TOOL = "lookup"
PROSE_TEMPLATE = (
    '<think>\nThe user wants JSON; maybe {{"draft": true}} first?\n</think>\n'
    "Sure! Here is the answer you asked for:\n```json\n{json}\n```\nLet me know if you need more."
)


class Weather(BaseModel):
    city: str
    celsius: float


@dataclass
class Point:
    x: int
    y: int


class Pair(TypedDict):
    left: str
    right: str


@function_tool
def lookup(city: str) -> str:
    """Look up the weather notes for a city."""
    return f"notes for {city}"


def bad_request(message: str) -> Reply:
    return Reply(
        status=400,
        error={
            "error": {
                "message": message,
                "type": "invalid_request_error",
                "param": None,
                "code": None,
            }
        },
    )


def strategy_of(body: dict[str, Any]) -> str:
    """Which structured-output strategy a recorded request used."""
    kind = (body.get("response_format") or {}).get("type")
    if kind == "json_schema":
        return "native"
    if kind == "json_object":
        return "json_mode"
    names = [t["function"]["name"] for t in body.get("tools") or []]
    if any(name.startswith("final_output") for name in names):
        return "tool"
    return "prompted"


def system_text(body: dict[str, Any]) -> str:
    messages = body.get("messages") or []
    first = messages[0] if messages else {}
    return str(first.get("content")) if first.get("role") == "system" else ""


@dataclass
class Behaviour:
    """How the scripted model answers; `answers` are JSON texts used in turn (last repeats)."""

    answers: list[str]
    rejects_json_schema: bool = False
    rejects_format_with_tools: bool = False
    prose: bool = False
    """Prompted answers come in prose with a fence and a <think> block around the JSON."""
    seen: list[str] = field(default_factory=list)
    """The strategy of each request answered (or rejected)."""

    def __call__(self, body: dict[str, Any]) -> Reply:
        strategy = strategy_of(body)
        self.seen.append(strategy)
        tools = [t["function"]["name"] for t in body.get("tools") or []]
        if self.rejects_json_schema and strategy == "native":
            return bad_request("response_format json_schema is not supported for this model")
        user_tools = [name for name in tools if not name.startswith("final_output")]
        if self.rejects_format_with_tools and body.get("response_format") and user_tools:
            return bad_request(
                "Function calling with a response mime type: 'application/json' is unsupported"
            )
        messages = body.get("messages") or []
        if USER_TOOL in user_tools and not any(m.get("role") == "tool" for m in messages):
            return Reply(tool_calls=[ToolCall(USER_TOOL, {"city": "Oslo"})])
        answered = sum(1 for m in messages if m.get("role") == "assistant" and m.get("content"))
        text = self.answers[min(answered, len(self.answers) - 1)]
        if strategy == "tool":
            name = next(n for n in tools if n.startswith("final_output"))
            return Reply(tool_calls=[ToolCall(name, text)])
        if strategy == "prompted" and self.prose:
            return Reply(text=PROSE_TEMPLATE.format(json=json.dumps(json.loads(text), indent=2)))
        return Reply(text=text)


def model_for(
    server: LoopbackProvider, profile: ModelProfile, name: str = "test-model"
) -> OpenAIChatCompletionsModel:
    client = AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
    return OpenAIChatCompletionsModel(name, client, profile=profile)


Responder = Callable[[dict[str, Any]], Reply]
