"""Process-wide defaults set by `set_default_openai_client`, `_key` and `_api`."""

from __future__ import annotations

from typing import Literal

from openai import AsyncOpenAI

OpenAIApi = Literal["chat_completions", "responses"]

_default_client: AsyncOpenAI | None = None
_default_key: str | None = None
_default_api: OpenAIApi | None = None


def set_default_openai_client(client: AsyncOpenAI | None) -> None:
    global _default_client
    _default_client = client


def get_default_openai_client() -> AsyncOpenAI | None:
    return _default_client


def set_default_openai_key(key: str | None) -> None:
    global _default_key
    _default_key = key


def get_default_openai_key() -> str | None:
    return _default_key


def set_default_openai_api(api: OpenAIApi | None) -> None:
    global _default_api
    _default_api = api


def get_default_openai_api() -> OpenAIApi | None:
    """The API chosen by the user, or None when the SDK should pick per endpoint."""
    return _default_api
