"""The smallest run: one agent, one question, no key and no network.

`ScriptedModel` answers from a script; put a model name there (for example
"groq/llama-3.3-70b-versatile", with GROQ_API_KEY set) to ask a real provider.
"""

from agents import Agent
from agents import Runner
from agents.testing import Reply
from agents.testing import ScriptedModel

agent = Agent(
    name="assistant",
    instructions="Answer in one sentence.",
    model=ScriptedModel([Reply(text="Agents call models, tools and each other.")]),
)

result = Runner.run_sync(agent, "What is an agent framework for?")
print(result.final_output)
