"""The reference SDK's module path for the Chat Completions model (the wire is in `models.chat`)."""

from agents.models.chat.model import OpenAIChatCompletionsModel

__all__ = ["OpenAIChatCompletionsModel"]
