"""Parameters of openai-agents 0.24 that freeagents' signatures still lack or declare
differently, each with why (tests/compat/test_signatures.py). Remove an entry when it is done:
the test fails while a listed gap no longer differs."""

from __future__ import annotations

NOT_YET = "not yet: the call raises TypeError; still to do (see docs/compatibility.md)"
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
    ("AgentHooks", "args"): NOT_YET,
    ("AgentHooks", "kwargs"): NOT_YET,
    ("OpenAIResponsesCompactionSession.run_compaction", "wrapper"): NOT_YET,
    ("RunContextWrapper.get_approval_status", "current_invocation"): NOT_YET,
    ("RunContextWrapper.get_approval_status", "existing_pending"): NOT_YET,
    ("RunContextWrapper.get_approval_status", "tool_lookup_key"): NOT_YET,
    ("RunContextWrapper.get_approval_status", "tool_namespace"): NOT_YET,
    ("RunContextWrapper.get_rejection_message", "existing_pending"): NOT_YET,
    ("RunContextWrapper.get_rejection_message", "tool_lookup_key"): NOT_YET,
    ("RunContextWrapper.get_rejection_message", "tool_namespace"): NOT_YET,
    ("RunHooks", "args"): NOT_YET,
    ("RunHooks", "kwargs"): NOT_YET,
    ("RunResultStreaming", "run_loop_task"): NOT_YET,
    ("RunResultStreaming", "trace"): NOT_YET,
    ("ToolApprovalItem", "tool_lookup_key"): NOT_YET,
    ("ToolApprovalItem", "tool_origin"): NOT_YET,
}
