"""An openai-agents program with tool guardrails: a secret never reaches the tool's caller."""

import asyncio
import json

from agents import Agent
from agents import Runner
from agents import ToolGuardrailFunctionOutput
from agents import ToolInputGuardrailData
from agents import ToolOutputGuardrailData
from agents import function_tool
from agents import tool_input_guardrail
from agents import tool_output_guardrail


@tool_input_guardrail
def block_secrets(data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
    args = json.loads(data.context.tool_arguments or "{}")
    if "sk-" in args.get("text", ""):
        return ToolGuardrailFunctionOutput.reject_content("Remove the API key and try again.")
    return ToolGuardrailFunctionOutput.allow()


@tool_output_guardrail
def redact_output(data: ToolOutputGuardrailData) -> ToolGuardrailFunctionOutput:
    if "password" in str(data.output).lower():
        return ToolGuardrailFunctionOutput.reject_content("[redacted]")
    return ToolGuardrailFunctionOutput.allow()


@function_tool(tool_input_guardrails=[block_secrets], tool_output_guardrails=[redact_output])
def send_email(to: str, text: str) -> str:
    """Send an email."""
    return f"Sent to {to}"


agent = Agent(name="Mailer", instructions="Use send_email.", tools=[send_email])


async def main() -> None:
    result = await Runner.run(agent, "Email bob my key sk-123")
    print(result.final_output)
    for guardrail_result in result.tool_input_guardrail_results:
        print(guardrail_result.guardrail.get_name(), guardrail_result.output.behavior["type"])


if __name__ == "__main__":
    asyncio.run(main())
