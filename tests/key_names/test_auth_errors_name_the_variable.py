"""A refused key names the variable it should come from, on every route, never the key."""

from __future__ import annotations

import httpx
import pytest
from openai import AsyncOpenAI

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import ProviderAuthenticationError
from agents import Runner
from agents.extensions.models.litellm_model import LitellmModel
from agents.testing import LoopbackProvider
from agents.testing.anthropic_server import AnthropicLoopback

WRONG = "wrong-key-0123456789abcdef"


async def test_chat_route_names_the_provider_table_variable() -> None:
    with LoopbackProvider("groq", api_key="the-right-key") as server:
        client = AsyncOpenAI(
            api_key=WRONG,
            base_url="http://api.groq.com/openai/v1",  # the real host, through a loopback proxy
            http_client=httpx.AsyncClient(proxy=server.url()),
            max_retries=0,
        )
        agent = Agent(name="a", model=OpenAIChatCompletionsModel("llama-3.1-8b-instant", client))
        with pytest.raises(ProviderAuthenticationError) as caught:
            await Runner.run(agent, "hi")
    message = str(caught.value)
    assert "GROQ_API_KEY" in message and WRONG not in message


async def test_litellm_route_names_the_provider_variable() -> None:
    with AnthropicLoopback(api_key="the-right-key") as server:
        model = LitellmModel("anthropic/claude-3-7-sonnet-20250219", server.base_url, WRONG)
        with pytest.raises(ProviderAuthenticationError) as caught:
            await Runner.run(Agent(name="a", model=model), "hi")
    message = str(caught.value)
    assert "ANTHROPIC_API_KEY" in message and WRONG not in message
