"""Images and files as input: as they are on the Responses route, as image_url parts on Chat
Completions providers, and a clear error before any request where the model has no vision."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from openai import AsyncOpenAI

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import ProviderBadRequestError
from agents import Runner
from agents import UserError
from agents.models.dialects.profiles import DEFAULT_PROFILE
from agents.testing import LoopbackProvider
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply

from .responses_helpers import responses_model
from .responses_helpers import run
from .responses_helpers import server

__all__ = ["server"]

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16).decode()
PDF = base64.b64encode(b"%PDF-1.4 tiny").decode()

IMAGE_BY_URL = {
    "type": "input_image",
    "image_url": "https://upload.wikimedia.org/cat.jpg",
    "detail": "low",
}
IMAGE_BY_DATA = {
    "type": "input_image",
    "image_url": f"data:image/png;base64,{PNG}",
    "detail": "auto",
}
IMAGE_BY_FILE_ID = {"type": "input_image", "file_id": "file-img1", "detail": "high"}
FILE_BY_DATA = {
    "type": "input_file",
    "filename": "notes.pdf",
    "file_data": f"data:application/pdf;base64,{PDF}",
}
FILE_BY_ID = {"type": "input_file", "file_id": "file-doc1"}


def user(*parts: dict[str, Any]) -> list[Any]:
    return [
        {
            "role": "user",
            "content": [{"type": "input_text", "text": "What is this?"}, *parts],
        }
    ]


@pytest.mark.parametrize(
    "part",
    [IMAGE_BY_URL, IMAGE_BY_DATA, IMAGE_BY_FILE_ID, FILE_BY_DATA, FILE_BY_ID],
    ids=["image-url", "image-base64", "image-file-id", "file-base64", "file-id"],
)
async def test_responses_route_sends_parts_as_they_are(
    server: ResponsesLoopback, part: dict[str, Any], streamed: bool
) -> None:
    server.enqueue(ResponsesReply(text="A cat."))
    agent = Agent(name="v", model=responses_model(server))
    result = await run(agent, user(part), streamed=streamed)
    assert result.final_output == "A cat."
    (sent,) = server.response_requests[0]["input"]
    assert sent["content"] == [{"type": "input_text", "text": "What is this?"}, part]


async def test_responses_route_invalid_image_url_is_the_servers_400(
    server: ResponsesLoopback,
) -> None:
    agent = Agent(name="v", model=responses_model(server))
    bad = {"type": "input_image", "image_url": "/home/me/cat.jpg"}
    with pytest.raises(ProviderBadRequestError, match="image_url") as info:
        await Runner.run(agent, user(bad))
    assert server.base_url in str(info.value)


async def test_chat_completions_route_sends_image_url_parts(streamed: bool) -> None:
    with LoopbackProvider("gemini", api_key="gk") as gemini:
        client = AsyncOpenAI(api_key="gk", base_url=gemini.base_url)
        model = OpenAIChatCompletionsModel(
            model="vision-model",
            openai_client=client,
            profile=DEFAULT_PROFILE.replace(supports_vision=True),
        )
        agent = Agent(name="v", model=model)
        result = await run(
            agent, user(IMAGE_BY_URL, IMAGE_BY_DATA, FILE_BY_DATA), streamed=streamed
        )
        assert result.final_output.startswith("[gemini:vision-model]")
        (message,) = gemini.chat_requests[0]["messages"]
    assert message["content"] == [
        {"type": "text", "text": "What is this?"},
        {"type": "image_url", "image_url": {"url": IMAGE_BY_URL["image_url"], "detail": "low"}},
        {"type": "image_url", "image_url": {"url": IMAGE_BY_DATA["image_url"], "detail": "auto"}},
        {"type": "file", "file": {"file_data": FILE_BY_DATA["file_data"], "filename": "notes.pdf"}},
    ]


async def test_chat_completions_without_vision_fails_before_any_request() -> None:
    with LoopbackProvider("deepseek", api_key="dk") as deepseek:
        client = AsyncOpenAI(api_key="dk", base_url=deepseek.base_url)
        model = OpenAIChatCompletionsModel(
            model="deepseek-chat",
            openai_client=client,
            profile=DEFAULT_PROFILE.replace(provider="deepseek", supports_vision=False),
        )
        with pytest.raises(UserError, match="does not accept images"):
            await Runner.run(Agent(name="v", model=model), user(IMAGE_BY_URL))
        assert deepseek.requests == []


async def test_file_id_image_on_chat_completions_is_a_clear_error() -> None:
    with LoopbackProvider("groq", api_key="k") as groq:
        client = AsyncOpenAI(api_key="k", base_url=groq.base_url)
        model = OpenAIChatCompletionsModel(model="llama-4-scout", openai_client=client)
        with pytest.raises(UserError, match="Responses API"):
            await Runner.run(Agent(name="v", model=model), user(IMAGE_BY_FILE_ID))
        assert groq.requests == []
