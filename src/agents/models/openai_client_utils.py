"""Whether a client or base URL is OpenAI's own API (some features exist only there)."""

from __future__ import annotations

from openai import AsyncOpenAI

from agents.models.openai_provider import is_openai_base_url

__all__ = ["is_official_openai_base_url", "is_official_openai_client"]


def is_official_openai_base_url(base_url: object, *, websocket: bool = False) -> bool:
    """True for api.openai.com (https, or wss when `websocket`)."""
    text = str(base_url)
    if websocket and text.startswith("wss://"):
        text = "https://" + text[len("wss://") :]
    return is_openai_base_url(text)


def is_official_openai_client(client: AsyncOpenAI) -> bool:
    """True when the client talks to OpenAI's own API."""
    return is_official_openai_base_url(client.base_url)
