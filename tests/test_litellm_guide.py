"""The guide's LiteLLM section runs as written, against loopback providers.

The blocks are run unchanged; only the environment differs: litellm's own base-URL variables
(ANTHROPIC_API_BASE, COHERE_API_BASE, AWS_BEDROCK_RUNTIME_ENDPOINT) point at loopback
servers, and each server demands the key the block sets, so a block that sent the wrong key
or named the wrong model fails. Blocks that only build an agent are run, then their agent is
run for real where litellm can reach a loopback server for that provider (Anthropic, Cohere,
Bedrock). Vertex AI's needs Google OAuth, so its block is run and its model checked only.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import json
import logging
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from urllib.parse import unquote
from urllib.parse import urlsplit

import pytest

pytest.importorskip("agents.extensions.models.litellm_model")  # loads litellm local-only

import litellm

from agents import Agent
from agents import RunConfig
from agents import Runner
from agents import RunResult
from agents import UserError
from agents import function_tool
from agents.extensions.models.litellm_model import LitellmModel
from agents.items import ReasoningItem
from agents.testing._loopback_http import Incoming
from agents.testing._loopback_http import RecordedRequest
from agents.testing._loopback_http import Response
from agents.testing._loopback_http import Server
from agents.testing.anthropic_server import AnthropicLoopback
from agents.testing.anthropic_server import AnthropicReply

from .guide_blocks import Block
from .guide_blocks import guide_path
from .guide_blocks import python_blocks

GUIDE = guide_path().read_text()
SECTION = GUIDE.split("## LiteLLM Integration (Alternative)", 1)[1].split("## Troubleshooting", 1)[
    0
]
BLOCKS = {block.heading: block for block in python_blocks(SECTION)}
ALL_BLOCKS = {block.heading: block for block in python_blocks(GUIDE)}
CONFIG = RunConfig(tracing_disabled=True)


def test_section_has_the_blocks_tested_here() -> None:
    assert set(BLOCKS) == {
        "Anthropic Claude (via LiteLLM)",
        "AWS Bedrock (via LiteLLM)",
        "Google Vertex AI (via LiteLLM)",
        "Cohere (via LiteLLM)",
        "Usage Tracking with LiteLLM",
    }
    assert "litellm.set_verbose = True" in ALL_BLOCKS["Debugging"].code


async def run_block(block: Block) -> dict[str, Any]:
    """Run a block as a notebook would: top-level await allowed; sync blocks off the loop."""
    namespace: dict[str, Any] = {"__name__": "__guide__"}
    compiled = compile(block.code, "<guide>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    if compiled.co_flags & inspect.CO_COROUTINE:
        await eval(compiled, namespace)
    else:
        await asyncio.to_thread(exec, compiled, namespace)
    return namespace


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Undo, after each test, the os.environ writes the blocks make."""
    for name in (
        "ANTHROPIC_API_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_REGION_NAME",
        "GOOGLE_APPLICATION_CREDENTIALS",
        "VERTEXAI_PROJECT",
        "VERTEXAI_LOCATION",
        "COHERE_API_KEY",
    ):
        monkeypatch.setenv(name, "set-by-test-before-the-block")
    for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "CO_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# --- Anthropic ------------------------------------------------------------------------------


async def test_anthropic_block(env: pytest.MonkeyPatch) -> None:
    with AnthropicLoopback(api_key="your-anthropic-key") as server:
        env.setenv("ANTHROPIC_API_BASE", server.base_url)
        server.enqueue(AnthropicReply(text="Hello! I'm Claude."))
        ns = await run_block(BLOCKS["Anthropic Claude (via LiteLLM)"])
    result = ns["result"]
    assert isinstance(result, RunResult)
    assert result.final_output == "Hello! I'm Claude."
    request = server.message_requests[-1]
    assert request["model"] == "claude-3-5-sonnet-20240620"
    assert request["system"][0]["text"] == "You are Claude, a helpful AI assistant."
    assert request["messages"][-1]["content"][0]["text"] == "Hello!"


async def test_usage_tracking_block(env: pytest.MonkeyPatch) -> None:
    key = "sk-ant-usage-0123456789"
    env.setenv("ANTHROPIC_API_KEY", key)
    usage = {"input_tokens": 12, "cache_read_input_tokens": 30, "output_tokens": 5}
    with AnthropicLoopback(api_key=key) as server:
        env.setenv("ANTHROPIC_API_BASE", server.base_url)
        server.enqueue(AnthropicReply(text="Hi there.", usage=usage))
        ns = await run_block(BLOCKS["Usage Tracking with LiteLLM"])
    total = ns["result"].context_wrapper.usage
    assert (total.requests, total.input_tokens, total.output_tokens) == (1, 42, 5)
    assert total.total_tokens == 47
    assert total.input_tokens_details.cached_tokens == 30


