"""Units of structured output: strategy order, plan caching, the output schema's options,
lenient validation and the final-output tool's conversion."""

from __future__ import annotations

import enum
from typing import Any
from typing import Literal

import pytest
from openai.types.responses import ResponseFunctionToolCall
from openai.types.responses import ResponseOutputMessage

from agents import AgentOutputSchema
from agents import ModelBehaviorError
from agents import UserError
from agents.models.chat.request import apply_output_plan
from agents.models.dialects.profiles import DEEPSEEK
from agents.models.dialects.profiles import DEFAULT_PROFILE
from agents.models.dialects.profiles import GEMINI
from agents.models.dialects.profiles import GROQ
from agents.models.dialects.profiles import ModelProfile
from agents.structured import validate_output
from agents.structured.final_tool import calls_to_message
from agents.structured.final_tool import final_tool_name
from agents.structured.plan import choose_plan
from agents.structured.plan import strategy_order

from .structured_helpers import Weather


class Mood(enum.Enum):
    HAPPY = "happy"
    SAD = "sad"


@pytest.mark.parametrize(
    ("profile", "tools", "order"),
    [
        (DEFAULT_PROFILE, False, ("native", "json_mode", "tool", "prompted")),
        (DEFAULT_PROFILE, True, ("native", "json_mode", "tool", "prompted")),
        (GEMINI, False, ("native", "json_mode", "tool", "prompted")),
        (GEMINI, True, ("tool", "prompted")),
        (DEEPSEEK, False, ("json_mode", "tool", "prompted")),
        (GROQ, False, ("json_mode", "tool", "prompted")),
        (
            ModelProfile(
                supports_json_schema=False, supports_json_object=False, supports_tools=False
            ),
            False,
            ("prompted",),
        ),
    ],
)
def test_strategy_order(profile: ModelProfile, tools: bool, order: tuple[str, ...]) -> None:
    assert strategy_order(profile, tools) == order


def test_rejected_strategies_leave_the_order_but_prompted_stays() -> None:
    rejected = frozenset({"native", "json_mode", "tool", "prompted"})
    assert strategy_order(DEFAULT_PROFILE, False, rejected) == ("prompted",)


def test_plans_are_built_once_per_schema_profile_and_strategy() -> None:
    schema = AgentOutputSchema(Weather)
    first = choose_plan(schema, GEMINI, tool_names=[], endpoint=None)
    again = choose_plan(schema, GEMINI, tool_names=[], endpoint=None)
    assert first is again and first is not None
    body_one: dict[str, Any] = {}
    body_two: dict[str, Any] = {}
    apply_output_plan(body_one, first, None)
    apply_output_plan(body_two, again, None)
    # The same response_format object every turn: the schema is transformed only once.
    assert body_one["response_format"] is body_two["response_format"]
    assert "additionalProperties" not in body_one["response_format"]["json_schema"]["schema"]
    other = choose_plan(AgentOutputSchema(Weather), GEMINI, tool_names=[], endpoint=None)
    assert other is not first


def test_final_tool_name_avoids_the_agents_own_tools() -> None:
    assert final_tool_name([]) == "final_output"
    assert final_tool_name(["final_output", "final_output_2"]) == "final_output_3"
    schema = AgentOutputSchema(Weather, strategy="tool")
    plan = choose_plan(schema, DEFAULT_PROFILE, tool_names=["final_output"], endpoint=None)
    assert plan is not None and plan.tool_name == "final_output_2"
    body: dict[str, Any] = {"tools": [{"type": "function", "function": {"name": "final_output"}}]}
    apply_output_plan(body, plan, None)
    assert [t["function"]["name"] for t in body["tools"]] == ["final_output", "final_output_2"]
    assert "tool_choice" not in body  # the agent has a tool of its own


def test_forced_tool_choice_follows_the_profile() -> None:
    mistral_like = ModelProfile(supports_tool_choice_function=False, tool_choice_required="any")
    plan = choose_plan(
        AgentOutputSchema(Weather, strategy="tool"), mistral_like, tool_names=[], endpoint=None
    )
    body: dict[str, Any] = {}
    apply_output_plan(body, plan, None)
    assert body["tool_choice"] == "any"
    user_choice: dict[str, Any] = {}
    apply_output_plan(user_choice, plan, "none")
    assert "tool_choice" not in user_choice  # the user's setting is respected


def test_unknown_strategy_is_a_clear_error() -> None:
    with pytest.raises(UserError, match="native, json_mode, tool, prompted"):
        AgentOutputSchema(Weather, strategy="magic")  # type: ignore[arg-type]


def test_free_form_dicts_get_a_non_strict_schema() -> None:
    schema = AgentOutputSchema(dict[str, int])
    assert schema.is_strict_json_schema() is False
    assert schema.validate_json('{"response": {"a": 1}}') == {"a": 1}
    assert AgentOutputSchema(Weather).is_strict_json_schema() is True


@pytest.mark.parametrize(
    ("output_type", "text", "expected"),
    [
        (list[int], "[1, 2, 3]", [1, 2, 3]),
        (list[int], 'The list:\n```json\n{"response": [4]}\n```', [4]),
        (Literal["yes", "no"], "yes", "yes"),
        (Literal["yes", "no"], "<think>hmm</think>\nno", "no"),
        (Mood, '"sad"', Mood.SAD),
        (int, "42", 42),
        (Weather, 'Result: {"city": "Oslo", "celsius": 1}', Weather(city="Oslo", celsius=1)),
    ],
)
def test_validation_is_lenient_about_the_form(output_type: Any, text: str, expected: Any) -> None:
    assert validate_output(AgentOutputSchema(output_type), text) == expected


def test_validation_error_prefers_the_json_that_was_found() -> None:
    schema = AgentOutputSchema(Weather)
    with pytest.raises(ModelBehaviorError) as caught:
        validate_output(schema, 'Here: {"city": "Oslo"} done')
    assert caught.value.raw_output == 'Here: {"city": "Oslo"} done'
    assert "celsius" in str(caught.value.validation_error)


def test_final_call_becomes_a_message_unless_other_tools_were_called() -> None:
    final = ResponseFunctionToolCall(
        arguments='{"city": "Oslo", "celsius": 1}',
        call_id="c1",
        name="final_output",
        type="function_call",
    )
    other = ResponseFunctionToolCall(
        arguments="{}", call_id="c2", name="lookup", type="function_call"
    )
    alone = calls_to_message([final], "final_output")
    assert len(alone) == 1 and isinstance(alone[0], ResponseOutputMessage)
    assert alone[0].content[0].text == final.arguments  # type: ignore[union-attr]
    # Called next to another tool, the answer predates that tool's result: it is dropped.
    assert calls_to_message([other, final], "final_output") == [other]
