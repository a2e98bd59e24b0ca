"""OpenAIResponsesModel through the real `openai` client against the loopback Responses API."""

from __future__ import annotations

import logging
from typing import Any

import openai
import pytest
from openai.types.responses import ResponseCompletedEvent
from openai.types.responses import ResponseFunctionCallArgumentsDeltaEvent
from openai.types.responses import ResponseTextDeltaEvent
from openai.types.shared import Reasoning
from pydantic import BaseModel

from agents import Agent
from agents import ModelSettings
from agents import ProviderBadRequestError
from agents import ProviderRateLimitError
from agents import ProviderResponseError
from agents import ProviderServerError
from agents import RawResponsesStreamEvent
from agents import Runner
from agents import ToolCallOutputItem
from agents import function_tool
from agents import handoff
from agents.models.responses import request as responses_request
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall

from .responses_helpers import RESPONSES_KEY
from .responses_helpers import responses_model
from .responses_helpers import run
from .responses_helpers import server

__all__ = ["server"]


@function_tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


async def test_text_answer(server: ResponsesLoopback, streamed: bool) -> None:
    server.enqueue(ResponsesReply(text="Paris.", usage=None))
    agent = Agent(name="geo", instructions="Be brief.", model=responses_model(server))
    result = await run(agent, "Capital of France?", streamed=streamed)

    assert result.final_output == "Paris."
    body = server.response_requests[0]
    assert body["model"] == "gpt-4.1"
    assert body["instructions"] == "Be brief."
    assert body["input"] == [{"role": "user", "content": "Capital of France?"}]
    assert body.get("stream", False) is streamed
    assert "tools" not in body and "previous_response_id" not in body
    assert result.last_response_id == next(iter(server.stored))
    usage = result.context_wrapper.usage
    assert usage.requests == 1 and usage.total_tokens == usage.input_tokens + usage.output_tokens
    assert usage.output_tokens == 1
    assert server.requests[0].headers["authorization"] == f"Bearer {RESPONSES_KEY}"
    assert server.requests[0].path == "/v1/responses"


async def test_tool_round_trip(server: ResponsesLoopback, streamed: bool) -> None:
    server.enqueue(
        ResponsesReply(tool_calls=[ToolCall("add", {"a": 2, "b": 3}, id="call_a")]),
        ResponsesReply(text="2 + 3 = 5"),
    )
    agent = Agent(name="calc", tools=[add], model=responses_model(server))
    result = await run(agent, "What is 2 + 3?", streamed=streamed)

    assert result.final_output == "2 + 3 = 5"
    first, second = server.response_requests
    assert first["tools"] == [
        {
            "type": "function",
            "name": "add",
            "description": "Add two integers.",
            "parameters": add.params_json_schema,
            "strict": True,
        }
    ]
    call, output = second["input"][1:]
    assert call["type"] == "function_call" and call["call_id"] == "call_a"
    assert call["id"].startswith("fc_"), "OpenAI's own item id goes back as it came"
    assert output == {"type": "function_call_output", "call_id": "call_a", "output": "5"}
    outputs = [i for i in result.new_items if isinstance(i, ToolCallOutputItem)]
    assert [o.output for o in outputs] == [5]
    assert result.context_wrapper.usage.requests == 2


async def test_handoff_is_a_function_declaration(server: ResponsesLoopback) -> None:
    model = responses_model(server)
    specialist = Agent(name="Specialist", model=model)
    triage = Agent(name="Triage", handoffs=[handoff(specialist)], model=model)
    server.enqueue(
        ResponsesReply(tool_calls=[ToolCall("transfer_to_specialist", "{}", id="call_h")]),
        ResponsesReply(text="specialist here"),
    )
    result = await Runner.run(triage, "help")
    assert result.final_output == "specialist here"
    assert result.last_agent is specialist
    (tool,) = server.response_requests[0]["tools"]
    assert tool["type"] == "function" and tool["name"] == "transfer_to_specialist"
    assert set(tool) == {"type", "name", "description", "parameters", "strict"}


async def test_stream_events_pass_through_unchanged(server: ResponsesLoopback) -> None:
    server.enqueue(
        ResponsesReply(tool_calls=[ToolCall("add", {"a": 20, "b": 22}, id="call_s")]),
        ResponsesReply(text="The answer is 42"),
    )
    agent = Agent(name="calc", tools=[add], model=responses_model(server))
    result = Runner.run_streamed(agent, "20 + 22?")
    raw: list[Any] = []
    async for event in result.stream_events():
        if isinstance(event, RawResponsesStreamEvent):
            raw.append(event.data)

    # Exactly the server's events, in order, as the `openai` client parsed them.
    assert [e.sequence_number for e in raw if e.type == "response.created"] == [0, 0]
    text = "".join(e.delta for e in raw if isinstance(e, ResponseTextDeltaEvent))
    args = "".join(e.delta for e in raw if isinstance(e, ResponseFunctionCallArgumentsDeltaEvent))
    assert text == "The answer is 42"
    assert args == '{"a":20,"b":22}'
    completed = [e for e in raw if isinstance(e, ResponseCompletedEvent)]
    assert [c.response.id for c in completed] == list(server.stored)
    assert result.final_output == "The answer is 42"
    assert result.last_response_id == completed[-1].response.id


