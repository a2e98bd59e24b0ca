"""Item 2: rate limits are waited out within a time budget, not a count of attempts.

429, 529 and 503-with-Retry-After answers are retried past `RetryPolicy.max_attempts` while
the waits stay within `RetryPolicy.rate_limit_budget` (60 s by default), honouring
`Retry-After`, `retry-after-ms` and `x-ratelimit-reset-*`; other errors keep the count, and
a wait longer than the budget fails at once with the typed error.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from openai import AsyncOpenAI

from agents import Agent
from agents import ModelSettings
from agents import OpenAIChatCompletionsModel
from agents import OpenAIResponsesModel
from agents import ProviderRateLimitError
from agents import ProviderServerError
from agents import RetryPolicy
from agents import Runner
from agents import UserError
from agents.models.interface import Model
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing.anthropic_server import AnthropicLoopback
from agents.testing.anthropic_server import AnthropicReply
from tests.helpers.runs import run_to_end

from .conftest import CLAUDE
from .conftest import KEY

FAST = {"retry-after-ms": "20"}


class Scripted:
    """One route's loopback server: enqueue error statuses, then a text answer."""

    def __init__(self, name: str) -> None:
        self.name = name
        if name == "chat":
            self.server: LoopbackProvider | AnthropicLoopback | ResponsesLoopback = (
                LoopbackProvider("rl", api_key=KEY)
            )
        elif name == "litellm":
            pytest.importorskip("agents.extensions.models.litellm_model")
            self.server = AnthropicLoopback(api_key=KEY)
        else:
            self.server = ResponsesLoopback(api_key=KEY)

    def fail(self, status: int, headers: dict[str, str], times: int) -> None:
        for _ in range(times):
            if isinstance(self.server, LoopbackProvider):
                self.server.enqueue(Reply(status=status, headers=headers))
            elif isinstance(self.server, AnthropicLoopback):
                self.server.enqueue(AnthropicReply(status=status, headers=headers))
            else:
                self.server.enqueue(ResponsesReply(status=status, headers=headers))

    def answer(self, text: str) -> None:
        if isinstance(self.server, LoopbackProvider):
            self.server.enqueue(Reply(text=text))
        elif isinstance(self.server, AnthropicLoopback):
            self.server.enqueue(AnthropicReply(text=text))
        else:
            self.server.enqueue(ResponsesReply(text=text))

    @property
    def requests(self) -> int:
        return len([r for r in self.server.requests if r.method == "POST"])

    def model(self) -> Model:
        if isinstance(self.server, AnthropicLoopback):
            from agents.extensions.models.litellm_model import LitellmModel

            return LitellmModel(model=CLAUDE, base_url=self.server.base_url, api_key=KEY)
        client = AsyncOpenAI(api_key=KEY, base_url=self.server.base_url)
        if isinstance(self.server, LoopbackProvider):
            return OpenAIChatCompletionsModel(model="m", openai_client=client)
        return OpenAIResponsesModel(model="gpt-4.1", openai_client=client)


@pytest.fixture(params=["chat", "litellm", "responses"])
def scripted(request: pytest.FixtureRequest) -> Iterator[Scripted]:
    made = Scripted(str(request.param))
    with made.server:
        yield made


async def run(agent: Agent, streamed: bool) -> str:
    return str((await run_to_end(agent, "hi", streamed=streamed)).final_output)


@pytest.mark.parametrize(
    "headers",
    [FAST, {"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "20ms"}],
    ids=["retry-after-ms", "x-ratelimit-reset"],
)
async def test_more_429s_than_attempts_succeed_by_default(
    scripted: Scripted, streamed: bool, headers: dict[str, str]
) -> None:
    scripted.fail(429, headers, times=5)
    scripted.answer("finally")
    agent = Agent(name="a", model=scripted.model())  # the default policy: 3 attempts
    assert await run(agent, streamed) == "finally"
    assert scripted.requests == 6


async def test_three_429s_with_retry_after_one_second_succeed() -> None:
    with LoopbackProvider("rl", api_key=KEY) as server:
        server.enqueue(*[Reply(status=429, headers={"Retry-After": "1"})] * 3, Reply(text="ok"))
        client = AsyncOpenAI(api_key=KEY, base_url=server.base_url)
        agent = Agent(name="a", model=OpenAIChatCompletionsModel(model="m", openai_client=client))
        started = time.monotonic()
        assert (await Runner.run(agent, "hi")).final_output == "ok"
        assert time.monotonic() - started >= 2.9  # each Retry-After was honoured
        assert len(server.chat_requests) == 4


@pytest.mark.parametrize("status", [529, 503])
async def test_overload_with_retry_after_is_waited_out(scripted: Scripted, status: int) -> None:
    scripted.fail(status, FAST, times=4)
    scripted.answer("back")
    agent = Agent(name="a", model=scripted.model())
    assert await run(agent, streamed=False) == "back"


async def test_the_budget_ends_the_waiting(scripted: Scripted) -> None:
    scripted.fail(429, {"retry-after-ms": "100"}, times=20)
    policy = RetryPolicy(max_attempts=2, rate_limit_budget=0.35)
    agent = Agent(name="a", model=scripted.model(), model_settings=ModelSettings(retry=policy))
    with pytest.raises(ProviderRateLimitError, match=r"rate_limit_budget=0\.35s"):
        await run(agent, streamed=False)
    assert scripted.requests == 4  # 3 waits of 0.1 s fit in 0.35 s, a fourth does not


async def test_a_wait_longer_than_allowed_fails_at_once(scripted: Scripted) -> None:
    scripted.fail(429, {"Retry-After": "120"}, times=1)
    agent = Agent(name="a", model=scripted.model())
    started = time.monotonic()
    with pytest.raises(ProviderRateLimitError, match="asked to wait 120s"):
        await run(agent, streamed=False)
    assert time.monotonic() - started < 2
    assert scripted.requests == 1


async def test_other_errors_keep_the_count(scripted: Scripted) -> None:
    scripted.fail(500, {}, times=5)
    policy = RetryPolicy(max_attempts=2, initial_delay=0.01)
    agent = Agent(name="a", model=scripted.model(), model_settings=ModelSettings(retry=policy))
    with pytest.raises(ProviderServerError, match="gave up after 2 attempts"):
        await run(agent, streamed=False)
    assert scripted.requests == 2


def test_the_budget_is_validated() -> None:
    assert RetryPolicy().rate_limit_budget == 60.0
    with pytest.raises(UserError, match="rate_limit_budget"):
        RetryPolicy(rate_limit_budget=-1)
