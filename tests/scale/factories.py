"""Agent factories the batch tests hand to workers: module-level, so Ray can import them."""

from __future__ import annotations

import os

from openai import AsyncOpenAI

from agents import Agent
from agents import ModelSettings
from agents import OpenAIChatCompletionsModel
from agents.models.reliability.retry import RetryPolicy

KEY = "sk-scale-loopback-0123456789"


def loopback_agent(base_url: str, model: str = "batch-model") -> Agent[None]:
    """A plain agent on a loopback provider, retrying 429s quickly."""
    client = AsyncOpenAI(api_key=KEY, base_url=base_url)
    return Agent(
        name="batch",
        instructions="Answer briefly.",
        model=OpenAIChatCompletionsModel(model=model, openai_client=client),
        model_settings=ModelSettings(
            retry=RetryPolicy(max_attempts=8, initial_delay=0.01, max_delay=5.0)
        ),
    )


def from_env() -> Agent[None]:
    """The factory `freeagents batch --agent tests.scale.factories:from_env` imports."""
    return loopback_agent(os.environ["SCALE_LOOPBACK_URL"])
