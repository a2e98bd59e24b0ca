"""The reference SDK's module path for the Responses model (the wire is in `models.responses`)."""

from agents.models.responses.model import OpenAIResponsesModel

__all__ = ["OpenAIResponsesModel"]
