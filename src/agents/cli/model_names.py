"""Model strings on the command line: checked before any request, resolved like an Agent's.

The SDK sends a name with an unknown prefix ("anthropic/claude-3.5-sonnet") whole to the
default client, because gateways use slashed names. On the command line a typo such as
"grq/llama-3.1-8b-instant" would then fail later with a confusing OpenAI key error, so the
command refuses unknown prefixes unless a gateway is configured to receive them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from agents.cli.errors import CliError
from agents.cli.errors import ExitCode
from agents.models.interface import Model
from agents.models.multi_provider import MultiProvider
from agents.models.openai_provider import is_openai_base_url
from agents.models.providers.catalogue import get_provider
from agents.models.providers.catalogue import list_providers

MODEL_ENV = "FREEAGENTS_MODEL"
"""The model used when `--model` is not given."""

_ROUTES = ("openai", "litellm")


@dataclass(frozen=True)
class ModelName:
    """A model string split the way MultiProvider splits it."""

    full: str
    provider: str
    """The provider row it reaches ("openai" for bare names and gateway names)."""
    model: str
    """The name sent to the provider."""


def default_model(given: str | None) -> str:
    """`--model`, else FREEAGENTS_MODEL; a usage error when neither is set."""
    name = given or os.environ.get(MODEL_ENV)
    if not name:
        raise CliError(
            f"no model: pass --model provider/model (e.g. groq/llama-3.1-8b-instant) "
            f"or set {MODEL_ENV}",
            ExitCode.USAGE,
        )
    return name


def _gateway_configured() -> bool:
    base_url = os.environ.get("OPENAI_BASE_URL") or ""
    return bool(base_url) and not is_openai_base_url(base_url)


def parse_model_name(name: str) -> ModelName:
    """Split and check a model string; unknown prefixes are a usage error."""
    name = name.strip()
    if not name:
        raise CliError("the model name is empty", ExitCode.USAGE)
    if "/" not in name:
        return ModelName(name, "openai", name)
    prefix, rest = name.split("/", 1)
    if not rest:
        spec = get_provider(prefix)
        example = spec.example_model if spec and spec.example_model else "<model>"
        raise CliError(
            f"'{name}' needs a model name after the slash, e.g. '{prefix}/{example}'",
            ExitCode.USAGE,
        )
    if prefix in _ROUTES or get_provider(prefix) is not None:
        return ModelName(name, prefix, rest)
    if _gateway_configured():
        return ModelName(name, "openai", name)
    known = ", ".join(spec.name for spec in list_providers())
    raise CliError(
        f"unknown provider '{prefix}' in model '{name}'; known providers: {known} "
        "(see `freeagents providers`; to send a gateway's slashed model names, set "
        "OPENAI_BASE_URL to the gateway)",
        ExitCode.USAGE,
    )


def resolve_model(name: str, provider: MultiProvider | None = None) -> Model:
    """The Model an Agent(model=name) would run on; missing keys raise the table's UserError."""
    parse_model_name(name)
    return (provider or MultiProvider()).get_model(name.strip())