class Weather(BaseModel):
    city: str
    celsius: float


async def test_structured_output_uses_native_json_schema(
    server: ResponsesLoopback, streamed: bool
) -> None:
    server.enqueue(ResponsesReply(text='{"city": "Oslo", "celsius": -3.5}'))
    agent = Agent(name="w", output_type=Weather, model=responses_model(server))
    result = await run(agent, "Weather in Oslo?", streamed=streamed)

    assert result.final_output == Weather(city="Oslo", celsius=-3.5)
    fmt = server.response_requests[0]["text"]["format"]
    assert fmt["type"] == "json_schema" and fmt["name"] == "final_output"
    assert fmt["strict"] is True
    assert fmt["schema"]["required"] == ["city", "celsius"]
    assert fmt["schema"]["additionalProperties"] is False


async def test_model_settings_mapping(server: ResponsesLoopback) -> None:
    settings = ModelSettings(
        temperature=0.2,
        top_p=0.9,
        tool_choice="add",
        parallel_tool_calls=False,
        truncation="auto",
        max_tokens=321,
        reasoning=Reasoning(effort="low", summary="auto"),
        verbosity="low",
        metadata={"run": "7"},
        store=False,
        response_include=["reasoning.encrypted_content"],
        top_logprobs=2,
        extra_headers={"X-Trace": "abc"},
        extra_query={"tenant": "t1"},
        extra_body={"service_tier": "flex"},
        extra_args={"user": "u-1"},
    )
    agent = Agent(name="s", tools=[add], model=responses_model(server), model_settings=settings)
    server.enqueue(ResponsesReply(text="ok"))
    await Runner.run(agent, "hi")

    body = server.response_requests[0]
    expected = {
        "temperature": 0.2,
        "top_p": 0.9,
        "tool_choice": {"type": "function", "name": "add"},
        "parallel_tool_calls": False,
        "truncation": "auto",
        "max_output_tokens": 321,
        "reasoning": {"effort": "low", "summary": "auto"},
        "text": {"verbosity": "low"},
        "metadata": {"run": "7"},
        "store": False,
        "include": ["reasoning.encrypted_content", "message.output_text.logprobs"],
        "top_logprobs": 2,
        "service_tier": "flex",
        "user": "u-1",
    }
    assert {k: body.get(k) for k in expected} == expected
    request = server.requests[0]
    assert request.headers["x-trace"] == "abc"
    assert request.path == "/v1/responses?tenant=t1"


@pytest.mark.parametrize(
    ("choice", "wire"),
    [
        ("auto", "auto"),
        ("required", "required"),
        ("none", "none"),
        ("web_search", {"type": "web_search"}),
        ("file_search", {"type": "file_search"}),
        ("add", {"type": "function", "name": "add"}),
    ],
)
async def test_tool_choice_wire_forms(server: ResponsesLoopback, choice: str, wire: Any) -> None:
    agent = Agent(
        name="c",
        tools=[add],
        model=responses_model(server),
        model_settings=ModelSettings(tool_choice=choice),
    )
    await Runner.run(agent, "hi")
    assert server.response_requests[0]["tool_choice"] == wire


async def test_chat_only_settings_are_not_sent(
    server: ResponsesLoopback, caplog: pytest.LogCaptureFixture
) -> None:
    settings = ModelSettings(frequency_penalty=0.5, presence_penalty=0.1, include_usage=True)
    agent = Agent(name="p", model=responses_model(server), model_settings=settings)
    responses_request._warned.clear()
    with caplog.at_level(logging.WARNING, logger="openai.agents"):
        result = await Runner.run(agent, "hi")
        await Runner.run(agent, "again")
    assert result.final_output.startswith("[openai:gpt-4.1]")
    warnings = [r.getMessage() for r in caplog.records if "not a Responses API" in r.getMessage()]
    assert len(warnings) == 2, "one warning per setting, not per call"
    assert "frequency_penalty" in warnings[0] and "presence_penalty" in warnings[1]
    body = server.response_requests[0]
    assert not {"frequency_penalty", "presence_penalty", "stream_options"} & set(body)


