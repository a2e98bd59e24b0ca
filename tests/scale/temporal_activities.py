"""What the Temporal workers run outside the workflow sandbox: the tool activity, the
loopback model provider, and the scripted model behind it.

The tool ``lookup`` is an ordinary Temporal activity the agent calls through
``activity_as_tool``. A worker started with ``block_dir`` set makes its first attempt stop
there (after writing ``lookup.blocked``) so a test can kill the worker mid-tool.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from openai import AsyncOpenAI
from temporalio import activity

from agents import OpenAIChatCompletionsModel
from agents.models.interface import Model
from agents.models.interface import ModelProvider
from agents.testing import Reply
from agents.testing import ToolCall

KEY = "sk-temporal-loopback-0123456789"

block_dir: Path | None = None
"""Set by a worker that should hang in the tool's first attempt (the kill test)."""

log_path: Path | None = None
"""Where ``lookup`` appends a line when it starts and when it finishes."""


def _log(line: str) -> None:
    if log_path is not None:
        with log_path.open("a") as handle:
            handle.write(line + "\n")


@activity.defn
async def lookup(city: str) -> str:
    """Look up the weather in a city."""
    _log(f"lookup started {activity.info().attempt}")
    if block_dir is not None and activity.info().attempt == 1:
        (block_dir / "lookup.blocked").write_text("waiting to be killed")
        while True:  # heartbeats, so the server notices quickly when the worker dies
            activity.heartbeat()
            await asyncio.sleep(0.1)
    _log("lookup finished")
    return f"sunny in {city}"


def tool_results(body: dict[str, Any]) -> int:
    return sum(1 for m in body["messages"] if m.get("role") == "tool")


def scripted(body: dict[str, Any]) -> Reply:
    """Call ``lookup`` once, then answer with its result; without tools, echo the prompt.

    Decided by the conversation alone, so a repeated call would be visible in the log.
    """
    if not body.get("tools"):
        return Reply(text=f"echo:{body['messages'][-1]['content']}")
    if tool_results(body) == 0:
        return Reply(tool_calls=[ToolCall("lookup", {"city": "Paris"})])
    return Reply(text=f"It is {body['messages'][-1]['content']}.")


class PrefixProvider(ModelProvider):
    """``alpha/<model>`` and ``beta/<model>`` to models on two loopback providers."""

    def __init__(self, urls: dict[str, str]) -> None:
        self.clients = {p: AsyncOpenAI(api_key=KEY, base_url=u) for p, u in urls.items()}

    def get_model(self, model_name: str | None) -> Model:
        prefix, _, name = (model_name or "").partition("/")
        return OpenAIChatCompletionsModel(model=name, openai_client=self.clients[prefix])
