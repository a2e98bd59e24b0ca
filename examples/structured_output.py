"""`output_type`: the final output is a validated pydantic object, not text."""

from pydantic import BaseModel

from agents import Agent
from agents import Runner
from agents.testing import Reply
from agents.testing import ScriptedModel


class City(BaseModel):
    name: str
    country: str
    population_millions: float


model = ScriptedModel(
    [Reply(text='{"name": "Lisbon", "country": "Portugal", "population_millions": 0.55}')]
)
agent = Agent(name="geo", instructions="Describe the city.", output_type=City, model=model)

city = Runner.run_sync(agent, "Tell me about Lisbon").final_output_as(City)
print(city)
