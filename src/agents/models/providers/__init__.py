"""The provider catalogue: a name -> base URL, key variable and profile, as data.

It builds models, so it sits above the wires. `agents.models.providers` is a documented path
(`register_provider`, `profile_for`, ...); the table itself lives in `catalogue`.
"""

from agents.models.providers.catalogue import (
    ProviderSpec,
    TableProvider,
    capabilities,
    client_for,
    get_provider,
    list_providers,
    profile_for,
    profile_for_base_url,
    provider_for_base_url,
    provider_table_markdown,
    register_provider,
    table_provider,
    unregister_provider,
)

__all__ = [
    "ProviderSpec",
    "TableProvider",
    "capabilities",
    "client_for",
    "get_provider",
    "list_providers",
    "profile_for",
    "profile_for_base_url",
    "provider_for_base_url",
    "provider_table_markdown",
    "register_provider",
    "table_provider",
    "unregister_provider",
]
