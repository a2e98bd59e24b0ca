"""Real MCP servers (stdio, SSE, streamable HTTP) and three loopback providers.

The SSE and streamable-HTTP servers are subprocesses started once per test session on free
loopback ports; a stdio server is a subprocess each `MCPServerStdio` starts itself. The
providers are the scripted loopback servers of `agents.testing`, reached through the real
`openai` client (Chat Completions, Responses) and real `litellm` (Anthropic Messages).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openai import AsyncOpenAI

pytest.importorskip("mcp")

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import OpenAIResponsesModel
from agents.mcp import MCPServerSse
from agents.mcp import MCPServerStdio
from agents.mcp import MCPServerStreamableHttp
from agents.models.interface import Model
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall
from tests.helpers.runs import run_to_end

SERVER_SCRIPT = Path(__file__).with_name("mcp_test_server.py")
KEY = "sk-mcp-loopback-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"MCP test server exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"MCP test server did not listen on {port} within {timeout}s")


@dataclass
class HttpServer:
    process: subprocess.Popen[bytes]
    url: str


def start_http_server(transport: str) -> HttpServer:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(SERVER_SCRIPT), transport, str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, process)
    path = "/sse" if transport == "sse" else "/mcp"
    return HttpServer(process, f"http://127.0.0.1:{port}{path}")


def stop(server: HttpServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(5)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def sse_server() -> Iterator[HttpServer]:
    server = start_http_server("sse")
    yield server
    stop(server)


@pytest.fixture(scope="session")
def http_server() -> Iterator[HttpServer]:
    server = start_http_server("http")
    yield server
    stop(server)


def stdio_params() -> Any:
    return {"command": sys.executable, "args": [str(SERVER_SCRIPT), "stdio"]}


def make_server(transport: str, sse: HttpServer | None, http: HttpServer | None, **kw: Any) -> Any:
    """An unconnected MCP server object of the given transport."""
    if transport == "stdio":
        return MCPServerStdio(stdio_params(), **kw)
    if transport == "sse":
        assert sse is not None
        return MCPServerSse({"url": sse.url}, **kw)
    assert http is not None
    return MCPServerStreamableHttp({"url": http.url}, **kw)


def text_of(content: Any) -> str:
    """The text of a tool result as a provider received it: a string, or content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(text_of(part) for part in content)
    if isinstance(content, dict) and "text" in content:
        return str(content["text"])
    return ""


