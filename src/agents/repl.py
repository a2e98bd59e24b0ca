"""A terminal chat with an agent (`run_demo_loop`), for trying an agent out by hand.

Each line typed is a user message; the conversation carries over from one line to the next
(and so does the agent a handoff moved to). `exit`, `quit`, Ctrl-D or Ctrl-C end it.
"""

from __future__ import annotations

import sys
from typing import Any

from openai.types.responses import ResponseTextDeltaEvent

from agents.agent import Agent
from agents.items import TResponseInputItem
from agents.result import RunResultBase
from agents.run import Runner
from agents.run_config import DEFAULT_MAX_TURNS
from agents.stream_events import AgentUpdatedStreamEvent
from agents.stream_events import RawResponsesStreamEvent
from agents.stream_events import RunItemStreamEvent

__all__ = ["run_demo_loop"]


async def run_demo_loop(
    agent: Agent[Any],
    *,
    stream: bool = True,
    context: Any = None,
    max_turns: int | None = DEFAULT_MAX_TURNS,
) -> None:
    """Chat with `agent` on the terminal until the user leaves; `max_turns=None`: no limit."""
    current = agent
    history: list[TResponseInputItem] = []
    turns = sys.maxsize if max_turns is None else max_turns
    while True:
        try:
            line = input(" > ")
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if line.strip().lower() in ("exit", "quit"):
            return
        if not line.strip():
            continue
        history.append({"role": "user", "content": line})
        result: RunResultBase
        if stream:
            streamed = Runner.run_streamed(current, history, context=context, max_turns=turns)
            async for event in streamed.stream_events():
                _show(event)
            print()
            result = streamed
        else:
            result = await Runner.run(current, history, context=context, max_turns=turns)
            if result.final_output is not None:
                print(result.final_output)
        current = result.last_agent
        history = result.to_input_list()


def _show(event: Any) -> None:
    if isinstance(event, RawResponsesStreamEvent):
        if isinstance(event.data, ResponseTextDeltaEvent):
            print(event.data.delta, end="", flush=True)
    elif isinstance(event, RunItemStreamEvent):
        if event.item.type == "tool_call_item":
            print("\n[tool called]", flush=True)
        elif event.item.type == "tool_call_output_item":
            print(f"\n[tool output: {getattr(event.item, 'output', '')}]", flush=True)
    elif isinstance(event, AgentUpdatedStreamEvent):
        print(f"\n[Agent updated: {event.new_agent.name}]", flush=True)
