"""Two providers in one conversation, over real HTTP: each agent's model is an
OpenAI-compatible client pointed at a provider (here two scripted providers on 127.0.0.1)."""

import asyncio

from openai import AsyncOpenAI

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import Runner
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall


async def main() -> None:
    with LoopbackProvider("groq") as groq, LoopbackProvider("mistral") as mistral:
        groq.enqueue(Reply(tool_calls=[ToolCall("transfer_to_writer", {})]))
        mistral.enqueue(Reply(text="Bonjour ! Voici votre texte."))
        writer = Agent(
            name="writer",
            instructions="Write in French.",
            model=OpenAIChatCompletionsModel(
                "mistral-small-latest", AsyncOpenAI(base_url=mistral.base_url, api_key="local")
            ),
        )
        router = Agent(
            name="router",
            instructions="Send writing tasks to the writer.",
            handoffs=[writer],
            model=OpenAIChatCompletionsModel(
                "llama-3.3-70b-versatile", AsyncOpenAI(base_url=groq.base_url, api_key="local")
            ),
        )
        result = await Runner.run(router, "Write a greeting in French.")
        print(f"{result.last_agent.name}: {result.final_output}")
        print(
            "requests:",
            len(groq.chat_requests),
            "to groq,",
            len(mistral.chat_requests),
            "to mistral",
        )


asyncio.run(main())
