"""Shared fixtures for the Responses API tests: a loopback server and a model bound to it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openai import AsyncOpenAI

from agents import Agent
from agents import OpenAIResponsesModel
from agents import RunResult
from agents import RunResultStreaming
from agents.testing import ResponsesLoopback

from .helpers.runs import run_either_way

RESPONSES_KEY = "sk-responses-secret-0123456789abcdef"


@pytest.fixture
def server() -> Iterator[ResponsesLoopback]:
    with ResponsesLoopback("openai", api_key=RESPONSES_KEY) as loopback:
        yield loopback


def responses_model(
    server: ResponsesLoopback, model: str = "gpt-4.1", *, key: str = RESPONSES_KEY
) -> OpenAIResponsesModel:
    """A model on `server` through the real `openai` client (no retries: one request each)."""
    client = AsyncOpenAI(api_key=key, base_url=server.base_url, max_retries=0)
    return OpenAIResponsesModel(model=model, openai_client=client)


async def run(
    agent: Agent[Any], input: Any, *, streamed: bool, **kwargs: Any
) -> RunResult | RunResultStreaming:
    """A run either way, so each behaviour is checked on both paths."""
    return (await run_either_way(agent, input, streamed=streamed, **kwargs))[0]
