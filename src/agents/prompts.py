"""Stored prompts (OpenAI's Responses API): a prompt id, version and variables, fixed or
made per run by a function (`Agent(prompt=...)`).

Only OpenAI's Responses API stores prompts; on any other route the run fails before the
request with a `UserError` that says to use `instructions` there.
"""

from __future__ import annotations

from collections.abc import Awaitable
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from openai.types.responses.response_prompt_param import ResponsePromptParam
from openai.types.responses.response_prompt_param import Variables as ResponsesPromptVariables
from typing_extensions import NotRequired
from typing_extensions import TypedDict

from agents.exceptions import UserError
from agents.run_context import RunContextWrapper
from agents.util._await import maybe_await

if TYPE_CHECKING:
    from agents.agent import Agent

__all__ = ["DynamicPromptFunction", "GenerateDynamicPromptData", "Prompt", "PromptUtil"]


class Prompt(TypedDict):
    """A prompt stored on the OpenAI platform."""

    id: str
    version: NotRequired[str]
    variables: NotRequired[dict[str, ResponsesPromptVariables]]


@dataclass
class GenerateDynamicPromptData:
    """What a prompt function receives."""

    context: RunContextWrapper[Any]
    agent: Agent[Any]


DynamicPromptFunction = Callable[[GenerateDynamicPromptData], "Prompt | Awaitable[Prompt]"]


class PromptUtil:
    @staticmethod
    async def to_model_input(
        prompt: Prompt | DynamicPromptFunction | None,
        context: RunContextWrapper[Any],
        agent: Agent[Any],
    ) -> ResponsePromptParam | None:
        """The prompt as the Responses API takes it, calling a prompt function if given."""
        if prompt is None:
            return None
        if isinstance(prompt, dict):
            resolved: Any = prompt
        elif callable(prompt):
            resolved = await maybe_await(
                prompt(GenerateDynamicPromptData(context=context, agent=agent))
            )
        else:
            raise UserError(
                f"Agent {agent.name!r}: prompt must be a Prompt dict or a function returning one, "
                f"got {type(prompt).__name__}"
            )
        if not isinstance(resolved, dict) or not isinstance(resolved.get("id"), str):
            raise UserError(
                f"Agent {agent.name!r}: the prompt function must return a Prompt dict with an "
                f"'id', got {resolved!r}"
            )
        param: dict[str, Any] = {"id": resolved["id"]}
        if resolved.get("version") is not None:
            param["version"] = resolved["version"]
        if resolved.get("variables") is not None:
            param["variables"] = resolved["variables"]
        return param  # type: ignore[return-value]
