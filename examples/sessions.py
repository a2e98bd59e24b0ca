"""A session keeps the conversation between runs (SQLite in memory here; a file path keeps it)."""

from agents import Agent
from agents import Runner
from agents import SQLiteSession
from agents.testing import Reply
from agents.testing import ScriptedModel

model = ScriptedModel([Reply(text="Nice to meet you, Ada."), Reply(text="Your name is Ada.")])
agent = Agent(name="memory", instructions="Remember the user.", model=model)
session = SQLiteSession("conversation-1")

print(Runner.run_sync(agent, "My name is Ada.", session=session).final_output)
print(Runner.run_sync(agent, "What is my name?", session=session).final_output)
print("the second call saw", len(model.calls[1].input), "items of history")
