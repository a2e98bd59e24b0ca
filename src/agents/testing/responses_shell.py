"""What the Responses loopback accepts in a `shell` tool's `environment`, as the API does
(2026-01): this machine (`local`) or a hosted container (`container_auto`, with its network
policy and skills, or `container_reference`); anything else is the API's 400, so a wrong
declaration fails in tests instead of against OpenAI."""

from __future__ import annotations

from typing import Any

__all__ = ["ShellEnvironmentError", "check_shell_environment"]

_FIELDS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    # type: (allowed fields, required fields)
    "local": (frozenset({"type", "skills"}), ()),
    "container_auto": (
        frozenset({"type", "file_ids", "memory_limit", "network_policy", "skills"}),
        (),
    ),
    "container_reference": (frozenset({"type", "container_id"}), ("container_id",)),
    "allowlist": (frozenset({"type", "allowed_domains", "domain_secrets"}), ("allowed_domains",)),
    "disabled": (frozenset({"type"}), ()),
    "skill_reference": (frozenset({"type", "skill_id", "version"}), ("skill_id",)),
    "inline": (
        frozenset({"type", "name", "description", "source"}),
        ("name", "description", "source"),
    ),
}


class ShellEnvironmentError(ValueError):
    """A shell environment the API refuses: the message and the parameter it names."""

    def __init__(self, message: str, param: str) -> None:
        super().__init__(message)
        self.param = param


def _check(value: Any, where: str, kinds: tuple[str, ...]) -> dict[str, Any]:
    kind = value.get("type") if isinstance(value, dict) else None
    if kind not in kinds:
        raise ShellEnvironmentError(
            f"Invalid value: '{kind}'. Supported values are: {', '.join(map(repr, kinds))}.",
            f"{where}.type",
        )
    allowed, required = _FIELDS[str(kind)]
    for name in value:
        if name not in allowed:
            raise ShellEnvironmentError(f"Unknown parameter: '{where}.{name}'.", f"{where}.{name}")
    for name in required:
        if name not in value:
            raise ShellEnvironmentError(
                f"Missing required parameter: '{where}.{name}'.", f"{where}.{name}"
            )
    return dict(value)


def check_shell_environment(environment: Any, where: str) -> None:
    """Raise ShellEnvironmentError for an environment the API would refuse."""
    if environment is None:
        return
    env = _check(environment, where, ("local", "container_auto", "container_reference"))
    if env["type"] == "local":
        return
    policy = env.get("network_policy")
    if policy is not None:
        _check(policy, f"{where}.network_policy", ("allowlist", "disabled"))
    for j, skill in enumerate(env.get("skills") or []):
        found = _check(skill, f"{where}.skills[{j}]", ("skill_reference", "inline"))
        source = found.get("source")
        if found["type"] == "inline" and not (
            isinstance(source, dict)
            and source.get("type") == "base64"
            and source.get("media_type") == "application/zip"
            and isinstance(source.get("data"), str)
        ):
            param = f"{where}.skills[{j}].source"
            raise ShellEnvironmentError(
                f"Invalid '{param}': expected a base64 application/zip source.", param
            )
