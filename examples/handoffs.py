"""A triage agent hands the conversation to a specialist."""

from agents import Agent
from agents import Runner
from agents.testing import Reply
from agents.testing import ScriptedModel
from agents.testing import ToolCall

spanish = Agent(
    name="spanish",
    instructions="Answer in Spanish.",
    model=ScriptedModel([Reply(text="¡Hola! ¿En qué puedo ayudarte?")]),
)
triage = Agent(
    name="triage",
    instructions="Hand off to the agent speaking the user's language.",
    handoffs=[spanish],
    model=ScriptedModel([Reply(tool_calls=[ToolCall("transfer_to_spanish", {})])]),
)

result = Runner.run_sync(triage, "Hola")
print(f"{result.last_agent.name}: {result.final_output}")
