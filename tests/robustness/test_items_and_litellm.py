"""Items 17 and 18: input items are plain lists and dicts; output-only `created_by` is not
sent back; LitellmModel hands a bare model name to litellm, as the reference does."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from openai.types.responses import EasyInputMessageParam
from openai.types.responses import ResponseToolSearchCall
from pydantic import TypeAdapter

from agents import Agent
from agents import ItemHelpers
from agents import ModelProviderError
from agents import ModelSettings
from agents import RunConfig
from agents import Runner
from agents.items import ModelResponse
from agents.usage import Usage


def test_pydantic_iterators_become_lists() -> None:
    validated = TypeAdapter(EasyInputMessageParam).validate_python(
        {"role": "user", "content": [{"type": "input_text", "text": "hi"}]}
    )

    def parts() -> Iterator[dict[str, str]]:
        yield {"type": "input_text", "text": "again"}

    items = ItemHelpers.input_to_new_input_list(
        [validated, {"role": "user", "content": parts()}]  # type: ignore[list-item]
    )
    assert items[0]["content"] == [{"type": "input_text", "text": "hi"}]  # type: ignore[typeddict-item]
    assert items[1]["content"] == [{"type": "input_text", "text": "again"}]  # type: ignore[typeddict-item]


def test_to_input_items_drops_created_by() -> None:
    call = ResponseToolSearchCall(
        id="ts_1",
        arguments={},
        call_id="call_1",
        execution="server",
        status="completed",
        type="tool_search_call",
        created_by="server",
    )
    response = ModelResponse(output=[call], usage=Usage(), response_id=None)
    [item] = response.to_input_items()
    assert "created_by" not in item
    assert item["call_id"] == "call_1"  # type: ignore[typeddict-item]


@pytest.fixture
def litellm_model() -> type:
    module = pytest.importorskip("agents.extensions.models.litellm_model")
    return module.LitellmModel  # type: ignore[no-any-return]


async def test_bare_model_name_goes_to_litellm(litellm_model: type) -> None:
    model = litellm_model("some-bare-model-name", base_url="http://127.0.0.1:9", api_key="k")
    agent = Agent(name="a", model=model)
    with pytest.raises(ModelProviderError) as caught:  # litellm's own error, typed
        await Runner.run(agent, "hi", run_config=RunConfig(tracing_disabled=True))
    assert "some-bare-model-name" in str(caught.value)


def test_reasoning_summary_warning(litellm_model: type, caplog: pytest.LogCaptureFixture) -> None:
    from openai.types.shared import Reasoning

    model = litellm_model("anthropic/claude-3-7-sonnet-20250219", api_key="k")
    settings = ModelSettings(reasoning=Reasoning(effort="low", summary="auto"))
    with caplog.at_level(logging.WARNING, logger="openai.agents"):
        kwargs = model._request(None, "hi", settings, [], [], False, None)
    assert kwargs["reasoning_effort"] == "low"
    assert "does not forward Reasoning.summary" in caplog.text
