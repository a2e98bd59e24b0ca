"""Item 1: structured output walks the whole strategy chain, and remembers what failed.

A provider that answers 400 to a json_schema response format, to JSON mode and to the
final-output tool still gives a validated object (through the prompted strategy); later
turns start at the strategy that worked, without sending the rejected ones again.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from openai import AsyncOpenAI
from pydantic import BaseModel

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import OpenAIResponsesModel
from agents import RunConfig
from agents import Runner
from agents.models.interface import Model
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply

from .conftest import KEY

CONFIG = RunConfig(tracing_disabled=True)


class Weather(BaseModel):
    city: str
    celsius: float


ANSWER = json.dumps({"city": "Oslo", "celsius": -3.5})
REJECT = {"message": "This model does not support that parameter", "type": "invalid_request"}


def asks_structure(body: dict[str, Any]) -> bool:
    text = body.get("text") or {}
    return bool(
        body.get("response_format")
        or body.get("tools")
        or (text.get("format") or {}).get("type") not in (None, "text")
    )


def chat_reply(body: dict[str, Any]) -> Reply:
    if asks_structure(body):
        return Reply(status=400, error={"error": REJECT})
    return Reply(text=ANSWER)


def responses_reply(body: dict[str, Any]) -> ResponsesReply:
    if asks_structure(body):
        return ResponsesReply(status=400, error=REJECT)
    return ResponsesReply(text=ANSWER)


async def run(model: Model, streamed: bool) -> Any:
    agent = Agent(name="w", model=model, output_type=Weather)
    if not streamed:
        return (await Runner.run(agent, "Weather in Oslo?", run_config=CONFIG)).final_output
    result = Runner.run_streamed(agent, "Weather in Oslo?", run_config=CONFIG)
    async for _ in result.stream_events():
        pass
    return result.final_output


@pytest.mark.parametrize("route", ["chat", "litellm", "responses"])
async def test_every_strategy_rejected_but_the_prompt(route: str, streamed: bool) -> None:
    if route == "responses":
        server: LoopbackProvider | ResponsesLoopback = ResponsesLoopback(
            api_key=KEY, responder=responses_reply
        )
    else:
        server = LoopbackProvider(f"strict-{route}-{streamed}", api_key=KEY, responder=chat_reply)
    with server:

        def model() -> Model:
            if route == "litellm":
                litellm_model = pytest.importorskip("agents.extensions.models.litellm_model")
                return litellm_model.LitellmModel(
                    "openai/gpt-4o-mini", base_url=server.base_url, api_key=KEY
                )
            client = AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
            if route == "responses":
                return OpenAIResponsesModel(model="gpt-4.1", openai_client=client)
            return OpenAIChatCompletionsModel(model="strict-model", openai_client=client)

        assert await run(model(), streamed) == Weather(city="Oslo", celsius=-3.5)
        posts = [r for r in server.requests if r.method == "POST"]
        assert len(posts) >= 3  # native, JSON mode and/or tool were each tried once
        assert not asks_structure(posts[-1].body or {})
        before = len(posts)
        assert await run(model(), streamed) == Weather(city="Oslo", celsius=-3.5)
        posts = [r for r in server.requests if r.method == "POST"]
        assert len(posts) == before + 1  # the next run starts at what works
