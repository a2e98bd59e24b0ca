"""Routes "prefix/model" names to providers; anything unprefixed goes to OpenAI's provider."""

from __future__ import annotations

import os
from typing import Any
from typing import Literal

from agents._unavailable import refuse_websocket_transport
from agents.exceptions import UserError
from agents.models import _openai_shared as openai_shared
from agents.models.interface import Model
from agents.models.interface import ModelProvider
from agents.models.openai_agent_registration import OpenAIAgentRegistrationConfig
from agents.models.openai_provider import OpenAIProvider
from agents.models.openai_provider import is_openai_base_url
from agents.models.providers.catalogue import get_provider
from agents.models.providers.catalogue import list_providers
from agents.models.providers.catalogue import provider_for_base_url
from agents.models.providers.catalogue import table_provider


class MultiProviderMap:
    """A user-editable map from prefix to provider, consulted before the built-in ones."""

    def __init__(self) -> None:
        self._mapping: dict[str, ModelProvider] = {}

    def has_prefix(self, prefix: str) -> bool:
        return prefix in self._mapping

    def get_mapping(self) -> dict[str, ModelProvider]:
        return self._mapping.copy()

    def set_mapping(self, mapping: dict[str, ModelProvider]) -> None:
        self._mapping = dict(mapping)

    def get_provider(self, prefix: str) -> ModelProvider | None:
        return self._mapping.get(prefix)

    def add_provider(self, prefix: str, provider: ModelProvider) -> None:
        self._mapping[prefix] = provider

    def remove_provider(self, prefix: str) -> None:
        self._mapping.pop(prefix, None)


class MultiProvider(ModelProvider):
    """The run's default model provider.

    In order: a prefix in `provider_map` goes to that provider; "openai/x" and bare names to
    the OpenAI provider (whose client may point anywhere); "litellm/x" to LiteLLM; a prefix
    in the provider table ("groq/x", "gemini/x", "openrouter/vendor/x", ...) to that
    provider, with the key from its environment variable. A prefix nobody claims is not an
    error: the whole name goes to the default client, because gateway model names such as
    "anthropic/claude-3.5-sonnet" or "meta-llama/Llama-3-70b-chat-hf" contain slashes.

    One overlap is resolved for compatibility: when the default client points elsewhere than
    OpenAI (`set_default_openai_client`, `openai_base_url` or OPENAI_BASE_URL) and a table
    provider's key is not set, "deepseek/deepseek-chat" is the gateway's model name and goes
    whole to the default client, as it always did — unless that client is the named
    provider's own ("gemini/x" with a Gemini default client), which then serves model "x".
    """

    def __init__(
        self,
        *,
        provider_map: MultiProviderMap | None = None,
        openai_api_key: str | None = None,
        openai_base_url: str | None = None,
        openai_client: object | None = None,
        openai_organization: str | None = None,
        openai_project: str | None = None,
        openai_use_responses: bool | None = None,
        openai_use_responses_websocket: bool | None = None,
        openai_strict_feature_validation: bool = False,
        openai_websocket_base_url: str | None = None,
        openai_prefix_mode: Literal["alias", "model_id"] = "alias",
        unknown_prefix_mode: Literal["error", "model_id"] = "error",
        openai_agent_registration: OpenAIAgentRegistrationConfig | dict[str, Any] | None = None,
        openai_responses_websocket_options: Any = None,
        openai_buffer_streamed_tool_calls: bool = False,
    ) -> None:
        from openai import AsyncOpenAI

        if openai_client is not None and not isinstance(openai_client, AsyncOpenAI):
            raise UserError("openai_client must be an AsyncOpenAI client")
        refuse_websocket_transport(
            "MultiProvider",
            openai_use_responses_websocket=openai_use_responses_websocket,
            openai_websocket_base_url=openai_websocket_base_url,
            openai_responses_websocket_options=openai_responses_websocket_options,
        )
        if openai_prefix_mode not in ("alias", "model_id"):
            raise UserError(
                f"MultiProvider openai_prefix_mode must be 'alias' (openai/x is model x) or "
                f"'model_id' (the whole name goes to the OpenAI client), got {openai_prefix_mode!r}"
            )
        if unknown_prefix_mode not in ("error", "model_id"):
            raise UserError(
                f"MultiProvider unknown_prefix_mode must be 'error' or 'model_id' (the whole "
                f"name goes to the OpenAI client), got {unknown_prefix_mode!r}"
            )
        self._openai_prefix_mode = openai_prefix_mode
        self._unknown_prefix_mode = unknown_prefix_mode
        self.provider_map = provider_map
        self.openai_provider = OpenAIProvider(
            api_key=openai_api_key,
            base_url=openai_base_url,
            openai_client=openai_client,
            organization=openai_organization,
            project=openai_project,
            use_responses=openai_use_responses,
            strict_feature_validation=openai_strict_feature_validation,
            agent_registration=openai_agent_registration,
            buffer_streamed_tool_calls=openai_buffer_streamed_tool_calls,
        )
        self._fallbacks: dict[str, ModelProvider] = {}
        self._openai_client = openai_client
        self._openai_base_url = openai_base_url

    def _builtin(self, prefix: str) -> ModelProvider | None:
        if prefix == "openai":
            return self.openai_provider
        if prefix == "litellm":
            if "litellm" not in self._fallbacks:
                try:
                    from agents.extensions.models.litellm_provider import LitellmProvider
                except ImportError as exc:
                    raise UserError(
                        "litellm/ model names need the LiteLLM route: "
                        "pip install 'freeagents[litellm]'"
                    ) from exc
                self._fallbacks["litellm"] = LitellmProvider()
            return self._fallbacks["litellm"]
        return None

    def _default_base_url(self) -> str:
        """Where unprefixed names go ("" for OpenAI's default)."""
        client = self._openai_client or openai_shared.get_default_openai_client()
        if client is not None:
            return str(getattr(client, "base_url", ""))
        return self._openai_base_url or os.environ.get("OPENAI_BASE_URL") or ""

    def get_model(self, model_name: str | None) -> Model:
        if model_name and "/" in model_name:
            prefix, rest = model_name.split("/", 1)
            if prefix == "openai" and self._openai_prefix_mode == "model_id":
                return self.openai_provider.get_model(model_name)
            provider = (
                self.provider_map.get_provider(prefix) if self.provider_map else None
            ) or self._builtin(prefix)
            if provider is not None:
                return provider.get_model(rest)
            spec = get_provider(prefix)
            if spec is not None:
                default = self._default_base_url()
                if spec.has_credentials() or not default or is_openai_base_url(default):
                    table = table_provider(prefix)
                    if table is not None:
                        return table.get_model(rest)
                elif provider_for_base_url(default) is spec:
                    # "gemini/x" while the default client is Gemini's: that client, model x.
                    return self.openai_provider.get_model(rest)
            elif self._unknown_prefix_mode == "error" and is_openai_base_url(
                self._default_base_url() or "https://api.openai.com/v1"
            ):
                # OpenAI's own API has no slashed model names: this is a mistyped prefix, not
                # a gateway's "org/model" name (those go to a default client set elsewhere).
                known = ", ".join(["openai", "litellm", *(p.name for p in list_providers())])
                raise UserError(
                    f"unknown provider {prefix!r} in model {model_name!r}; known providers: "
                    f"{known}. To send a gateway's slashed model names, point the default "
                    "client (or OPENAI_BASE_URL) at the gateway."
                )
        return self.openai_provider.get_model(model_name)
