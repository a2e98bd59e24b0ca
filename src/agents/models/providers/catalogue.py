"""The provider table: name -> base URL, key variable, profile.

`Agent(model="groq/llama-3.1-8b-instant")` needs nothing but `GROQ_API_KEY`: the prefix names a
row here, the row says where the provider lives and which variable holds its key, and the
model gets that provider's profile. Clients are shared per provider (and per event loop, since
a connection pool belongs to the loop that opened it), so a program does not open a new
connection pool for every run.

Every row's base URL can be overridden by `<NAME>_BASE_URL` (`OLLAMA_BASE_URL`, `VLLM_BASE_URL`,
`GROQ_BASE_URL`, ...), which is also how tests point a provider at a loopback server.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import os
import re
import threading
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import urlsplit

from agents.exceptions import UserError
from agents.models.dialects import profiles as _profiles
from agents.models.dialects.profiles import DEFAULT_PROFILE
from agents.models.dialects.profiles import ModelProfile
from agents.models.dialects.profiles import apply_family_rules
from agents.models.interface import Model
from agents.models.interface import ModelProvider

if TYPE_CHECKING:
    from openai import AsyncOpenAI

_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})
_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


def _host_key(base_url: str) -> str:
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if host in _LOCAL_HOSTS and parts.port is not None:
        return f"{host}:{parts.port}"
    return host


@dataclass(frozen=True)
class ProviderSpec:
    """One row of the provider table."""

    name: str
    """The model-string prefix: "groq" in "groq/llama-3.1-8b-instant"."""

    base_url: str
    """Where the OpenAI-compatible API starts. `{VAR}` placeholders are filled from the
    environment (Cloudflare's URL holds the account id)."""

    api_key_env: str | None
    """The environment variable holding the key (None: the provider takes no key)."""

    profile: ModelProfile
    """The provider's base profile; model-family rules refine it per model."""

    title: str = ""
    """The provider's name for people."""

    key_required: bool = True
    """False for local servers, which accept any key (or none)."""

    placeholder_key: str = "not-needed"
    """Sent when no key is needed and none is set: the client insists on some string."""

    hosts: tuple[str, ...] = ()
    """Host names (or host:port for local servers) that identify this provider in a
    user-built client's base URL."""

    example_model: str = ""
    """A model this provider serves, for docs and error messages."""

    @property
    def base_url_env(self) -> str:
        """The variable that overrides the base URL: GROQ_BASE_URL, OLLAMA_BASE_URL, ..."""
        return re.sub(r"[^A-Z0-9]", "_", self.name.upper()) + "_BASE_URL"

    def resolved_base_url(self) -> str:
        url = os.environ.get(self.base_url_env) or self.base_url

        def fill(match: re.Match[str]) -> str:
            value = os.environ.get(match.group(1))
            if not value:
                raise UserError(
                    f"The {self.title or self.name} base URL needs {match.group(1)}: set it, "
                    f"or set {self.base_url_env} to the whole base URL"
                )
            return value

        return _PLACEHOLDER.sub(fill, url)

    def api_key(self) -> str | None:
        """The key from the environment; None when it is not set."""
        return os.environ.get(self.api_key_env) if self.api_key_env else None

    def has_credentials(self) -> bool:
        return not self.key_required or bool(self.api_key())

    def required_api_key(self) -> str:
        key = self.api_key()
        if key:
            return key
        if not self.key_required:
            return self.placeholder_key
        raise UserError(
            f"No API key for {self.title or self.name}: set {self.api_key_env} to use "
            f"'{self.name}/<model>' model names (or give the agent an "
            "OpenAIChatCompletionsModel with your own AsyncOpenAI client)."
        )


def _spec(
    name: str,
    title: str,
    base_url: str,
    api_key_env: str | None,
    example_model: str,
    *,
    key_required: bool = True,
    hosts: tuple[str, ...] = (),
    placeholder_key: str = "not-needed",
) -> ProviderSpec:
    return ProviderSpec(
        name=name,
        base_url=base_url,
        api_key_env=api_key_env,
        profile=_profiles.BUILTIN_PROFILES[name],
        title=title,
        key_required=key_required,
        placeholder_key=placeholder_key,
        hosts=hosts or (_host_key(base_url),),
        example_model=example_model,
    )


_BUILTIN: tuple[ProviderSpec, ...] = (
    _spec("openai", "OpenAI", "https://api.openai.com/v1", "OPENAI_API_KEY", "gpt-4.1"),
    _spec(
        "gemini",
        "Google Gemini",
        "https://generativelanguage.googleapis.com/v1beta/openai/",
        "GEMINI_API_KEY",
        "gemini-2.5-flash",
    ),
    _spec(
        "openrouter",
        "OpenRouter",
        "https://openrouter.ai/api/v1",
        "OPENROUTER_API_KEY",
        "anthropic/claude-3.5-sonnet",
    ),
    _spec("groq", "Groq", "https://api.groq.com/openai/v1", "GROQ_API_KEY", "llama-3.1-8b-instant"),
    _spec(
        "together",
        "Together AI",
        "https://api.together.xyz/v1",
        "TOGETHER_API_KEY",
        "meta-llama/Llama-3-70b-chat-hf",
        hosts=("api.together.xyz", "api.together.ai"),
    ),
    _spec(
        "deepseek", "DeepSeek", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY", "deepseek-chat"
    ),
    _spec(
        "mistral",
        "Mistral AI",
        "https://api.mistral.ai/v1",
        "MISTRAL_API_KEY",
        "mistral-large-latest",
    ),
    _spec(
        "fireworks",
        "Fireworks",
        "https://api.fireworks.ai/inference/v1",
        "FIREWORKS_API_KEY",
        "accounts/fireworks/models/llama-v3-70b-instruct",
    ),
    _spec("cerebras", "Cerebras", "https://api.cerebras.ai/v1", "CEREBRAS_API_KEY", "llama3.1-8b"),
    _spec(
        "huggingface",
        "Hugging Face router",
        "https://router.huggingface.co/v1",
        "HF_TOKEN",
        "meta-llama/Llama-3.1-8B-Instruct",
    ),
    _spec(
        "cloudflare",
        "Cloudflare Workers AI",
        "https://api.cloudflare.com/client/v4/accounts/{CLOUDFLARE_ACCOUNT_ID}/ai/v1",
        "CLOUDFLARE_API_TOKEN",
        "@cf/meta/llama-3.1-8b-instruct",
    ),
    _spec(
        "ollama",
        "Ollama (local)",
        "http://localhost:11434/v1",
        "OLLAMA_API_KEY",
        "llama3.1",
        key_required=False,
        placeholder_key="ollama",
        hosts=("localhost:11434", "127.0.0.1:11434"),
    ),
    _spec(
        "vllm",
        "vLLM (local)",
        "http://localhost:8000/v1",
        "VLLM_API_KEY",
        "your-model-name",
        key_required=False,
        placeholder_key="EMPTY",
        hosts=("localhost:8000", "127.0.0.1:8000"),
    ),
)

_registry: dict[str, ProviderSpec] = {spec.name: spec for spec in _BUILTIN}
_registry_lock = threading.Lock()


def register_provider(
    name: str,
    base_url: str,
    api_key_env: str | None,
    profile: ModelProfile | str | None = None,
    *,
    key_required: bool | None = None,
    title: str | None = None,
    example_model: str = "",
    hosts: tuple[str, ...] | None = None,
) -> ProviderSpec:
    """Add (or replace) a provider, so "name/<model>" reaches it with the key in `api_key_env`.

    `profile` is a ModelProfile, the name of a built-in one ("mistral", "ollama", ...) whose
    dialect the provider speaks, or None for a plain OpenAI-compatible endpoint.
    """
    if not name or "/" in name:
        raise UserError(f"A provider name must be non-empty and contain no '/', got {name!r}")
    if not base_url.startswith(("http://", "https://")):
        raise UserError(f"The base URL of provider {name!r} must start with http:// or https://")
    if isinstance(profile, str):
        if profile not in _profiles.BUILTIN_PROFILES:
            known = ", ".join(sorted(_profiles.BUILTIN_PROFILES))
            raise UserError(f"Unknown profile {profile!r} for provider {name!r}; known: {known}")
        resolved = _profiles.BUILTIN_PROFILES[profile]
    elif profile is None:
        resolved = DEFAULT_PROFILE.replace(provider=name)
    elif isinstance(profile, ModelProfile):
        resolved = profile
    else:
        raise UserError(f"profile must be a ModelProfile, a profile name or None, not {profile!r}")
    spec = ProviderSpec(
        name=name,
        base_url=base_url,
        api_key_env=api_key_env,
        profile=resolved,
        title=title or name,
        key_required=api_key_env is not None if key_required is None else key_required,
        hosts=hosts if hosts is not None else (_host_key(base_url),),
        example_model=example_model,
    )
    with _registry_lock:
        _registry[name] = spec
        _table_providers.pop(name, None)
    profile_for.cache_clear()
    profile_for_base_url.cache_clear()
    return spec


def unregister_provider(name: str) -> None:
    """Remove a provider added with `register_provider` (built-in rows come back as they were)."""
    builtin = {spec.name: spec for spec in _BUILTIN}
    with _registry_lock:
        if name in builtin:
            _registry[name] = builtin[name]
        else:
            _registry.pop(name, None)
        _table_providers.pop(name, None)
    profile_for.cache_clear()
    profile_for_base_url.cache_clear()


def get_provider(name: str) -> ProviderSpec | None:
    """The table row for a model-string prefix, if there is one."""
    return _registry.get(name)


def list_providers() -> list[ProviderSpec]:
    """Every row of the table, built-in first."""
    return list(_registry.values())


@functools.lru_cache(maxsize=1024)
def profile_for(provider: str | None, model: str) -> ModelProfile:
    """The profile of `model` on `provider` (None or unknown: the default dialect)."""
    spec = _registry.get(provider) if provider else None
    base = spec.profile if spec is not None else DEFAULT_PROFILE
    return apply_family_rules(base, model)


def provider_for_base_url(base_url: str) -> ProviderSpec | None:
    """The table row whose host a client's base URL points at (None: unknown endpoint)."""
    key = _host_key(base_url)
    if not key:
        return None
    for spec in _registry.values():
        if key in spec.hosts:
            return spec
    return None


@functools.lru_cache(maxsize=1024)
def profile_for_base_url(base_url: str, model: str) -> ModelProfile:
    """The profile for a user-built client: from its base URL's host and the model family."""
    spec = provider_for_base_url(base_url)
    return profile_for(spec.name if spec is not None else None, model)


# -- shared clients ----------------------------------------------------------------------------

_ClientKey = tuple[str, str, str]
_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[_ClientKey, AsyncOpenAI]] = (
    weakref.WeakKeyDictionary()
)


