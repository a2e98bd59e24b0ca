"""Parameters of openai-agents 0.24 that freeagents' signatures still lack or declare
differently, each with why (tests/compat/test_signatures.py). Remove an entry when it is done:
the test fails while a listed gap no longer differs."""

from __future__ import annotations

HOOK_ALIAS = (
    "the reference's RunHooks/AgentHooks are typing aliases of generic base classes, so their "
    "recorded signature is the alias's (*args, **kwargs); calling them with arguments fails "
    "there too, so no program passes any"
)
SENTINEL = (
    "the reference's default is a private sentinel meaning 'not overridden'; freeagents "
    "uses None/False for the same meaning, and no caller can pass the sentinel"
)
DELIBERATE = (
    "deliberate: freeagents defaults to 'return_error_to_model' (docs/compatibility.md, "
    "Differences); pass 'raise_error' for the reference's behaviour"
)

GAPS: dict[tuple[str, str], str] = {
    ("RunConfig", "tool_not_found_behavior"): DELIBERATE,
    **{
        ("ModelRetryNormalizedError", name): SENTINEL
        for name in (
            "error_code",
            "is_abort",
            "is_network_error",
            "is_timeout",
            "message",
            "request_id",
            "retry_after",
            "status_code",
        )
    },
    ("AgentHooks", "args"): HOOK_ALIAS,
    ("AgentHooks", "kwargs"): HOOK_ALIAS,
    ("RunHooks", "args"): HOOK_ALIAS,
    ("RunHooks", "kwargs"): HOOK_ALIAS,
}
