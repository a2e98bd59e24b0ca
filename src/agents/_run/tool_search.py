"""Tool search items in a model's answer (OpenAI's Responses API with `ToolSearchTool`).

The server ran the search and loaded the tools it found; the run keeps both items so the
next request carries them back. A search the client is to run (`execution="client"`) is the
caller's to answer: the run loop has no search of its own, so it stops with a clear error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from openai.types.responses import ResponseToolSearchCall
from openai.types.responses import ResponseToolSearchOutputItem

from agents.exceptions import ModelBehaviorError
from agents.items import ToolSearchCallItem
from agents.items import ToolSearchOutputItem

if TYPE_CHECKING:
    from agents.agent import Agent


def tool_search_item(
    agent: Agent[Any], output: ResponseToolSearchCall | ResponseToolSearchOutputItem
) -> ToolSearchCallItem | ToolSearchOutputItem:
    if isinstance(output, ResponseToolSearchOutputItem):
        return ToolSearchOutputItem(agent=agent, raw_item=output)
    if output.execution == "client":
        raise ModelBehaviorError(
            "The model asked for a client-executed tool search (ToolSearchTool(execution="
            '"client")), which Runner does not run: use ToolSearchTool() so the server searches, '
            "or call the model yourself and answer the tool_search_call with a "
            "tool_search_output item of the same call_id."
        )
    return ToolSearchCallItem(agent=agent, raw_item=output)
