"""The hosted containers a ShellTool can name instead of this machine (OpenAI's Responses API).

With `ShellTool(environment={"type": "container_auto", ...})` or a `container_reference`,
OpenAI runs the commands in its own container: the request declares the environment as
written here, the response carries both the `shell_call` and the server's
`shell_call_output`, and nothing runs locally. Only OpenAI's Responses route can host it;
every other route refuses such a tool with a UserError (see `ShellTool.function_tool`).
"""

from __future__ import annotations

from typing import Literal
from typing import TypeAlias

from typing_extensions import NotRequired
from typing_extensions import TypedDict

from agents._local_tool_table import local_tool_names

__all__ = ["HOSTED_SHELL_ENVIRONMENTS", *local_tool_names(__name__)]

HOSTED_SHELL_ENVIRONMENTS = frozenset({"container_auto", "container_reference"})
"""Environment types whose commands OpenAI runs."""


class ShellToolSkillReference(TypedDict):
    """A skill already uploaded to OpenAI, by id (and version)."""

    type: Literal["skill_reference"]
    skill_id: str
    version: NotRequired[str]


class ShellToolInlineSkillSource(TypedDict):
    """An inline skill's files: a zip archive, base64-encoded."""

    data: str
    media_type: Literal["application/zip"]
    type: Literal["base64"]


class ShellToolInlineSkill(TypedDict):
    """A skill sent with the request itself."""

    description: str
    name: str
    source: ShellToolInlineSkillSource
    type: Literal["inline"]


ShellToolContainerSkill: TypeAlias = ShellToolSkillReference | ShellToolInlineSkill
"""A skill mounted in a hosted container."""


class ShellToolContainerNetworkPolicyDomainSecret(TypedDict):
    """A secret the container may send to one allowed domain only."""

    domain: str
    name: str
    value: str


class ShellToolContainerNetworkPolicyAllowlist(TypedDict):
    """The container reaches only these domains."""

    allowed_domains: list[str]
    type: Literal["allowlist"]
    domain_secrets: NotRequired[list[ShellToolContainerNetworkPolicyDomainSecret]]


class ShellToolContainerNetworkPolicyDisabled(TypedDict):
    """The container has no network."""

    type: Literal["disabled"]


ShellToolContainerNetworkPolicy: TypeAlias = (
    ShellToolContainerNetworkPolicyAllowlist | ShellToolContainerNetworkPolicyDisabled
)
"""What a hosted container may reach on the network."""


class ShellToolContainerAutoEnvironment(TypedDict):
    """A container OpenAI provisions for the request."""

    type: Literal["container_auto"]
    file_ids: NotRequired[list[str]]
    memory_limit: NotRequired[Literal["1g", "4g", "16g", "64g"] | None]
    network_policy: NotRequired[ShellToolContainerNetworkPolicy]
    skills: NotRequired[list[ShellToolContainerSkill]]


class ShellToolContainerReferenceEnvironment(TypedDict):
    """A container that already exists on OpenAI, by id."""

    type: Literal["container_reference"]
    container_id: str


ShellToolHostedEnvironment: TypeAlias = (
    ShellToolContainerAutoEnvironment | ShellToolContainerReferenceEnvironment
)
"""The environments OpenAI runs the commands in."""
