"""A function tool: the model asks for it, the SDK runs it, the model answers with its result."""

from agents import Agent
from agents import Runner
from agents import function_tool
from agents.testing import Reply
from agents.testing import ScriptedModel
from agents.testing import ToolCall


@function_tool
def get_weather(city: str) -> str:
    """The current weather in a city.

    Args:
        city: The city's name.
    """
    return f"Sunny and 21 C in {city}"


model = ScriptedModel(
    [
        Reply(tool_calls=[ToolCall("get_weather", {"city": "Lisbon"})]),
        Reply(text="It is sunny and 21 C in Lisbon."),
    ]
)
agent = Agent(name="weather", instructions="Use the tool.", tools=[get_weather], model=model)

result = Runner.run_sync(agent, "Weather in Lisbon?")
print(result.final_output)
print("tool output:", result.new_items[1].output)
