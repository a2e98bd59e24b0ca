"""Names and module paths of openai-agents 0.24 that freeagents does not provide, with why.

Keys are top-level names (`agents.X`) or dotted module paths. Owners: "issue N" when another
issue builds it (remove the entry when it lands; the compatibility test fails until then),
"unavailable" when importing it raises FeatureNotImplementedError with an explanation,
"internal" for the reference's own internals, "not yet" for what is still to do here.
"""

from __future__ import annotations

ISSUE_19 = "issue 19: session back-ends"
UNAVAILABLE = "unavailable: raises FeatureNotImplementedError naming what to use meanwhile"
INTERNAL = "internal: the reference's run loop internals (freeagents' loop is agents._run)"
NOT_YET = "not yet"

NOT_PROVIDED: dict[str, str] = {
    # issue 19
    "agents.extensions.memory.dapr_session": ISSUE_19,
    "agents.extensions.memory.mongodb_session": ISSUE_19,
    # not yet
    "ProgrammaticToolCallingTool": (
        "not yet: OpenAI's hosted programmatic tool calling runs model-written JavaScript that "
        "calls the agent's tools; the reference's run loop answers those nested calls by "
        "caller id, which freeagents' loop does not do yet (a config-only class would be "
        "sent and then fail on the first program call)"
    ),
    # unavailable: import fails with an explanation
    "OpenAIResponsesWSModel": UNAVAILABLE,
    "OpenAIResponsesWebSocketOptions": UNAVAILABLE,
    "ResponsesWebSocketSession": UNAVAILABLE,
    "responses_websocket_session": UNAVAILABLE,
    "agents.responses_websocket_session": UNAVAILABLE,
    "agents.testing.sandbox": UNAVAILABLE,
    "agents.extensions.models.any_llm_model": UNAVAILABLE,
    "agents.extensions.models.any_llm_provider": UNAVAILABLE,
    # not yet, other groups of issue 16
    "set_default_openai_responses_transport": UNAVAILABLE + " (the websocket transport)",
}

UNAVAILABLE_MODULE_PREFIXES = (
    "agents.sandbox",
    "agents.extensions.sandbox",
    "agents.realtime",
    "agents.voice",
    "agents.extensions.experimental",
)
"""Whole package trees that raise FeatureNotImplementedError on import, except the few
`agents.sandbox` modules whose classes are declared for plug-ins (DECLARED_MODULES in
agents/sandbox/_declared.py): those import, and their classes raise when used."""

INTERNAL_MODULE_PREFIXES = ("agents.run_internal",)
