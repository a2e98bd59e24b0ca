"""Chat Completions request helpers, at the reference SDK's module path."""

from __future__ import annotations

from openai import AsyncOpenAI

from agents.model_settings import ModelSettings
from agents.models.openai_client_utils import is_official_openai_client
from agents.version import __version__

__all__ = ["HEADERS", "ChatCmplHelpers"]

HEADERS = {"User-Agent": f"Agents/Python {__version__}"}


class ChatCmplHelpers:
    @classmethod
    def is_openai(cls, client: AsyncOpenAI) -> bool:
        return is_official_openai_client(client)

    @classmethod
    def get_store_param(cls, client: AsyncOpenAI, model_settings: ModelSettings) -> bool | None:
        """`store` as sent: the setting, else True on OpenAI's API, else left out."""
        if model_settings.store is not None:
            return model_settings.store
        return True if cls.is_openai(client) else None

    @classmethod
    def get_stream_options_param(
        cls, client: AsyncOpenAI, model_settings: ModelSettings, stream: bool
    ) -> dict[str, bool] | None:
        """`stream_options` for a streamed request: usage asked for on OpenAI by default."""
        if not stream:
            return None
        include = model_settings.include_usage
        if include is None and cls.is_openai(client):
            include = True
        return {"include_usage": include} if include is not None else None

    @classmethod
    def clean_gemini_tool_call_id(cls, tool_call_id: str, model: str | None = None) -> str:
        """LiteLLM's `__thought__` suffix on Gemini tool-call ids, removed."""
        if model and "gemini" in model.lower() and "__thought__" in tool_call_id:
            return tool_call_id.split("__thought__")[0]
        return tool_call_id
