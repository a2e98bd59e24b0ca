"""Run control in the reference's shape: ModelRetrySettings mapped onto freeagents' retries,
AgentRunner / set_default_agent_runner, the REPL on a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from typing import Any

import pytest

from agents import Agent
from agents import ModelRetrySettings
from agents import ModelSettings
from agents import ProviderServerError
from agents import RunConfig
from agents import Runner
from agents import retry_policies
from agents.run import AgentRunner
from agents.run import get_default_agent_runner
from agents.run import set_default_agent_runner
from agents.testing import LoopbackProvider
from agents.testing import Reply
from tests.compat.conftest import KEY
from tests.compat.conftest import chat_route
from tests.helpers.runs import run_to_end

CONFIG = RunConfig(tracing_disabled=True)


def retrying(policy: Any, max_retries: int = 2) -> ModelSettings:
    return ModelSettings(
        retry=ModelRetrySettings(
            max_retries=max_retries, policy=policy, backoff={"initial_delay": 0, "jitter": False}
        )
    )


async def test_retry_settings_change_what_is_retried(
    chat_server: LoopbackProvider, streamed: bool
) -> None:
    route = chat_route(chat_server)
    before = len(chat_server.chat_requests)
    chat_server.enqueue(Reply(status=500), Reply(text="second try"))
    agent = Agent(
        name="a", model=route.model, model_settings=retrying(retry_policies.http_status([500]))
    )
    result = await run_to_end(agent, "hi", streamed=streamed, run_config=CONFIG)
    assert result.final_output == "second try"
    assert len(chat_server.chat_requests) - before == 2

    # A policy that retries only 429s leaves a 500 alone: one request, then the error.
    chat_server.enqueue(Reply(status=500))
    agent = agent.clone(model_settings=retrying(retry_policies.http_status([429])))
    before = len(chat_server.chat_requests)
    with pytest.raises(ProviderServerError):
        await Runner.run(agent, "hi", run_config=CONFIG)
    assert len(chat_server.chat_requests) - before == 1


async def test_max_retries_zero_turns_retries_off(chat_server: LoopbackProvider) -> None:
    route = chat_route(chat_server)  # its client allows 2 retries of its own
    chat_server.enqueue(Reply(status=503), Reply(text="not reached"))
    agent = Agent(
        name="a",
        model=route.model,
        model_settings=ModelSettings(retry=ModelRetrySettings(max_retries=0)),
    )
    before = len(chat_server.chat_requests)
    with pytest.raises(ProviderServerError):
        await Runner.run(agent, "hi", run_config=CONFIG)
    assert len(chat_server.chat_requests) - before == 1
    await Runner.run(agent, "drain", run_config=CONFIG)


async def test_policies_combine_and_see_normalised_errors() -> None:
    from agents.exceptions import ProviderRateLimitError
    from agents.models.reliability.retry import normalize_error
    from agents.models.reliability.retry import settings_policy
    from agents.retry import RetryPolicyContext

    error = ProviderRateLimitError("slow down", status_code=429)
    context = RetryPolicyContext(
        error=error, attempt=1, max_retries=3, stream=False, normalized=normalize_error(error)
    )
    both = retry_policies.all(retry_policies.http_status([429]), retry_policies.network_error())
    either = retry_policies.any(retry_policies.network_error(), retry_policies.http_status([429]))
    assert (await both(context)).retry is False
    assert (await either(context)).retry is True
    assert settings_policy(ModelRetrySettings(max_retries=3)) is None  # the client's count


async def test_a_custom_agent_runner_wraps_every_run(chat_server: LoopbackProvider) -> None:
    seen: list[str] = []

    class Recording(AgentRunner):
        async def run(self, starting_agent: Any, input: Any, **kwargs: Any) -> Any:
            seen.append(starting_agent.name)
            return await super().run(starting_agent, input, **kwargs)

    set_default_agent_runner(Recording())
    try:
        assert isinstance(get_default_agent_runner(), Recording)
        agent = Agent(name="wrapped", model=chat_route(chat_server).model)
        result = await Runner.run(agent, "hi", run_config=CONFIG)
        assert "You said: hi" in result.final_output
    finally:
        set_default_agent_runner(None)
    assert seen == ["wrapped"]
    assert type(get_default_agent_runner()) is AgentRunner


def test_run_demo_loop_on_a_pseudo_terminal(chat_server: LoopbackProvider) -> None:
    chat_server.enqueue(Reply(text="Hi from the loop"), Reply(text="Second answer"))
    program = (
        "import asyncio, os\n"
        "from openai import AsyncOpenAI\n"
        "from agents import Agent, OpenAIChatCompletionsModel, run_demo_loop\n"
        "client = AsyncOpenAI(api_key=os.environ['KEY'], base_url=os.environ['URL'])\n"
        "model = OpenAIChatCompletionsModel(model='m', openai_client=client)\n"
        "asyncio.run(run_demo_loop(Agent(name='a', model=model)))\n"
    )
    controller, terminal = pty.openpty()
    env = {**os.environ, "KEY": KEY, "URL": chat_server.base_url}
    env["OPENAI_AGENTS_DISABLE_TRACING"] = "1"
    process = subprocess.Popen(
        [sys.executable, "-c", program], stdin=terminal, stdout=terminal, stderr=terminal, env=env
    )
    os.close(terminal)
    os.write(controller, b"hello\nagain\nquit\n")
    output = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=30) == 0
    text = output.decode(errors="replace")
    assert "Hi from the loop" in text and "Second answer" in text
    assert chat_server.chat_requests[-1]["messages"][-1] == {"role": "user", "content": "again"}
    assert len(chat_server.chat_requests[-1]["messages"]) == 3  # the history carried over


def _refusal_body() -> bytes:
    import json

    return json.dumps(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": None, "refusal": "I can't help."},
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
    ).encode()


async def test_refusals_and_invalid_outputs_go_to_their_handlers(
    chat_server: LoopbackProvider,
) -> None:
    from pydantic import BaseModel

    from agents import ModelBehaviorError
    from agents import ModelRefusalError

    class City(BaseModel):
        name: str

    route = chat_route(chat_server)
    agent = Agent(name="a", model=route.model)
    chat_server.enqueue(Reply(raw_body=_refusal_body()))
    with pytest.raises(ModelRefusalError, match=r"I can't help\."):
        await Runner.run(agent, "hi", run_config=CONFIG)
    chat_server.enqueue(Reply(raw_body=_refusal_body()))
    result = await Runner.run(
        agent,
        "hi",
        run_config=CONFIG,
        error_handlers={"model_refusal": lambda data: f"refused: {data.error.refusal}"},
    )
    assert result.final_output == "refused: I can't help."

    typed = agent.clone(output_type=City)
    chat_server.enqueue(Reply(text="not json at all"), Reply(text="still not json"))
    result = await Runner.run(
        typed,
        "hi",
        run_config=CONFIG,
        error_handlers={"invalid_final_output": lambda data: City(name="fallback")},
    )
    assert result.final_output == City(name="fallback")
    chat_server.enqueue(Reply(text="not json at all"), Reply(text="still not json"))
    with pytest.raises(ModelBehaviorError):
        await Runner.run(typed, "hi", run_config=CONFIG)


async def test_agent_hooks_get_an_agent_hook_context(chat_server: LoopbackProvider) -> None:
    from agents import AgentHookContext
    from agents import RunHooks

    seen: list[Any] = []

    class Hooks(RunHooks[Any]):
        async def on_agent_start(self, context: AgentHookContext[Any], agent: Any) -> None:
            seen.append(("start", type(context), list(context.turn_input)))

        async def on_agent_end(
            self, context: AgentHookContext[Any], agent: Any, output: Any
        ) -> None:
            seen.append(("end", type(context), context.usage.requests))

    chat_server.enqueue(Reply(text="hello"))
    agent = Agent(name="a", model=chat_route(chat_server).model)
    await Runner.run(agent, "hi", hooks=Hooks(), run_config=CONFIG)
    assert seen == [
        ("start", AgentHookContext, [{"content": "hi", "role": "user"}]),
        ("end", AgentHookContext, 1),
    ]


async def test_tool_execution_limits_and_name_collisions(
    chat_server: LoopbackProvider, caplog: pytest.LogCaptureFixture
) -> None:
    import asyncio

    from agents import ToolExecutionConfig
    from agents import UserError
    from agents import function_tool
    from agents.testing import ToolCall

    running = 0
    peak = 0

    @function_tool
    async def work(n: int) -> int:
        """Work."""
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.05)
        running -= 1
        return n

    calls = [ToolCall("work", {"n": i}) for i in range(4)]
    chat_server.enqueue(Reply(tool_calls=calls), Reply(text="done"))
    agent = Agent(name="a", model=chat_route(chat_server).model, tools=[work])
    config = RunConfig(tracing_disabled=True, tool_execution={"max_function_tool_concurrency": 2})
    assert isinstance(config.tool_execution, ToolExecutionConfig)
    assert (await Runner.run(agent, "go", run_config=config)).final_output == "done"
    assert peak == 2

    twice = agent.clone(tools=[work, work])
    strict = RunConfig(tracing_disabled=True, tool_name_collision_policy="error")
    with pytest.raises(UserError, match="more than one tool named 'work'"):
        await Runner.run(twice, "go", run_config=strict)
    chat_server.enqueue(Reply(text="fine"))
    assert (await Runner.run(twice, "go", run_config=CONFIG)).final_output == "fine"
    assert "more than one tool named 'work'" in caplog.text
