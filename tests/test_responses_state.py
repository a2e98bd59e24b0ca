"""Server-side conversation state: previous_response_id and conversation_id.

The loopback server answers a function_call_output only when the call is in the request or in
the stored conversation it continues, as api.openai.com does; so these runs fail unless the
run loop sends exactly the new items and the right response id.
"""

from __future__ import annotations

import pytest
from openai import AsyncOpenAI

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import Runner
from agents import UserError
from agents import function_tool
from agents.testing import LoopbackProvider
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall

from .responses_helpers import responses_model
from .responses_helpers import run
from .responses_helpers import server

__all__ = ["server"]


@function_tool
def lookup(city: str) -> str:
    """Look up the weather."""
    return f"sunny in {city}"


async def test_previous_response_id_on_the_second_turn(
    server: ResponsesLoopback, streamed: bool
) -> None:
    agent = Agent(name="w", tools=[lookup], model=responses_model(server))
    server.enqueue(ResponsesReply(text="Hi Ada."))
    first = await run(agent, "I am Ada.", streamed=streamed)
    first_id = first.last_response_id
    assert first_id is not None and first_id in server.stored

    server.enqueue(
        ResponsesReply(tool_calls=[ToolCall("lookup", {"city": "Oslo"}, id="call_w")]),
        ResponsesReply(text="It is sunny in Oslo, Ada."),
    )
    second = await run(agent, "Weather in Oslo?", streamed=streamed, previous_response_id=first_id)

    assert second.final_output == "It is sunny in Oslo, Ada."
    call_request, output_request = server.response_requests[1:]
    # Turn 1 of the run: only the new message, continuing the earlier response.
    assert call_request["previous_response_id"] == first_id
    assert call_request["input"] == [{"role": "user", "content": "Weather in Oslo?"}]
    # Turn 2: only the tool output, continuing the response that asked for it.
    asked = second.raw_responses[0].response_id
    assert asked is not None and asked != first_id
    assert output_request["previous_response_id"] == asked
    assert output_request["input"] == [
        {"type": "function_call_output", "call_id": "call_w", "output": "sunny in Oslo"}
    ]
    assert second.last_response_id == second.raw_responses[-1].response_id
    # The run's items are still all there for the caller.
    assert [i.type for i in second.new_items] == [
        "tool_call_item",
        "tool_call_output_item",
        "message_output_item",
    ]


async def test_conversation_id_sends_only_new_items(
    server: ResponsesLoopback, streamed: bool
) -> None:
    agent = Agent(name="w", tools=[lookup], model=responses_model(server))
    server.enqueue(
        ResponsesReply(tool_calls=[ToolCall("lookup", {"city": "Rome"}, id="call_c")]),
        ResponsesReply(text="Sunny in Rome."),
    )
    result = await run(agent, "Weather in Rome?", streamed=streamed, conversation_id="conv_1")

    assert result.final_output == "Sunny in Rome."
    first, second = server.response_requests
    assert first["conversation"] == second["conversation"] == "conv_1"
    assert "previous_response_id" not in first and "previous_response_id" not in second
    assert first["input"] == [{"role": "user", "content": "Weather in Rome?"}]
    assert second["input"] == [
        {"type": "function_call_output", "call_id": "call_c", "output": "sunny in Rome"}
    ]
    assert [i.get("type", "message") for i in server.conversations["conv_1"]] == [
        "message",
        "function_call",
        "function_call_output",
        "message",
    ]


async def test_without_ids_the_whole_conversation_is_sent(server: ResponsesLoopback) -> None:
    agent = Agent(name="w", tools=[lookup], model=responses_model(server))
    server.enqueue(
        ResponsesReply(tool_calls=[ToolCall("lookup", {"city": "Bern"}, id="call_b")]),
        ResponsesReply(text="Sunny."),
    )
    await Runner.run(agent, "Weather in Bern?")
    second = server.response_requests[1]
    assert "previous_response_id" not in second
    assert [i.get("type", "message") for i in second["input"]] == [
        "message",
        "function_call",
        "function_call_output",
    ]


@pytest.mark.parametrize("ids", [{"previous_response_id": "resp_1"}, {"conversation_id": "conv_1"}])
async def test_server_state_on_chat_completions_fails_before_any_request(
    streamed: bool, ids: dict[str, str]
) -> None:
    with LoopbackProvider("groq", api_key="k") as groq:
        client = AsyncOpenAI(api_key="k", base_url=groq.base_url)
        model = OpenAIChatCompletionsModel(model="llama-3.1-8b-instant", openai_client=client)
        agent = Agent(name="g", model=model)
        with pytest.raises(UserError) as info:
            await run(agent, "hi", streamed=streamed, **ids)
        assert groq.requests == []
    message = str(info.value)
    assert next(iter(ids)) in message
    assert groq.base_url in message and "llama-3.1-8b-instant" in message
    assert "to_input_list()" in message
