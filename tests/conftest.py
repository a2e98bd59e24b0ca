from __future__ import annotations

from collections.abc import Iterator

import pytest
from openai import AsyncOpenAI

from agents import OpenAIChatCompletionsModel
from agents.models import _openai_shared as openai_shared
from agents.structured import forget_rejections
from agents.testing import LoopbackProvider
from agents.tracing import config as tracing_config
from tests.helpers.tracing import Collector
from tests.helpers.tracing import installed

TEST_KEY = "sk-loopback-secret-0123456789abcdef"


@pytest.fixture(autouse=True)
def _isolate_globals() -> Iterator[None]:
    """Process-wide defaults set by one test must not leak into the next."""
    yield
    openai_shared.set_default_openai_client(None)
    openai_shared.set_default_openai_key(None)
    openai_shared.set_default_openai_api(None)
    tracing_config._disabled_by_call = None
    tracing_config._platform_key = None
    forget_rejections()


@pytest.fixture
def collector() -> Iterator[Collector]:
    """Every trace and span of the test, collected in place of the installed processors."""
    with installed(Collector()) as collecting:
        yield collecting


@pytest.fixture(params=[False, True], ids=["False", "True"])
def streamed(request: pytest.FixtureRequest) -> bool:
    """Run the test plain and streamed: each behaviour must hold on both paths."""
    return bool(request.param)


@pytest.fixture
def provider() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("loopback", api_key=TEST_KEY) as server:
        yield server


@pytest.fixture
def backup() -> Iterator[LoopbackProvider]:
    """A second provider, the next model of a fallback chain."""
    with LoopbackProvider("backup", api_key=TEST_KEY) as server:
        yield server


def make_model(
    server: LoopbackProvider,
    model: str = "test-model",
    *,
    key: str = TEST_KEY,
    **client_kwargs: object,
) -> OpenAIChatCompletionsModel:
    client = AsyncOpenAI(api_key=key, base_url=server.base_url, **client_kwargs)  # type: ignore[arg-type]
    return OpenAIChatCompletionsModel(model=model, openai_client=client)


@pytest.fixture
def model(provider: LoopbackProvider) -> OpenAIChatCompletionsModel:
    return make_model(provider)
