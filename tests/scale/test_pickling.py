"""Agents and models across processes: pickled when safe, refused with the factory pattern."""

from __future__ import annotations

import os
import pickle
import sys

import pytest
from openai import AsyncOpenAI

from agents import Agent
from agents import ModelSettings
from agents import OpenAIChatCompletionsModel
from agents import OpenAIResponsesModel
from agents.exceptions import UserError
from agents.models.openai_provider import OpenAIProvider


def test_an_agent_with_a_model_name_round_trips() -> None:
    agent = Agent(
        name="a",
        instructions="Be brief.",
        model="groq/llama-3.1-8b-instant",
        model_settings=ModelSettings(temperature=0.2),
        output_type=int,
    )
    agent.output_schema()  # fills the cache, which must not travel
    copy = pickle.loads(pickle.dumps(agent))
    assert (copy.name, copy.model, copy.model_settings.temperature) == (
        "a",
        "groq/llama-3.1-8b-instant",
        0.2,
    )
    assert copy.output_schema() is not None


@pytest.mark.parametrize("model_class", [OpenAIChatCompletionsModel, OpenAIResponsesModel])
def test_a_model_holding_a_client_is_refused_naming_the_factory(model_class: type) -> None:
    key = "sk-never-pickled-0123456789"
    client = AsyncOpenAI(api_key=key, base_url="http://127.0.0.1:9/v1")
    agent = Agent(name="a", model=model_class(model="m", openai_client=client))
    with pytest.raises(UserError, match="module:function") as caught:
        pickle.dumps(agent)
    assert key not in str(caught.value)


def test_a_litellm_model_pickles_without_a_key_and_refuses_with_one() -> None:
    litellm_model = pytest.importorskip("agents.extensions.models.litellm_model")
    plain = litellm_model.LitellmModel(model="anthropic/claude-x", base_url="http://h/v1")
    copy = pickle.loads(pickle.dumps(plain))
    assert (copy.model, copy.base_url, copy.api_key) == ("anthropic/claude-x", "http://h/v1", None)
    keyed = litellm_model.LitellmModel(model="anthropic/claude-x", api_key="sk-ant-secret-42")
    with pytest.raises(UserError, match="factory") as caught:
        pickle.dumps(keyed)
    assert "sk-ant-secret-42" not in str(caught.value)


@pytest.mark.skipif(sys.platform == "win32", reason="fork is POSIX")
def test_a_forked_child_makes_its_own_client() -> None:
    provider = OpenAIProvider(api_key="sk-fork-test", base_url="http://127.0.0.1:9/v1")
    parent_client = provider.get_model("m")._client  # type: ignore[attr-defined]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report whether it got a fresh client, then leave at once
        child_client = provider.get_model("m")._client  # type: ignore[attr-defined]
        os.write(write, b"new" if child_client is not parent_client else b"shared")
        os._exit(0)
    os.close(write)
    answer = os.read(read, 16)
    os.waitpid(pid, 0)
    assert answer == b"new"
    assert provider.get_model("m")._client is parent_client  # type: ignore[attr-defined]