class Route:
    """One provider route, scripted the same way whatever its protocol."""

    name: str

    def __init__(self, server: Any) -> None:
        self.server = server

    def model(self) -> Model:
        raise NotImplementedError

    def call_then_say(self, calls: list[tuple[str, dict[str, Any]]], text: str) -> None:
        raise NotImplementedError

    def say(self, text: str) -> None:
        raise NotImplementedError

    def requests(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def tool_names(self, request: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    def tool_results(self, request: dict[str, Any]) -> list[str]:
        """The text of each tool result a request carries (string or content parts)."""
        raise NotImplementedError

    def images(self, request: dict[str, Any]) -> list[str]:
        """Every image URL / base64 payload anywhere in the request."""
        found: list[str] = []

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                if node.get("type") in ("image_url", "input_image"):
                    url = node.get("image_url")
                    found.append(url["url"] if isinstance(url, dict) else str(url))
                elif node.get("type") == "image" and isinstance(node.get("source"), dict):
                    found.append(str(node["source"].get("data")))
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(request)
        return found


class _OpenAIClientRoute(Route):
    """A route the `openai` client takes: its server is scripted with `reply`."""

    reply: Callable[..., Any]

    def client(self) -> AsyncOpenAI:
        return AsyncOpenAI(api_key=KEY, base_url=self.server.base_url, max_retries=0)

    def call_then_say(self, calls: list[tuple[str, dict[str, Any]]], text: str) -> None:
        tool_calls = [ToolCall(n, a) for n, a in calls]
        self.server.enqueue(self.reply(tool_calls=tool_calls), self.reply(text=text))

    def say(self, text: str) -> None:
        self.server.enqueue(self.reply(text=text))


class ChatRoute(_OpenAIClientRoute):
    name = "chat"
    reply = Reply

    def model(self) -> Model:
        return OpenAIChatCompletionsModel(model="test-model", openai_client=self.client())

    def requests(self) -> list[dict[str, Any]]:
        return self.server.chat_requests

    def tool_names(self, request: dict[str, Any]) -> list[str]:
        return [t["function"]["name"] for t in request.get("tools", [])]

    def tool_results(self, request: dict[str, Any]) -> list[str]:
        return [text_of(m["content"]) for m in request["messages"] if m["role"] == "tool"]


class AnthropicRoute(Route):
    name = "anthropic"

    def model(self) -> Model:
        from agents.extensions.models.litellm_model import LitellmModel

        return LitellmModel(
            model="anthropic/claude-3-7-sonnet-20250219", base_url=self.server.base_url, api_key=KEY
        )

    def call_then_say(self, calls: list[tuple[str, dict[str, Any]]], text: str) -> None:
        from agents.testing.anthropic_server import AnthropicReply
        from agents.testing.anthropic_server import ToolUse

        self.server.enqueue(
            AnthropicReply(tool_uses=[ToolUse(n, a) for n, a in calls]), AnthropicReply(text=text)
        )

    def say(self, text: str) -> None:
        from agents.testing.anthropic_server import AnthropicReply

        self.server.enqueue(AnthropicReply(text=text))

    def requests(self) -> list[dict[str, Any]]:
        return list(self.server.message_requests)

    def tool_names(self, request: dict[str, Any]) -> list[str]:
        return [t["name"] for t in request.get("tools", [])]

    def tool_results(self, request: dict[str, Any]) -> list[str]:
        return [
            text_of(block.get("content"))
            for message in request["messages"]
            if isinstance(message.get("content"), list)
            for block in message["content"]
            if block.get("type") == "tool_result"
        ]


class ResponsesRoute(_OpenAIClientRoute):
    name = "responses"
    reply = ResponsesReply

    def model(self) -> Model:
        return OpenAIResponsesModel(model="gpt-4.1", openai_client=self.client())

    def requests(self) -> list[dict[str, Any]]:
        return [r.body for r in self.server.requests if r.body is not None]

    def tool_names(self, request: dict[str, Any]) -> list[str]:
        return [t["name"] for t in request.get("tools", []) if t.get("type") == "function"]

    def tool_results(self, request: dict[str, Any]) -> list[str]:
        items = request["input"] if isinstance(request["input"], list) else []
        return [text_of(i["output"]) for i in items if i.get("type") == "function_call_output"]


@pytest.fixture(params=["chat", "anthropic", "responses"])
def route(request: pytest.FixtureRequest) -> Iterator[Route]:
    if request.param == "chat":
        with LoopbackProvider("loopback", api_key=KEY) as chat:
            yield ChatRoute(chat)
    elif request.param == "anthropic":
        pytest.importorskip("litellm")
        from agents.testing.anthropic_server import AnthropicLoopback

        with AnthropicLoopback(api_key=KEY) as anthropic:
            yield AnthropicRoute(anthropic)
    else:
        with ResponsesLoopback("openai", api_key=KEY) as responses:
            yield ResponsesRoute(responses)


@pytest.fixture
def chat() -> Iterator[ChatRoute]:
    with LoopbackProvider("loopback", api_key=KEY) as server:
        yield ChatRoute(server)


async def run(agent: Agent[Any], input: str, *, streamed: bool, **kwargs: Any) -> Any:
    """A run either way, so each behaviour is checked on both paths."""
    return await run_to_end(agent, input, streamed=streamed, **kwargs)
