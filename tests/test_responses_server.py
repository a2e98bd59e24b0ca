"""The loopback Responses API speaks the real wire format: the `openai` client parses it."""

from __future__ import annotations

import openai
import pytest
from openai import AsyncOpenAI
from openai.types.responses import Response
from openai.types.responses import ResponseCompletedEvent
from openai.types.responses import ResponseErrorEvent
from openai.types.responses import ResponseFailedEvent
from openai.types.responses import ResponseFunctionCallArgumentsDeltaEvent
from openai.types.responses import ResponseFunctionToolCall
from openai.types.responses import ResponseIncompleteEvent
from openai.types.responses import ResponseOutputItemAddedEvent
from openai.types.responses import ResponseOutputItemDoneEvent
from openai.types.responses import ResponseOutputMessage
from openai.types.responses import ResponseReasoningItem
from openai.types.responses import ResponseTextDeltaEvent

from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall

from .responses_helpers import RESPONSES_KEY
from .responses_helpers import server

__all__ = ["server"]


def client_for(loopback: ResponsesLoopback, key: str = RESPONSES_KEY) -> AsyncOpenAI:
    return AsyncOpenAI(api_key=key, base_url=loopback.base_url, max_retries=0)


async def test_json_response_parses_into_openai_types(server: ResponsesLoopback) -> None:
    server.enqueue(
        ResponsesReply(
            text="Hello there",
            reasoning="think first",
            tool_calls=[ToolCall("lookup", {"q": "x"}, id="call_1")],
        )
    )
    response = await client_for(server).responses.create(model="gpt-4.1", input="hi")
    assert isinstance(response, Response)
    kinds = [type(item) for item in response.output]
    assert kinds == [ResponseReasoningItem, ResponseOutputMessage, ResponseFunctionToolCall]
    assert response.output_text == "Hello there"
    call = response.output[2]
    assert isinstance(call, ResponseFunctionToolCall)
    assert (call.call_id, call.name, call.arguments) == ("call_1", "lookup", '{"q":"x"}')
    assert call.id is not None and call.id.startswith("fc_")
    assert response.usage is not None and response.usage.total_tokens > 0
    assert response.status == "completed"
    # Stored, as on the real API, so it can be retrieved and continued from.
    fetched = await client_for(server).responses.retrieve(response.id)
    assert fetched.output_text == "Hello there"


async def test_default_reply_echoes_the_user(server: ResponsesLoopback) -> None:
    response = await client_for(server).responses.create(
        model="gpt-4.1-mini", input=[{"role": "user", "content": "ping  me"}]
    )
    assert response.output_text == "[openai:gpt-4.1-mini] You said: ping me"


async def test_sse_stream_parses_into_typed_events(server: ResponsesLoopback) -> None:
    server.enqueue(ResponsesReply(text="abcdefgh", tool_calls=[ToolCall("f", '{"a":12345}')]))
    stream = await client_for(server).responses.create(model="gpt-4.1", input="hi", stream=True)
    events = [event async for event in stream]
    types = [event.type for event in events]
    assert types[:2] == ["response.created", "response.in_progress"]
    assert types[-1] == "response.completed"
    assert [e.sequence_number for e in events] == list(range(len(events)))
    deltas = [e.delta for e in events if isinstance(e, ResponseTextDeltaEvent)]
    assert deltas == ["abcd", "efgh"]
    arg_deltas = [e.delta for e in events if isinstance(e, ResponseFunctionCallArgumentsDeltaEvent)]
    assert "".join(arg_deltas) == '{"a":12345}'
    added = [e for e in events if isinstance(e, ResponseOutputItemAddedEvent)]
    done = [e for e in events if isinstance(e, ResponseOutputItemDoneEvent)]
    assert [e.output_index for e in added] == [e.output_index for e in done] == [0, 1]
    completed = events[-1]
    assert isinstance(completed, ResponseCompletedEvent)
    assert completed.response.output_text == "abcdefgh"


