"""The provider catalogue: a name -> base URL, key variable and profile, as data.

It builds models, so it sits above the wires. `agents.models.providers` is a documented path
(`register_provider`, `profile_for`, ...); the table itself lives in `catalogue`.
"""

from agents.models.providers.catalogue import ProviderSpec
from agents.models.providers.catalogue import TableProvider
from agents.models.providers.catalogue import capabilities
from agents.models.providers.catalogue import client_for
from agents.models.providers.catalogue import get_provider
from agents.models.providers.catalogue import list_providers
from agents.models.providers.catalogue import profile_for
from agents.models.providers.catalogue import profile_for_base_url
from agents.models.providers.catalogue import provider_for_base_url
from agents.models.providers.catalogue import provider_table_markdown
from agents.models.providers.catalogue import register_provider
from agents.models.providers.catalogue import table_provider
from agents.models.providers.catalogue import unregister_provider

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
