"""Decorators that turn functions into tools and guardrails; `tool` is `function_tool`."""

from agents.guardrail import input_guardrail
from agents.guardrail import output_guardrail
from agents.tool import function_tool
from agents.tool_guardrails import tool_input_guardrail
from agents.tool_guardrails import tool_output_guardrail

tool = function_tool

__all__ = [
    "function_tool",
    "input_guardrail",
    "output_guardrail",
    "tool",
    "tool_input_guardrail",
    "tool_output_guardrail",
]