async def test_usage_tracking_block_streamed(env: pytest.MonkeyPatch) -> None:
    """The block's agent, streamed: usage arrives without being asked for."""
    key = "sk-ant-usage-0123456789"
    env.setenv("ANTHROPIC_API_KEY", key)
    with AnthropicLoopback(api_key=key) as server:
        env.setenv("ANTHROPIC_API_BASE", server.base_url)
        server.enqueue(AnthropicReply(text="Hi.", usage={"input_tokens": 8, "output_tokens": 2}))
        code = BLOCKS["Usage Tracking with LiteLLM"].code
        ns: dict[str, Any] = {}
        exec(code.split("run_config =", 1)[0], ns)
        result = Runner.run_streamed(ns["agent"], "Hello!", run_config=CONFIG)
        async for _ in result.stream_events():
            pass
    usage = result.context_wrapper.usage
    assert (usage.input_tokens, usage.output_tokens) == (8, 2)


async def test_debugging_block_turns_on_litellm_output(
    env: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        await run_block(ALL_BLOCKS["Debugging"])
        assert litellm.set_verbose is True
        with AnthropicLoopback(api_key="sk-ant-debug-0123456789") as server:
            model = LitellmModel(
                "anthropic/claude-3-5-sonnet-20240620",
                base_url=server.base_url,
                api_key="sk-ant-debug-0123456789",
            )
            capfd.readouterr()
            await Runner.run(Agent(name="a", model=model), "Hi", run_config=CONFIG)
            verbose_out, verbose_err = capfd.readouterr()
            litellm.set_verbose = False
            await Runner.run(Agent(name="a", model=model), "Hi", run_config=CONFIG)
            quiet_out, _ = capfd.readouterr()
    finally:
        litellm.set_verbose = False
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    assert verbose_out.strip(), "litellm.set_verbose = True printed nothing"
    assert "sk-ant-debug-0123456789" not in verbose_out + verbose_err
    assert quiet_out == ""


# --- Cohere ---------------------------------------------------------------------------------


@dataclass
class JsonEndpoint:
    """A loopback endpoint answering every POST with the next scripted JSON body."""

    replies: list[dict[str, Any]]
    requests: list[RecordedRequest] = field(default_factory=list)
    server: Server | None = None

    def _respond(self, request: Incoming) -> Response:
        body = json.loads(request.raw or b"{}")
        self.requests.append(
            RecordedRequest(request.method, request.raw_path, request.headers, body)
        )
        answer = json.dumps(self.replies.pop(0)).encode()
        return Response(200, {"Content-Type": "application/json"}, answer)

    def __enter__(self) -> JsonEndpoint:
        self.server = Server(("127.0.0.1", 0), self)
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()
        self.server.close_connections()

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"


def cohere_reply(
    text: str | None = None, tool_calls: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A Cohere v2 /chat response (docs.cohere.com, checked 2026-11)."""
    message: dict[str, Any] = {"role": "assistant"}
    if text is not None:
        message["content"] = [{"type": "text", "text": text}]
    if tool_calls:
        message["tool_calls"] = tool_calls
        message["tool_plan"] = "I will call the tool."
    return {
        "id": "c-1",
        "finish_reason": "TOOL_CALL" if tool_calls else "COMPLETE",
        "message": message,
        "usage": {
            "billed_units": {"input_tokens": 11, "output_tokens": 4},
            "tokens": {"input_tokens": 11, "output_tokens": 4},
        },
    }


@function_tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    return f"Sunny in {city}"


async def test_cohere_block(env: pytest.MonkeyPatch) -> None:
    call = {
        "id": "call-1",
        "type": "function",
        "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
    }
    with JsonEndpoint([cohere_reply(tool_calls=[call]), cohere_reply("Sunny in Paris.")]) as cohere:
        env.setenv("COHERE_API_BASE", f"{cohere.base_url}/v2/chat")
        ns = await run_block(BLOCKS["Cohere (via LiteLLM)"])
        agent = ns["cohere_agent"].clone(tools=[get_weather])
        result = await Runner.run(agent, "Weather in Paris?", run_config=CONFIG)
    assert result.final_output == "Sunny in Paris."
    first, second = cohere.requests
    assert first.path == "/v2/chat"
    assert first.headers["authorization"] == "Bearer your-cohere-key"
    assert first.body is not None and first.body["model"] == "command-r-plus"
    assert first.body["messages"][0] == {
        "role": "system",
        "content": "You are a helpful assistant.",
    }
    assert first.body["tools"][0]["function"]["name"] == "get_weather"
    assert second.body is not None
    tool_message = second.body["messages"][-1]
    assert tool_message["role"] == "tool"
    assert tool_message["tool_call_id"] == "call-1"
    assert result.context_wrapper.usage.input_tokens == 22


# --- Bedrock --------------------------------------------------------------------------------


def converse_reply(content: list[dict[str, Any]], stop: str = "end_turn") -> dict[str, Any]:
    """A Bedrock Converse response (docs.aws.amazon.com, checked 2026-11)."""
    return {
        "output": {"message": {"role": "assistant", "content": content}},
        "stopReason": stop,
        "usage": {"inputTokens": 20, "outputTokens": 6, "totalTokens": 26},
        "metrics": {"latencyMs": 5},
    }


async def test_bedrock_block(env: pytest.MonkeyPatch) -> None:
    with JsonEndpoint([converse_reply([{"text": "Hello from Bedrock."}])]) as bedrock:
        env.setenv("AWS_BEDROCK_RUNTIME_ENDPOINT", bedrock.base_url)
        ns = await run_block(BLOCKS["AWS Bedrock (via LiteLLM)"])
        result = await Runner.run(ns["bedrock_agent"], "Hello!", run_config=CONFIG)
    assert result.final_output == "Hello from Bedrock."
    request = bedrock.requests[-1]
    assert unquote(urlsplit(request.path).path) == (
        "/model/anthropic.claude-3-sonnet-20240229-v1:0/converse"
    )
    # Signed (SigV4) with the block's credentials and region.
    authorization = request.headers["authorization"]
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=your-access-key/")
    assert "/us-east-1/bedrock/aws4_request" in authorization
    assert "your-secret-key" not in json.dumps(request.headers)
    assert request.body is not None
    assert request.body["system"] == [{"text": "You are a helpful assistant."}]
    usage = result.context_wrapper.usage
    assert (usage.input_tokens, usage.output_tokens) == (20, 6)


async def test_claude_thinking_on_bedrock_returns_to_bedrock(env: pytest.MonkeyPatch) -> None:
    """Claude's signed thinking on Bedrock goes back on the tool turn, in Converse's shape."""
    thinking = {
        "reasoningContent": {"reasoningText": {"text": "Use the tool.", "signature": "sig-bedrock"}}
    }
    tool_use = {
        "toolUse": {"toolUseId": "tool-1", "name": "get_weather", "input": {"city": "Oslo"}}
    }
    replies = [
        converse_reply([thinking, tool_use], stop="tool_use"),
        converse_reply([{"text": "Sunny in Oslo."}]),
    ]
    with JsonEndpoint(replies) as bedrock:
        env.setenv("AWS_BEDROCK_RUNTIME_ENDPOINT", bedrock.base_url)
        ns = await run_block(BLOCKS["AWS Bedrock (via LiteLLM)"])
        agent = ns["bedrock_agent"].clone(tools=[get_weather])
        result = await Runner.run(agent, "Weather in Oslo?", run_config=CONFIG)
    assert result.final_output == "Sunny in Oslo."
    reasoning = next(i for i in result.new_items if isinstance(i, ReasoningItem))
    assert (
        reasoning.raw_item.model_dump()["provider_data"]["thinking_blocks"][0]["signature"]
        == "sig-bedrock"
    )
    second = bedrock.requests[1].body
    assert second is not None
    assistant = second["messages"][1]
    assert assistant["role"] == "assistant"
    assert assistant["content"][0] == thinking
    assert any("toolUse" in block for block in assistant["content"])


async def test_bedrock_without_boto3_names_the_install(env: pytest.MonkeyPatch) -> None:
    with JsonEndpoint([converse_reply([{"text": "unreachable"}])]) as bedrock:
        env.setenv("AWS_BEDROCK_RUNTIME_ENDPOINT", bedrock.base_url)
        ns = await run_block(BLOCKS["AWS Bedrock (via LiteLLM)"])
        env.setitem(sys.modules, "botocore", None)  # as if boto3 (and botocore) were not installed
        with pytest.raises(UserError, match="pip install boto3"):
            await Runner.run(ns["bedrock_agent"], "Hello!", run_config=CONFIG)
    assert bedrock.requests == []


# --- Vertex AI ------------------------------------------------------------------------------


async def test_vertex_block_builds_the_agent(env: pytest.MonkeyPatch) -> None:
    ns = await run_block(BLOCKS["Google Vertex AI (via LiteLLM)"])
    agent = ns["vertex_agent"]
    assert isinstance(agent, Agent)
    assert agent.instructions == "You are a helpful assistant."
    model = agent.model
    assert isinstance(model, LitellmModel)
    assert model.model == "vertex_ai/gemini-1.5-pro"
    assert model.provider == "vertex_ai"


@pytest.fixture(autouse=True)
def _reset_litellm_verbose() -> Iterator[None]:
    yield
    litellm.set_verbose = False
