"""Default clients set up the way the guide sets them up (the root conftest resets them)."""

from __future__ import annotations

from openai import AsyncOpenAI

from agents import set_default_openai_client

GEMINI_OPENAI_URL = "https://generativelanguage.googleapis.com/v1beta/openai/"


def default_gemini_client() -> AsyncOpenAI:
    """Gemini's OpenAI-compatible endpoint, set as the default client (no request is made)."""
    client = AsyncOpenAI(api_key="g-key", base_url=GEMINI_OPENAI_URL)
    set_default_openai_client(client)
    return client
