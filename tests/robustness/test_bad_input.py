"""Items 12 and 15: bad input is a typed error naming the argument, at construction where it
can be, never a foreign exception from deep inside a run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from agents import Agent
from agents import ModelSettings
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import RunContextWrapper
from agents import Runner
from agents import UserError
from agents import function_tool
from agents.cli.main import main as cli
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall

from ..conftest import make_model

CONFIG = RunConfig(tracing_disabled=True)


@pytest.fixture
def server() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("bad-input") as running:
        yield running


async def test_mistyped_provider_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    agent = Agent(name="a", model="grok/llama-3.1-8b-instant")
    with pytest.raises(UserError, match=r"unknown provider 'grok'.*known providers: .*groq"):
        await Runner.run(agent, "hi", run_config=CONFIG)


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"tools": ["not a tool"]}, "tools"),
        ({"handoffs": [42]}, "handoffs"),
        ({"output_type": "not a type"}, "output_type"),
    ],
)
def test_agent_parts_of_the_wrong_kind(kwargs: dict[str, Any], named: str) -> None:
    with pytest.raises(UserError, match=named):
        Agent(name="a", **kwargs)


def test_openai_client_given_as_a_string() -> None:
    with pytest.raises(UserError, match="openai_client must be an AsyncOpenAI client"):
        OpenAIChatCompletionsModel(model="m", openai_client="sk-not-a-client")  # type: ignore[arg-type]


async def test_tool_result_whose_str_raises(server: LoopbackProvider) -> None:
    class Opaque:
        def __str__(self) -> str:
            raise RuntimeError("no text for you")

    @function_tool
    def opaque() -> Any:
        """Return something odd."""
        return Opaque()

    server.enqueue(Reply(tool_calls=[ToolCall("opaque", {})]), Reply(text="done"))
    agent = Agent(name="a", model=make_model(server), tools=[opaque])
    with pytest.raises(UserError, match="cannot be turned into text"):
        await Runner.run(agent, "go", run_config=CONFIG)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"temperature": "hot"},
        {"temperature": float("nan")},
        {"top_p": 1.5},
        {"max_tokens": 0},
        {"presence_penalty": True},
    ],
)
def test_model_settings_validated_at_construction(kwargs: dict[str, Any]) -> None:
    name = next(iter(kwargs))
    with pytest.raises(UserError, match=f"ModelSettings.{name}"):
        ModelSettings(**kwargs)


def test_valid_model_settings_pass() -> None:
    assert ModelSettings(temperature=0, top_p=1, max_tokens=1, presence_penalty=-1.5).top_p == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["doctor", "--timeout", "-1", "--model", "groq/llama-3.1-8b-instant"],
        ["doctor", "--timeout", "nan", "--model", "groq/llama-3.1-8b-instant"],
        ["run", "--temperature", "nan", "--model", "groq/x", "hi"],
    ],
)
def test_cli_rejects_bad_numbers(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli(argv)
    assert exited.value.code == 2  # argparse's usage error
    assert "must be a number" in capsys.readouterr().err


def test_instructions_of_the_wrong_kind_fail_at_construction() -> None:
    with pytest.raises(TypeError, match="instructions must be a string, callable, or None"):
        Agent(name="a", instructions=42)  # type: ignore[arg-type]


async def test_instructions_callable_with_the_wrong_signature(server: LoopbackProvider) -> None:
    def one_argument(context: RunContextWrapper[Any]) -> str:
        return "never"

    agent = Agent(name="a", model=make_model(server), instructions=one_argument)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must accept exactly 2 arguments"):
        await Runner.run(agent, "hi", run_config=CONFIG)
    assert server.chat_requests == []
