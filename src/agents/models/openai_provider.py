"""The default provider: OpenAI, or whatever endpoint the default client points at."""

from __future__ import annotations

import logging
import os
import weakref
from typing import Any
from urllib.parse import urlsplit

from openai import AsyncOpenAI

from agents._unavailable import refuse_websocket_transport
from agents.exceptions import UserError
from agents.models import _openai_shared as openai_shared
from agents.models.chat.model import OpenAIChatCompletionsModel
from agents.models.interface import Model
from agents.models.interface import ModelProvider
from agents.models.openai_agent_registration import OpenAIAgentRegistrationConfig
from agents.models.openai_agent_registration import ResolvedOpenAIAgentRegistrationConfig
from agents.models.openai_agent_registration import resolve_openai_agent_registration_config
from agents.models.providers.catalogue import profile_for_base_url
from agents.models.responses.model import OpenAIResponsesModel

logger = logging.getLogger("openai.agents")

DEFAULT_MODEL = "gpt-4.1"
OPENAI_HOSTS = frozenset({"api.openai.com"})


def get_default_model() -> str:
    """The model used when neither the agent nor the run names one."""
    return os.environ.get("OPENAI_DEFAULT_MODEL") or DEFAULT_MODEL


def is_openai_base_url(base_url: str) -> bool:
    return (urlsplit(base_url).hostname or "") in OPENAI_HOSTS


_providers: weakref.WeakSet[OpenAIProvider] = weakref.WeakSet()


def _forget_clients_after_fork() -> None:
    """A forked child makes its own clients: the parent's pools hold the parent's sockets."""
    for provider in list(_providers):
        if provider._owns_client:
            provider._client = None
            provider._owns_client = False


os.register_at_fork(after_in_child=_forget_clients_after_fork)


class OpenAIProvider(ModelProvider):
    """Makes models on one `AsyncOpenAI` client.

    The client is created on first use, not at construction, so importing and configuring
    the SDK never requires a key.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        websocket_base_url: str | None = None,
        openai_client: AsyncOpenAI | None = None,
        organization: str | None = None,
        project: str | None = None,
        use_responses: bool | None = None,
        use_responses_websocket: bool | None = None,
        strict_feature_validation: bool = False,
        agent_registration: OpenAIAgentRegistrationConfig | dict[str, Any] | None = None,
        responses_websocket_options: Any = None,
        buffer_streamed_tool_calls: bool = False,
    ) -> None:
        refuse_websocket_transport(
            "OpenAIProvider",
            use_responses_websocket=use_responses_websocket,
            websocket_base_url=websocket_base_url,
            responses_websocket_options=responses_websocket_options,
        )
        given = {
            "api_key": api_key,
            "base_url": base_url,
            "organization": organization,
            "project": project,
        }
        clashing = [name for name, value in given.items() if value is not None]
        if openai_client is not None and clashing:
            # The client already carries these; accepting them too would silently ignore them.
            raise UserError(
                f"Give OpenAIProvider either openai_client or {'/'.join(clashing)}, not both "
                "(the client already has its own key, base URL, organization and project)"
            )
        self._client = openai_client
        self._api_key = api_key
        self._base_url = base_url
        self._organization = organization
        self._project = project
        self._use_responses = use_responses
        self._strict_feature_validation = strict_feature_validation
        self._buffer_streamed_tool_calls = buffer_streamed_tool_calls
        self._agent_registration = resolve_openai_agent_registration_config(agent_registration)
        self._owns_client = False
        _providers.add(self)

    def __repr__(self) -> str:
        return f"OpenAIProvider(base_url={self._base_url!r})"

    @property
    def agent_registration(self) -> ResolvedOpenAIAgentRegistrationConfig | None:
        """The harness id this provider's runs report in their trace metadata, if any."""
        return self._agent_registration

    def _get_client(self) -> AsyncOpenAI:
        if self._client is None:
            shared = openai_shared.get_default_openai_client()
            if shared is not None and self._api_key is None and self._base_url is None:
                return shared
            key = (
                self._api_key
                or openai_shared.get_default_openai_key()
                or os.environ.get("OPENAI_API_KEY")
            )
            if not key:
                raise UserError(
                    "No API key for the default OpenAI provider: set OPENAI_API_KEY, call "
                    "set_default_openai_key(...), or call set_default_openai_client(...) with "
                    "an AsyncOpenAI client for your provider (or give the agent a model such "
                    "as OpenAIChatCompletionsModel(model=..., openai_client=...))."
                )
            self._owns_client = True
            self._client = AsyncOpenAI(
                api_key=key,
                base_url=self._base_url or os.environ.get("OPENAI_BASE_URL") or None,
                organization=self._organization,
                project=self._project,
            )
        return self._client

    def _chosen_api(self) -> bool | None:
        """True/False when the user chose the Responses API or not; None when unchosen."""
        if self._use_responses is not None:
            return self._use_responses
        chosen = openai_shared.get_default_openai_api()
        return None if chosen is None else chosen == "responses"

    def _uses_responses(self, base_url: str, model: str) -> bool:
        chosen = self._chosen_api()
        if is_openai_base_url(base_url):
            return chosen is not False  # OpenAI's own endpoint: Responses unless told otherwise
        if not chosen:
            # Most OpenAI-compatible providers serve only Chat Completions, so they get it
            # without being asked (the reference SDK would send them to /responses and 404).
            return False
        if profile_for_base_url(base_url, model).supports_responses_api:
            return True
        logger.debug(
            "The Responses API was requested, but %s is not known to serve it; model %r uses "
            "Chat Completions (register the provider with a profile that has "
            "supports_responses_api=True to change this).",
            base_url,
            model,
        )
        return False

    def get_model(self, model_name: str | None) -> Model:
        client = self._get_client()
        name = model_name or get_default_model()
        if self._uses_responses(str(client.base_url), name):
            return OpenAIResponsesModel(
                model=name, openai_client=client, model_is_explicit=bool(model_name)
            )
        return OpenAIChatCompletionsModel(
            model=name,
            openai_client=client,
            strict_feature_validation=self._strict_feature_validation,
            buffer_streamed_tool_calls=self._buffer_streamed_tool_calls,
        )
