"""Streaming: text as it arrives, then the run's items."""

import asyncio

from openai.types.responses import ResponseTextDeltaEvent

from agents import Agent
from agents import Runner
from agents.testing import Reply
from agents.testing import ScriptedModel

agent = Agent(
    name="poet",
    instructions="Write one short line.",
    model=ScriptedModel([Reply(text="Streams of tokens, one by one.")]),
)


async def main() -> None:
    result = Runner.run_streamed(agent, "A line about streaming")
    async for event in result.stream_events():
        if event.type == "raw_response_event" and isinstance(event.data, ResponseTextDeltaEvent):
            print(event.data.delta, end="", flush=True)
        elif event.type == "run_item_stream_event":
            print(f"\n[{event.name}]")


asyncio.run(main())
