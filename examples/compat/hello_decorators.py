"""An openai-agents program: `agents.decorators.tool`, `agents.run.Runner`, `__version__`.

Runs unchanged on freeagents; point OPENAI_BASE_URL at any OpenAI-compatible provider.
"""

from agents import Agent
from agents import __version__
from agents.decorators import tool
from agents.run import Runner


@tool
def get_weather(city: str) -> str:
    """Get the weather for a city."""
    return f"The weather in {city} is sunny."


agent = Agent(name="Weather", instructions="Answer with the tool.", tools=[get_weather])

if __name__ == "__main__":
    result = Runner.run_sync(agent, "What's the weather in Tokyo?")
    print(f"agents {__version__}: {result.final_output}")