# A forked child must not share its parent's clients (their pools hold the parent's sockets).
os.register_at_fork(after_in_child=_clients.clear)


def client_for(spec: ProviderSpec) -> AsyncOpenAI:
    """The shared client for a provider (one per event loop, base URL and key)."""
    from openai import AsyncOpenAI

    base_url = spec.resolved_base_url()
    key = spec.required_api_key()
    try:
        loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    if loop is None:
        # No loop yet: the client will be used on a loop made later; nothing to share it with.
        return AsyncOpenAI(api_key=key, base_url=base_url)
    cache_key = (spec.name, base_url, hashlib.sha256(key.encode()).hexdigest())
    with _registry_lock:
        per_loop = _clients.setdefault(loop, {})
        client = per_loop.get(cache_key)
        if client is None:
            client = AsyncOpenAI(api_key=key, base_url=base_url)
            per_loop[cache_key] = client
    return client


class TableProvider(ModelProvider):
    """Models of one table provider: "mistral-large-latest" -> a model on Mistral's API."""

    def __init__(self, spec: ProviderSpec) -> None:
        self.spec = spec

    def __repr__(self) -> str:
        return f"TableProvider({self.spec.name!r})"

    def get_model(self, model_name: str | None) -> Model:
        from agents.models.chat.model import OpenAIChatCompletionsModel

        spec = self.spec
        if not model_name:
            example = spec.example_model or "<model>"
            raise UserError(
                f"'{spec.name}/' needs a model name after the slash, e.g. '{spec.name}/{example}'"
            )
        return OpenAIChatCompletionsModel(
            model=model_name,
            openai_client=client_for(spec),
            profile=profile_for(spec.name, model_name),
        )