async def test_history_from_other_providers_is_cleaned(server: ResponsesLoopback) -> None:
    """Items a Chat Completions provider produced carry a placeholder id and provider-only
    data; the server (like api.openai.com) rejects both, so they must not be sent."""
    history: list[Any] = [
        {"role": "user", "content": "What is 2 + 3?"},
        {
            "id": "__fake_id__",
            "type": "reasoning",
            "summary": [{"type": "summary_text", "text": "deepseek thinking"}],
            "provider_data": {"provider": "deepseek", "model": "deepseek-reasoner"},
        },
        {
            "id": "__fake_id__",
            "type": "function_call",
            "call_id": "call_0",
            "name": "add",
            "arguments": '{"a": 2, "b": 3}',
            "provider_data": {"provider": "gemini", "extra_content": {"google": {"x": "sig"}}},
        },
        {"type": "function_call_output", "call_id": "call_0", "output": "5"},
        {
            "id": "__fake_id__",
            "type": "message",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "output_text", "text": "5", "annotations": []}],
        },
        {"role": "user", "content": "And times 2?"},
    ]
    before = [dict(item) for item in history]
    agent = Agent(name="c", tools=[add], model=responses_model(server))
    server.enqueue(ResponsesReply(text="10"))
    result = await Runner.run(agent, history)

    assert result.final_output == "10"
    assert history == before, "the caller's items are not modified"
    sent = server.response_requests[0]["input"]
    assert [item.get("type", "message") for item in sent] == [
        "message",
        "function_call",
        "function_call_output",
        "message",
        "message",
    ]
    assert all("provider_data" not in item and item.get("id") != "__fake_id__" for item in sent)
    assert sent[1] == {
        "type": "function_call",
        "call_id": "call_0",
        "name": "add",
        "arguments": '{"a": 2, "b": 3}',
    }


async def test_http_error_names_endpoint_and_model_not_key(
    server: ResponsesLoopback, streamed: bool
) -> None:
    server.enqueue(ResponsesReply(status=429, headers={"Retry-After": "0"}))
    agent = Agent(name="e", model=responses_model(server, "gpt-4.1-nano"))
    with pytest.raises(ProviderRateLimitError) as info:
        await run(agent, "hi", streamed=streamed)
    err = info.value
    assert isinstance(err, openai.RateLimitError)
    assert server.base_url in str(err) and "gpt-4.1-nano" in str(err)
    assert err.base_url is not None and err.model == "gpt-4.1-nano"
    assert RESPONSES_KEY not in str(err) and RESPONSES_KEY not in repr(err)


async def test_stream_error_event_is_yielded_then_raised(server: ResponsesLoopback) -> None:
    server.enqueue(
        ResponsesReply(text="half", stream_error={"code": "server_error", "message": "boom"})
    )
    agent = Agent(name="e", model=responses_model(server))
    result = Runner.run_streamed(agent, "hi")
    seen: list[str] = []
    with pytest.raises(ProviderServerError, match="boom") as info:
        async for event in result.stream_events():
            if isinstance(event, RawResponsesStreamEvent):
                seen.append(event.data.type)
    assert seen[-1] == "error", "consumers see the error event itself"
    assert "output_text.delta" in " ".join(seen)
    assert isinstance(info.value, openai.InternalServerError)
    assert server.base_url in str(info.value)


async def test_failed_response_raises_typed_error(
    server: ResponsesLoopback, streamed: bool
) -> None:
    server.enqueue(ResponsesReply(failed={"code": "invalid_prompt", "message": "flagged"}))
    agent = Agent(name="e", model=responses_model(server))
    with pytest.raises(ProviderBadRequestError, match="flagged") as info:
        await run(agent, "hi", streamed=streamed)
    assert "invalid_prompt" in str(info.value)
    assert isinstance(info.value, openai.BadRequestError)


async def test_incomplete_response_keeps_its_output(
    server: ResponsesLoopback, streamed: bool
) -> None:
    server.enqueue(ResponsesReply(text="Once upon a", incomplete="max_output_tokens"))
    agent = Agent(
        name="e", model=responses_model(server), model_settings=ModelSettings(max_tokens=3)
    )
    result = await run(agent, "tell a story", streamed=streamed)
    assert result.final_output == "Once upon a"
    assert server.response_requests[0]["max_output_tokens"] == 3


async def test_body_that_is_not_a_response(server: ResponsesLoopback) -> None:
    server.enqueue(ResponsesReply(raw_body=b"<html>gateway</html>"))
    agent = Agent(name="e", model=responses_model(server))
    with pytest.raises(ProviderResponseError, match="/responses"):
        await Runner.run(agent, "hi")
