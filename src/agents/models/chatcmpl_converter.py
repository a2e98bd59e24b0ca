"""The reference SDK's `Converter` (Responses items <-> Chat Completions messages), at its
module path. The translation itself lives in `agents.models.chat`; this class keeps the
reference's method names for code that calls them directly. Without a profile the requests
are shaped for OpenAI's own Chat Completions API, as the reference shapes them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from agents.agent_output import AgentOutputSchemaBase
from agents.exceptions import UserError
from agents.handoffs import Handoff
from agents.items import TResponseInputItem
from agents.items import TResponseOutputItem
from agents.models.chat import converter as _chat
from agents.models.chat.request import handoff_to_param
from agents.models.chat.request import response_format_param
from agents.models.chat.request import tool_choice_param
from agents.models.chat.request import tool_to_param
from agents.models.dialects.profiles import DEFAULT_PROFILE
from agents.tool import Tool

__all__ = ["Converter"]


class Converter:
    """Class-level conversions, as the reference names them."""

    @classmethod
    def convert_tool_choice(cls, tool_choice: str | None) -> Any:
        """`ModelSettings.tool_choice` as Chat Completions takes it; None: leave it out."""
        if tool_choice is not None and not isinstance(tool_choice, str):
            raise UserError(
                f"tool_choice {tool_choice!r} is not supported by Chat Completions models"
            )
        return tool_choice_param(tool_choice, DEFAULT_PROFILE)

    @classmethod
    def convert_response_format(cls, final_output_schema: AgentOutputSchemaBase | None) -> Any:
        """The `response_format` for an output type; None for plain text."""
        return response_format_param(final_output_schema, DEFAULT_PROFILE)

    @classmethod
    def message_to_output_items(cls, message: Any) -> list[TResponseOutputItem]:
        """One assistant message as Responses output items."""
        return _chat.message_to_output_items(message, DEFAULT_PROFILE)

    @classmethod
    def items_to_messages(
        cls, items: str | Iterable[TResponseInputItem], model: str | None = None, **_: Any
    ) -> list[dict[str, Any]]:
        """A conversation as Chat Completions messages."""
        return _chat.items_to_messages(items, DEFAULT_PROFILE, model=model)

    @classmethod
    def tool_to_openai(cls, tool: Tool) -> dict[str, Any]:
        """A function tool's declaration; hosted tools are a UserError (Responses API only)."""
        return tool_to_param(tool, DEFAULT_PROFILE)

    @classmethod
    def convert_handoff_tool(cls, handoff: Handoff[Any, Any]) -> dict[str, Any]:
        """A handoff's tool declaration."""
        return handoff_to_param(handoff, DEFAULT_PROFILE)