_table_providers: dict[str, TableProvider] = {}


def table_provider(name: str) -> TableProvider | None:
    """The ModelProvider for a table row (None when there is no such row)."""
    spec = _registry.get(name)
    if spec is None:
        return None
    provider = _table_providers.get(name)
    if provider is None or provider.spec is not spec:
        provider = TableProvider(spec)
        _table_providers[name] = provider
    return provider


def capabilities(profile: ModelProfile) -> dict[str, Any]:
    """A profile's capabilities as the docs table shows them."""

    def flag(value: bool | None) -> str:
        return "per model" if value is None else ("yes" if value else "no")

    choice = profile.tool_choice_required if profile.supports_tool_choice_required else None
    return {
        "json_schema": flag(profile.supports_json_schema),
        "tool_choice required": f'"{choice}"' if choice else "no",
        "strict tools": flag(profile.supports_strict_tools),
        "parallel tool calls": flag(profile.supports_parallel_tool_calls),
        "stream usage option": flag(profile.supports_stream_usage_option),
        "vision": flag(profile.supports_vision),
    }


def provider_table_markdown() -> str:
    """The provider table of docs/providers.md, generated from the table and the profiles."""
    header = [
        "Model string",
        "Base URL",
        "Key variable",
        "json_schema",
        'tool_choice "required"',
        "strict tools",
        "parallel tool calls",
        "stream usage option",
        "vision",
        "Dialect",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for spec in _BUILTIN:
        if spec.name == "openai":
            model = f"`{spec.example_model}` (no prefix)"
        else:
            model = f"`{spec.name}/{spec.example_model}`"
        key = f"`{spec.api_key_env}`" if spec.api_key_env else "-"
        if not spec.key_required:
            key += " (optional)"
        row = [
            model,
            f"`{spec.base_url}`",
            key,
            *capabilities(spec.profile).values(),
            spec.profile.notes.replace("|", "\\|"),
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"
