"""The loopback Anthropic Messages API itself: its wire shapes and the rules it enforces.

Driven with plain HTTP (urllib), so a fault here cannot hide behind litellm's parsing.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from agents.testing.anthropic_server import AnthropicLoopback
from agents.testing.anthropic_server import AnthropicReply
from agents.testing.anthropic_server import RedactedThinking
from agents.testing.anthropic_server import Thinking
from agents.testing.anthropic_server import ToolUse

KEY = "sk-ant-loopback-0123456789"
HEADERS = {"x-api-key": KEY, "anthropic-version": "2023-06-01"}
USER = [{"role": "user", "content": "Weather in Paris?"}]


@pytest.fixture
def server() -> Iterator[AnthropicLoopback]:
    with AnthropicLoopback(api_key=KEY) as running:
        yield running


def post(
    server: AnthropicLoopback, body: Any, headers: dict[str, str] | None = None
) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(
        f"{server.base_url}/v1/messages",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json", **(HEADERS if headers is None else headers)},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read(), dict(err.headers)


def body(**extra: Any) -> dict[str, Any]:
    return {"model": "claude-test", "max_tokens": 100, "messages": USER, **extra}


def sse(raw: bytes) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for frame in raw.decode().strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in frame.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def every_block(
    thought: str, signature: str, text: str, tool_id: str, **extra: Any
) -> AnthropicReply:
    """A reply with a block of each kind: a signed thought, text, a get_weather call."""
    tool_use = ToolUse("get_weather", {"city": "Paris"}, id=tool_id)
    thinking = [Thinking(thought, signature=signature)]
    return AnthropicReply(thinking=thinking, text=text, tool_uses=[tool_use], **extra)


def test_json_message_has_anthropic_shape(server: AnthropicLoopback) -> None:
    server.enqueue(every_block("checking", "sig-1", "Let me look.", "toolu_a"))
    status, raw, headers = post(server, body())
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    message = json.loads(raw)
    assert message["type"] == "message"
    assert message["role"] == "assistant"
    assert message["model"] == "claude-test"
    assert message["stop_reason"] == "tool_use"
    assert message["content"] == [
        {"type": "thinking", "thinking": "checking", "signature": "sig-1"},
        {"type": "text", "text": "Let me look."},
        {"type": "tool_use", "id": "toolu_a", "name": "get_weather", "input": {"city": "Paris"}},
    ]
    assert set(message["usage"]) == {
        "input_tokens",
        "output_tokens",
        "cache_creation_input_tokens",
        "cache_read_input_tokens",
    }
    assert server.message_requests == [body()]


def test_default_reply_echoes_the_user(server: AnthropicLoopback) -> None:
    status, raw, _ = post(server, body())
    assert status == 200
    text = json.loads(raw)["content"][0]["text"]
    assert text == "[anthropic:claude-test] You said: Weather in Paris?"


def test_sse_stream_event_sequence(server: AnthropicLoopback) -> None:
    usage = {"input_tokens": 7, "output_tokens": 9}
    server.enqueue(every_block("hmm", "sig-2", "Sunny", "toolu_b", usage=usage))
    status, raw, headers = post(server, body(stream=True))
    assert status == 200
    assert headers["Content-Type"].startswith("text/event-stream")
    events = sse(raw)
    names = [name for name, _ in events]
    assert names[0] == "message_start"
    assert names[-2:] == ["message_delta", "message_stop"]
    assert "ping" in names
    assert all(data["type"] == name for name, data in events)
    deltas = [data["delta"] for name, data in events if name == "content_block_delta"]
    kinds = {d["type"] for d in deltas}
    assert kinds == {"thinking_delta", "signature_delta", "text_delta", "input_json_delta"}
    assert "".join(d.get("text", "") for d in deltas) == "Sunny"
    arguments = "".join(d.get("partial_json", "") for d in deltas)
    assert json.loads(arguments) == {"city": "Paris"}
    starts = [
        data["content_block"]["type"] for name, data in events if name == "content_block_start"
    ]
    assert starts == ["thinking", "text", "tool_use"]
    assert names.count("content_block_stop") == 3
    start_usage = events[0][1]["message"]["usage"]
    assert start_usage["input_tokens"] == 7
    assert events[-2][1]["usage"] == {"output_tokens": 9}
    assert events[-2][1]["delta"]["stop_reason"] == "tool_use"


def test_stream_error_event_replaces_the_ending(server: AnthropicLoopback) -> None:
    overloaded = {"type": "overloaded_error", "message": "Overloaded"}
    server.enqueue(AnthropicReply(text="partial", stream_error=overloaded))
    status, raw, _ = post(server, body(stream=True))
    assert status == 200
    events = sse(raw)
    assert events[-1] == ("error", {"type": "error", "error": overloaded})
    assert "message_stop" not in [name for name, _ in events]


@pytest.mark.parametrize(
    ("headers", "status", "kind"),
    [
        ({"x-api-key": "wrong", "anthropic-version": "2023-06-01"}, 401, "authentication_error"),
        ({"anthropic-version": "2023-06-01"}, 401, "authentication_error"),
        ({"x-api-key": KEY}, 400, "invalid_request_error"),
    ],
)
def test_auth_and_version_headers_are_required(
    server: AnthropicLoopback, headers: dict[str, str], status: int, kind: str
) -> None:
    server.enqueue(AnthropicReply(text="never sent"))
    got, raw, _ = post(server, body(), headers)
    assert got == status
    envelope = json.loads(raw)
    assert envelope["type"] == "error"
    assert envelope["error"]["type"] == kind
    # A rejected request does not consume the script.
    assert json.loads(post(server, body())[1])["content"][0]["text"] == "never sent"


def test_max_tokens_and_model_are_required(server: AnthropicLoopback) -> None:
    no_max = {"model": "claude-test", "messages": USER}
    assert post(server, no_max)[0] == 400
    assert post(server, {"max_tokens": 5, "messages": USER})[0] == 400


def test_unknown_model_is_404() -> None:
    with AnthropicLoopback(models=["claude-known"]) as server:
        status, raw, _ = post(server, body(), {"anthropic-version": "2023-06-01"})
    assert status == 404
    assert json.loads(raw)["error"]["type"] == "not_found_error"


def test_tool_result_must_answer_a_tool_use(server: AnthropicLoopback) -> None:
    messages = [
        *USER,
        {"role": "assistant", "content": [{"type": "text", "text": "hi"}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_x"}]},
    ]
    status, raw, _ = post(server, body(messages=messages))
    assert status == 400
    assert "tool_use_id" in json.loads(raw)["error"]["message"]


def _tool_turn(server: AnthropicLoopback, thinking_first: bool) -> tuple[int, dict[str, Any]]:
    server.enqueue(
        AnthropicReply(
            thinking=[Thinking("plan")], tool_uses=[ToolUse("f", {"x": 1}, id="toolu_1")]
        )
    )
    first = json.loads(post(server, body(thinking={"type": "enabled", "budget_tokens": 1024}))[1])
    blocks = first["content"] if thinking_first else first["content"][1:]
    messages = [
        *USER,
        {"role": "assistant", "content": blocks},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1"}]},
    ]
    status, raw, _ = post(
        server, body(messages=messages, thinking={"type": "enabled", "budget_tokens": 1024})
    )
    return status, json.loads(raw)


def test_thinking_tool_turn_must_start_with_its_thinking(server: AnthropicLoopback) -> None:
    status, answer = _tool_turn(server, thinking_first=False)
    assert status == 400
    assert "must start with a thinking block" in answer["error"]["message"]
    status, answer = _tool_turn(server, thinking_first=True)
    assert status == 200, answer


def test_thinking_signature_is_checked(server: AnthropicLoopback) -> None:
    forged = [
        *USER,
        {
            "role": "assistant",
            "content": [
                {"type": "thinking", "thinking": "plan", "signature": "forged"},
                {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}},
            ],
        },
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1"}]},
    ]
    status, raw, _ = post(server, body(messages=forged))
    assert status == 400
    assert "signature" in json.loads(raw)["error"]["message"]


def test_redacted_thinking_must_come_back_unchanged(server: AnthropicLoopback) -> None:
    server.enqueue(AnthropicReply(thinking=[RedactedThinking("opaque-1")], text="ok"))
    post(server, body())
    for data, expected in (("opaque-1", 200), ("tampered", 400)):
        messages = [
            *USER,
            {"role": "assistant", "content": [{"type": "redacted_thinking", "data": data}]},
            {"role": "user", "content": "and?"},
        ]
        assert post(server, body(messages=messages))[0] == expected


def test_error_replies_use_anthropic_envelope(server: AnthropicLoopback) -> None:
    server.enqueue(
        AnthropicReply(status=529),
        AnthropicReply(status=429, error={"type": "rate_limit_error", "message": "slow"}),
    )
    status, raw, _ = post(server, body())
    assert (status, json.loads(raw)["error"]["type"]) == (529, "overloaded_error")
    status, raw, _ = post(server, body())
    assert (status, json.loads(raw)["error"]) == (
        429,
        {"type": "rate_limit_error", "message": "slow"},
    )


def test_unknown_path_is_404(server: AnthropicLoopback) -> None:
    request = urllib.request.Request(f"{server.base_url}/v1/complete", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=5)
    assert info.value.code == 404
