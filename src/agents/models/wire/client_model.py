"""What a model reached through an `AsyncOpenAI` client needs whatever protocol it speaks.

The Chat Completions and Responses routes differ only in protocol: how an endpoint is named in
errors, which key must be hidden from them, and that the client's own retries are off for the
SDK's calls are kept here once, so a fix reaches both routes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

from openai import AsyncOpenAI

from agents.exceptions import ModelProviderError, UserError
from agents.models.interface import Model
from agents.models.reliability.retry import RetryPolicy, policy_for, without_client_retries
from agents.models.reliability.wire_errors import typed

if TYPE_CHECKING:
    from agents.model_settings import ModelSettings


class OpenAIClientModel(Model):
    """A model calling through an `AsyncOpenAI` client; subclasses speak the protocol."""

    def __init__(self, model: str, openai_client: AsyncOpenAI) -> None:
        self.model = model
        self._client = openai_client

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model={self.model!r}, base_url={self.base_url!r})"

    def __reduce__(self) -> NoReturn:
        # The client holds locks, a connection pool bound to one event loop and the API
        # key: none of it may travel to another process (Ray, multiprocessing, a pickle file).
        raise UserError(
            f"{type(self).__name__}(model={self.model!r}) cannot be pickled: it holds an "
            "AsyncOpenAI client (connection pool, API key), which must not travel between "
            "processes. Build the agent in each process from a factory instead: a "
            "module-level function that returns the Agent, passed by its 'module:function' "
            "path (run_batch('myapp.agents:build', ...), freeagents batch --agent "
            "myapp.agents:build), or give the Agent a model name such as 'groq/llama-3.1-8b' "
            "that each process resolves itself"
        )

    @property
    def base_url(self) -> str:
        return str(self._client.base_url)

    @property
    def _endpoint(self) -> tuple[str, str]:
        """What structured-output rejections are remembered by."""
        return (self.base_url, self.model)

    def _api_key(self) -> str | None:
        key = getattr(self._client, "api_key", None)
        return key if isinstance(key, str) else None

    def _calling(self, settings: ModelSettings) -> tuple[AsyncOpenAI, RetryPolicy]:
        """The client to call through and the retry policy: the SDK retries, so the client's
        own retries are off (its attempts count becomes the policy's, unless one is set)."""
        client = self._client
        policy = policy_for(settings.retry, getattr(client, "max_retries", None))
        if hasattr(client, "with_options"):
            client = without_client_retries(client)
        return client, policy

    def _typed(self, err: BaseException) -> ModelProviderError | None:
        """A transport failure or unreadable answer as the SDK's error (None: not one)."""
        return typed(err, base_url=self.base_url, model=self.model, api_key=self._api_key())