async def test_stream_error_event_failed_and_incomplete(server: ResponsesLoopback) -> None:
    client = client_for(server)
    server.enqueue(ResponsesReply(text="partial", stream_error={"code": "server_error"}))
    events = [e async for e in await client.responses.create(model="m", input="x", stream=True)]
    assert isinstance(events[-1], ResponseErrorEvent)
    assert events[-1].code == "server_error"
    assert not any(isinstance(e, ResponseCompletedEvent) for e in events)

    server.enqueue(ResponsesReply(failed={"code": "rate_limit_exceeded", "message": "slow"}))
    events = [e async for e in await client.responses.create(model="m", input="x", stream=True)]
    assert isinstance(events[-1], ResponseFailedEvent)
    assert events[-1].response.error is not None
    assert events[-1].response.error.code == "rate_limit_exceeded"

    server.enqueue(ResponsesReply(text="cut", incomplete="max_output_tokens"))
    events = [e async for e in await client.responses.create(model="m", input="x", stream=True)]
    assert isinstance(events[-1], ResponseIncompleteEvent)
    assert events[-1].response.incomplete_details is not None
    assert events[-1].response.incomplete_details.reason == "max_output_tokens"


async def test_http_errors(server: ResponsesLoopback) -> None:
    with pytest.raises(openai.AuthenticationError):
        await client_for(server, key="wrong").responses.create(model="m", input="x")
    server.enqueue(ResponsesReply(status=429, headers={"Retry-After": "1"}))
    with pytest.raises(openai.RateLimitError):
        await client_for(server).responses.create(model="m", input="x")
    with (
        ResponsesLoopback(models=["gpt-4.1"]) as only,
        pytest.raises(openai.NotFoundError, match="does not exist"),
    ):
        await client_for(only).responses.create(model="gpt-9", input="x")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"extra_body": {"messages": []}}, "Unknown parameter: 'messages'"),
        (
            {"input": [{"role": "user", "content": "x", "provider_data": {}}]},
            "Unknown parameter: 'input[0].provider_data'",
        ),
        (
            {"input": [{"type": "message", "role": "user", "content": "x", "id": "__fake_id__"}]},
            "Expected an ID that begins with 'msg'",
        ),
        (
            {"input": [{"type": "function_call_output", "call_id": "call_9", "output": "1"}]},
            "No tool call found for function call output with call_id call_9",
        ),
        ({"previous_response_id": "resp_unknown"}, "Previous response with id"),
        (
            {
                "input": [
                    {"role": "user", "content": [{"type": "input_image", "image_url": "c:/x"}]}
                ]
            },
            "image_url",
        ),
        ({"tools": [{"type": "function", "name": "f"}]}, "tools[0].parameters"),
        ({"tools": [{"type": "web_browser"}]}, "Supported values are"),
        (
            {
                "input": [
                    {"type": "mcp_approval_response", "approval_request_id": "x", "approve": True}
                ]
            },
            "No approval request found with id x",
        ),
    ],
)
async def test_requests_the_real_api_rejects_are_400(
    server: ResponsesLoopback, extra: dict[str, object], message: str
) -> None:
    body: dict[str, object] = {"model": "gpt-4.1", "input": "hi", **extra}
    with pytest.raises(openai.BadRequestError) as info:
        await client_for(server).responses.create(**body)  # type: ignore[call-overload]
    assert message in str(info.value)
    assert server.stored == {}, "a rejected request must not be answered"


async def test_previous_response_chain_answers_tool_outputs(server: ResponsesLoopback) -> None:
    client = client_for(server)
    server.enqueue(ResponsesReply(tool_calls=[ToolCall("f", "{}", id="call_7")]))
    first = await client.responses.create(model="m", input="go")
    second = await client.responses.create(
        model="m",
        previous_response_id=first.id,
        input=[{"type": "function_call_output", "call_id": "call_7", "output": "done"}],
    )
    assert second.previous_response_id == first.id
    assert server.stored[second.id]["previous"] == first.id
