"""An openai-agents program whose run ends with a handler's answer when it runs out of turns."""

import asyncio

from agents import Agent
from agents import RunErrorHandlerInput
from agents import RunErrorHandlerResult
from agents import Runner
from agents import function_tool


@function_tool
def search(query: str) -> str:
    """Search the notes."""
    return f"No result for {query}."


def out_of_turns(data: RunErrorHandlerInput[None]) -> RunErrorHandlerResult:
    steps = len(data.run_data.new_items)
    return RunErrorHandlerResult(final_output=f"Stopped after {steps} steps without an answer.")


agent = Agent(name="Researcher", instructions="Search until sure.", tools=[search])


async def main() -> None:
    result = await Runner.run(
        agent, "Find the meeting notes", max_turns=2, error_handlers={"max_turns": out_of_turns}
    )
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
