"""The repair turn: an answer that fails validation is sent back once with the error."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel
from pydantic import ValidationError

from agents import Agent
from agents import AgentOutputSchema
from agents import MessageOutputItem
from agents import ModelBehaviorError
from agents import RunConfig
from agents import Runner
from agents.items import ItemHelpers
from agents.models.dialects.profiles import DEFAULT_PROFILE
from agents.testing import LoopbackProvider
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply

from .helpers.runs import run_either_way
from .responses_helpers import RESPONSES_KEY
from .responses_helpers import responses_model
from .structured_helpers import KEY
from .structured_helpers import Behaviour
from .structured_helpers import model_for

CONFIG = RunConfig(tracing_disabled=True)
GOOD = '{"city": "Oslo", "celsius": -3.5}'
MISSING_FIELD = '{"city": "Oslo"}'


class Weather(BaseModel):
    city: str
    celsius: float


async def run(agent: Agent[Any], streamed: bool, **kwargs: Any) -> Any:
    q = "Weather in Oslo?"
    result, _ = await run_either_way(agent, q, streamed=streamed, run_config=CONFIG, **kwargs)
    return result


@pytest.mark.parametrize("strategy", ["native", "tool", "prompted"])
async def test_one_repair_turn_fixes_an_invalid_answer(streamed: bool, strategy: str) -> None:
    behaviour = Behaviour([MISSING_FIELD, GOOD])
    with LoopbackProvider("r", api_key=KEY, responder=behaviour) as server:
        schema = AgentOutputSchema(Weather, strategy=strategy)  # type: ignore[arg-type]
        agent = Agent(name="w", model=model_for(server, DEFAULT_PROFILE), output_type=schema)
        result = await run(agent, streamed)
        requests = server.chat_requests

    assert result.final_output == Weather(city="Oslo", celsius=-3.5)
    assert len(requests) == 2 and behaviour.seen == [strategy, strategy]
    # The repair request shows the model its answer and what was wrong with it.
    *_, failed, note = requests[1]["messages"]
    assert failed == {"role": "assistant", "content": MISSING_FIELD}
    assert note["role"] == "user"
    assert "celsius: Field required" in note["content"]
    assert "could not be used as the final output" in note["content"]
    # The failed answer is not part of the run's items; both calls are counted.
    messages = [i for i in result.new_items if isinstance(i, MessageOutputItem)]
    assert [ItemHelpers.text_message_output(m) for m in messages] == [GOOD]
    assert len(result.raw_responses) == 2
    assert result.context_wrapper.usage.requests == 2
    assert result.to_input_list()[-1]["content"][0]["text"] == GOOD


async def test_a_second_invalid_answer_is_a_model_behavior_error(streamed: bool) -> None:
    behaviour = Behaviour([MISSING_FIELD, '{"city": "Oslo", "celsius": "cold"}'])
    with LoopbackProvider("r", api_key=KEY, responder=behaviour) as server:
        agent = Agent(name="w", model=model_for(server, DEFAULT_PROFILE), output_type=Weather)
        with pytest.raises(ModelBehaviorError, match="does not match Weather") as caught:
            await run(agent, streamed)
        assert len(server.chat_requests) == 2
    error = caught.value
    assert error.raw_output == '{"city": "Oslo", "celsius": "cold"}'
    assert isinstance(error.validation_error, ValidationError)
    assert error.validation_error.errors()[0]["loc"] == ("celsius",)


async def test_no_repair_turn_when_no_turn_is_left() -> None:
    behaviour = Behaviour([MISSING_FIELD, GOOD])
    with LoopbackProvider("r", api_key=KEY, responder=behaviour) as server:
        agent = Agent(name="w", model=model_for(server, DEFAULT_PROFILE), output_type=Weather)
        with pytest.raises(ModelBehaviorError) as caught:
            await run(agent, False, max_turns=1)
        assert len(server.chat_requests) == 1
    assert caught.value.raw_output == MISSING_FIELD


async def test_prose_without_json_gets_a_repair_turn() -> None:
    behaviour = Behaviour(["It is cold in Oslo today.", GOOD])
    with LoopbackProvider("r", api_key=KEY, responder=behaviour) as server:
        agent = Agent(name="w", model=model_for(server, DEFAULT_PROFILE), output_type=Weather)
        result = await run(agent, False)
        note = server.chat_requests[1]["messages"][-1]["content"]
    assert result.final_output == Weather(city="Oslo", celsius=-3.5)
    assert "Invalid JSON" in note


async def test_repair_on_the_responses_route_with_server_state() -> None:
    """With previous_response_id the server holds the failed answer; only the note is sent."""
    with ResponsesLoopback("openai", api_key=RESPONSES_KEY) as server:
        server.enqueue(ResponsesReply(text=MISSING_FIELD), ResponsesReply(text=GOOD))
        agent = Agent(name="w", model=responses_model(server), output_type=Weather)
        first = await Runner.run(agent, "hello", run_config=CONFIG)
        server.enqueue(ResponsesReply(text=MISSING_FIELD), ResponsesReply(text=GOOD))
        result = await Runner.run(
            agent,
            "Weather in Oslo?",
            run_config=CONFIG,
            previous_response_id=first.last_response_id,
        )
        requests = server.response_requests
    assert result.final_output == Weather(city="Oslo", celsius=-3.5)
    repair = requests[-1]
    assert repair["previous_response_id"] == result.raw_responses[0].response_id
    assert [item["role"] for item in repair["input"]] == ["user"]
    assert "celsius: Field required" in repair["input"][0]["content"]


async def test_repair_turn_text_names_every_problem() -> None:
    behaviour = Behaviour([json.dumps({"town": 1}), GOOD])
    with LoopbackProvider("r", api_key=KEY, responder=behaviour) as server:
        agent = Agent(name="w", model=model_for(server, DEFAULT_PROFILE), output_type=Weather)
        await run(agent, False)
        note = server.chat_requests[1]["messages"][-1]["content"]
    assert "- city: Field required" in note and "- celsius: Field required" in note
