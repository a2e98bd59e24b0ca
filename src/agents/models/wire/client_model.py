"""What a model reached through an `AsyncOpenAI` client needs whatever protocol it speaks.

The Chat Completions and Responses routes differ only in protocol: how an endpoint is named in
errors, which key must be hidden from them, and that the client's own retries are off for the
SDK's calls are kept here once, so a fix reaches both routes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import NoReturn

from openai import AsyncOpenAI

from agents.exceptions import ModelProviderError
from agents.exceptions import ProviderResponseError
from agents.exceptions import UserError
from agents.models._request import RequestModel
from agents.models.reliability.retry import RetryPolicy
from agents.models.reliability.retry import policy_for
from agents.models.reliability.retry import without_client_retries
from agents.models.reliability.wire_errors import typed
from agents.models.wire import stream_guard

if TYPE_CHECKING:
    from agents.model_settings import ModelSettings


class OpenAIClientModel(RequestModel):
    """A model calling through an `AsyncOpenAI` client; subclasses speak the protocol."""

    def __init__(self, model: str, openai_client: AsyncOpenAI) -> None:
        if not hasattr(openai_client, "base_url") or isinstance(openai_client, str):
            raise UserError(
                f"{type(self).__name__}: openai_client must be an AsyncOpenAI client, such as "
                f"AsyncOpenAI(base_url=..., api_key=...), got {type(openai_client).__name__}"
            )
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
        # Read several times a turn (spans, errors, structured-output memory); the client's
        # URL is an immutable object, replaced when the client's base URL is set, so its
        # text is kept until that object changes.
        url = self._client.base_url
        kept: tuple[object, str] | None = self.__dict__.get("_base_url_text")
        if kept is not None and kept[0] is url:
            return kept[1]
        text = str(url)
        self.__dict__["_base_url_text"] = (url, text)
        return text

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

    def _request_timeout(self, settings: ModelSettings) -> float | None:
        """The `timeout` to send with a request: `ModelSettings.timeout`, else the SDK's
        default bound when the client has the library's half-hour one; None: the client's."""
        bound = stream_guard.effective_timeout(
            settings.timeout, getattr(self._client, "timeout", None)
        )
        if settings.timeout is None and bound != stream_guard.DEFAULT_TIMEOUT:
            return None
        return bound

    def _not_utf8(self, err: UnicodeDecodeError) -> ProviderResponseError:
        """A body that is not UTF-8 (JSON must be), said plainly instead of the codec's error."""
        return ProviderResponseError(
            f"The answer from {self.base_url} for model {self.model!r} is not valid UTF-8 "
            f"({err.reason} at byte {err.start}); the provider sent a corrupt body",
            base_url=self.base_url,
            model=self.model,
        )

    def _typed(self, err: BaseException) -> ModelProviderError | None:
        """A transport failure or unreadable answer as the SDK's error (None: not one)."""
        return typed(err, base_url=self.base_url, model=self.model, api_key=self._api_key())
