"""Tool declarations are built once per tool and rebuilt whenever the tool changes."""

from __future__ import annotations

from agents import function_tool
from agents.models.chat.request import tool_to_param
from agents.models.dialects.profiles import DEFAULT_PROFILE
from agents.models.dialects.profiles import ModelProfile
from agents.models.providers.catalogue import profile_for_base_url
from agents.tool import FunctionTool

GEMINI = profile_for_base_url("https://generativelanguage.googleapis.com/v1beta/openai/", "gemini")


def make_tool() -> FunctionTool:
    @function_tool
    def lookup(city: str, days: int = 1) -> str:
        """Find a city's weather."""
        return city

    return lookup


def test_the_declaration_is_built_once_and_follows_every_change() -> None:
    tool = make_tool()
    first = tool_to_param(tool)
    assert tool_to_param(tool) is first
    assert first["function"]["description"] == "Find a city's weather."

    tool.description = "Weather, by city."
    changed = tool_to_param(tool)
    assert changed is not first and changed["function"]["description"] == "Weather, by city."

    tool.name = "weather"
    assert tool_to_param(tool)["function"]["name"] == "weather"

    tool.strict_json_schema = False
    assert "strict" not in tool_to_param(tool)["function"]

    tool.params_json_schema = {"type": "object", "properties": {}}
    assert tool_to_param(tool)["function"]["parameters"] == {"type": "object", "properties": {}}

    # Without a schema transform the declaration holds the tool's own schema: a change
    # inside it is what the next request sends.
    tool.params_json_schema["properties"]["x"] = {"type": "string"}
    assert "x" in tool_to_param(tool)["function"]["parameters"]["properties"]


def test_a_transformed_schema_is_rebuilt_when_the_schema_changes_inside() -> None:
    assert GEMINI.json_schema_transform is not None
    tool = make_tool()
    first = tool_to_param(tool, GEMINI)
    assert tool_to_param(tool, GEMINI) is first
    assert first["function"]["parameters"] == GEMINI.json_schema_transform(tool.params_json_schema)

    tool.params_json_schema["properties"]["country"] = {"type": "string"}
    rebuilt = tool_to_param(tool, GEMINI)
    assert rebuilt is not first and "country" in rebuilt["function"]["parameters"]["properties"]


def test_each_profile_gets_its_own_spelling() -> None:
    tool = make_tool()
    no_strict = ModelProfile(provider="nostrict", supports_strict_tools=False)
    assert tool_to_param(tool)["function"]["strict"] is True
    assert "strict" not in tool_to_param(tool, no_strict)["function"]
    assert tool_to_param(tool, DEFAULT_PROFILE)["function"]["strict"] is True
