"""What a provider's Chat Completions dialect supports and how it spells things, as data.

The adapter reads a profile instead of testing provider names, so a new provider is a new
row, not new branches in the request path. A profile is resolved once per model object: the
provider's base profile, then the model-family rules that match the model name.

Facts are dated where they were checked; providers change, and a wrong fact should be a
one-line fix here.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Literal

from agents.models.dialects.schema_transforms import gemini_json_schema
from agents.models.dialects.tool_call_ids import MISTRAL_TOOL_CALL_IDS
from agents.models.dialects.tool_call_ids import ToolCallIdRule


@dataclass(frozen=True)
class ModelProfile:
    """A dialect of Chat Completions: capabilities and spellings of one provider/model family."""

    provider: str = "openai-compatible"
    """Who speaks this dialect. Recorded on the items a model produces, so provider-only data
    (reasoning text, signatures, original tool-call ids) goes back only to this provider."""

    # -- what works --------------------------------------------------------------------------

    supports_tools: bool = True
    """Function tools can be sent."""

    supports_json_schema: bool = True
    """The endpoint accepts `response_format: {"type": "json_schema", ...}`."""

    supports_json_object: bool = True
    """The endpoint accepts `response_format: {"type": "json_object"}` (JSON mode)."""

    supports_response_format_with_tools: bool = True
    """A JSON `response_format` may go in the same request as tools. Where not, an agent
    with tools and an output type gets its output through a final-output tool instead."""

    supports_tool_choice_required: bool = True
    """`tool_choice` can force some tool call (spelled `tool_choice_required`)."""

    tool_choice_required: str = "required"
    """How "call some tool" is spelled: Mistral says "any"."""

    supports_tool_choice_function: bool = True
    """`tool_choice` can name one function to call."""

    supports_strict_tools: bool = True
    """Function definitions may carry `strict: true`; where not, the flag is left out."""

    supports_parallel_tool_calls: bool = True
    """The `parallel_tool_calls` setting is accepted; where not, it is left out."""

    supports_stream_usage_option: bool = True
    """The endpoint accepts `stream_options: {"include_usage": true}` (OpenAI's way to get
    usage in a stream). Where it does not, usage must come from the stream by itself."""

    supports_vision: bool | None = None
    """Image parts in user messages: True, False (a clear error before sending), or None
    (unknown: send them and let the server decide)."""

    supports_responses_api: bool = False
    """The provider also serves OpenAI's Responses API (`/responses`); models named by string
    use it only when the user asks for it (set_default_openai_api("responses"))."""

    # -- reasoning ---------------------------------------------------------------------------

    reasoning_fields: tuple[str, ...] = ("reasoning_content", "reasoning")
    """Message and delta fields that carry reasoning text, in order of preference."""

    reasoning_field_to_send: str | None = None
    """Field the provider wants its reasoning returned in (None: never send reasoning back)."""

    reasoning_sent_on: Literal["tool_call_turns", "all_turns"] = "tool_call_turns"
    """Which assistant messages carry reasoning back: DeepSeek needs it on tool-call turns
    (400 otherwise) and documents ignoring it elsewhere."""

    reasoning_details_field: str | None = "reasoning_details"
    """A field of structured reasoning blocks (OpenRouter) kept on the reasoning item and
    returned as-is to the same provider and model on the assistant message."""

    think_tags: tuple[str, ...] = ("think",)
    """Tags that, opening the content, hold inline reasoning (`<think>...</think>`)."""

    # -- tool calls --------------------------------------------------------------------------

    tool_call_ids: ToolCallIdRule | None = None
    """The only id shape the provider accepts in requests; other ids are rewritten."""

    tool_call_extra_fields: tuple[str, ...] = ("extra_content",)
    """Fields of a tool call kept and returned with it to the same provider and model (Gemini's
    thought signature lives at `extra_content.google.thought_signature`)."""

    unsigned_tool_call_extra: Mapping[str, Any] | None = None
    """Extra fields for the first tool call of an assistant message none of whose calls
    carries its own (a call another provider or the user made): Gemini 3 answers 400 to a
    function call without a thought signature, and Google documents a placeholder for it."""

    # -- messages ----------------------------------------------------------------------------

    assistant_between_tool_and_user: str | None = None
    """Mistral rejects a user message right after a tool message ("Unexpected role 'user'
    after role 'tool'"); where set, an assistant message with this text is put between."""

    # -- request parameters ------------------------------------------------------------------

    max_tokens_field: str = "max_tokens"
    """How the output-token limit is spelled in the request."""

    dropped_params: frozenset[str] = frozenset()
    """Request parameters the provider rejects; left out of requests built from settings."""

    renamed_params: tuple[tuple[str, str], ...] = ()
    """(ours, theirs) pairs for parameters the provider spells differently."""

    json_schema_transform: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    """Rewrites tool and output schemas into the subset the provider accepts."""

    # -- responses ---------------------------------------------------------------------------

    usage_paths: tuple[tuple[str, ...], ...] = (("usage",), ("x_groq", "usage"))
    """Where a chunk or completion may carry usage, first found wins (Groq's older streams
    put it only in `x_groq.usage` of the last chunk)."""

    notes: str = ""
    """One line for the provider table in the docs."""

    def replace(self, **changes: Any) -> ModelProfile:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)


DEFAULT_PROFILE = ModelProfile()
"""An endpoint nothing more is known about: send what OpenAI accepts, read every known
dialect's fields from the answer."""

# Parameters only OpenAI's own API accepts; most other providers answer 400/422 to them.
_OPENAI_ONLY = frozenset(
    {"metadata", "store", "verbosity", "prompt_cache_retention", "prompt_cache_options"}
)

OPENAI = ModelProfile(
    provider="openai",
    supports_responses_api=True,
    max_tokens_field="max_completion_tokens",
    think_tags=(),
    notes="usage in a final chunk with no choices; `obfuscation` on each chunk",
)

GEMINI = ModelProfile(
    provider="gemini",
    supports_strict_tools=False,  # "Unknown name "strict" at 'tools[0].function'" (2025-05)
    supports_parallel_tool_calls=False,
    # "Function calling with a response mime type: 'application/json' is unsupported" (2025-06)
    supports_response_format_with_tools=False,
    supports_vision=True,
    think_tags=("thought", "think"),
    dropped_params=_OPENAI_ONLY | {"logprobs", "top_logprobs", "parallel_tool_calls"},
    json_schema_transform=gemini_json_schema,
    notes='tool-call ids may be ""; thought signatures go back; JSON-schema subset',
)

GROQ = ModelProfile(
    provider="groq",
    supports_json_schema=False,  # only some model families; see FAMILY_RULES
    supports_strict_tools=False,
    supports_vision=False,  # except llama-4; see FAMILY_RULES
    reasoning_fields=("reasoning", "reasoning_content"),
    dropped_params=_OPENAI_ONLY | {"logprobs", "top_logprobs"},
    notes="usage in `x_groq`; in-stream `event: error` (tool_use_failed); json_schema on "
    "gpt-oss, kimi-k2, llama-4; vision on llama-4",
)

DEEPSEEK = ModelProfile(
    provider="deepseek",
    supports_json_schema=False,  # json_object only (2025-06)
    supports_strict_tools=False,  # strict mode only on the beta base URL
    supports_parallel_tool_calls=False,
    supports_vision=False,
    reasoning_fields=("reasoning_content",),
    reasoning_field_to_send="reasoning_content",
    dropped_params=_OPENAI_ONLY | {"parallel_tool_calls"},
    notes="`reasoning_content` must go back on tool-call turns; cached = prompt_cache_hit_tokens",
)

MISTRAL = ModelProfile(
    provider="mistral",
    tool_choice_required="any",
    supports_stream_usage_option=False,  # unknown fields are 422 "extra_forbidden"
    tool_call_ids=MISTRAL_TOOL_CALL_IDS,
    assistant_between_tool_and_user="Ok.",
    dropped_params=_OPENAI_ONLY
    | {"logprobs", "top_logprobs", "reasoning_effort", "stream_options"},
    renamed_params=(("seed", "random_seed"),),
    notes='9-character tool ids; tool_choice "any"; content may be a list of chunks',
)

OPENROUTER = ModelProfile(
    provider="openrouter",
    reasoning_fields=("reasoning", "reasoning_content"),
    notes="SSE comments; usage (with cost) in an extra chunk; errors inside 200 streams",
)

TOGETHER = ModelProfile(
    provider="together",
    supports_strict_tools=False,
    dropped_params=_OPENAI_ONLY,
    notes='finish_reason "eos"; `<think>` inline; usage without being asked',
)

HUGGINGFACE = TOGETHER.replace(provider="huggingface", notes="router to many inference providers")

FIREWORKS = TOGETHER.replace(
    provider="fireworks",
    notes="model names are account paths; `<think>` inline on reasoning models",
)

CEREBRAS = ModelProfile(
    provider="cerebras",
    supports_vision=False,
    dropped_params=_OPENAI_ONLY
    | {"frequency_penalty", "presence_penalty", "parallel_tool_calls", "logprobs"},
    supports_parallel_tool_calls=False,
    notes="streams may end without [DONE]",
)

_PLAIN_TOOLS = ModelProfile(
    supports_strict_tools=False,
    supports_parallel_tool_calls=False,
    dropped_params=_OPENAI_ONLY | {"parallel_tool_calls"},
)
"""Servers whose function calling has neither `strict` nor the `parallel_tool_calls` switch."""

OLLAMA = _PLAIN_TOOLS.replace(
    provider="ollama",
    reasoning_fields=("reasoning", "reasoning_content"),
    notes="`reasoning` field; short tool ids; no strict tools",
)

VLLM = TOGETHER.replace(
    provider="vllm",
    notes='integer stop_reason; "chatcmpl-tool-..." ids; `tool_calls: []` on text',
)

CLOUDFLARE = _PLAIN_TOOLS.replace(
    provider="cloudflare", notes="content may be a JSON object, not a string"
)

BUILTIN_PROFILES: Mapping[str, ModelProfile] = {
    p.provider: p
    for p in (
        OPENAI,
        GEMINI,
        GROQ,
        DEEPSEEK,
        MISTRAL,
        OPENROUTER,
        TOGETHER,
        HUGGINGFACE,
        FIREWORKS,
        CEREBRAS,
        OLLAMA,
        VLLM,
        CLOUDFLARE,
    )
}
"""The built-in provider profiles by provider name."""


@dataclass(frozen=True)
class FamilyRule:
    """Changes to a provider's profile for models whose name matches `pattern`."""

    pattern: str
    """A regular expression searched (case-insensitively) in the model name."""

    changes: Mapping[str, Any] = field(default_factory=dict)
    """Profile fields to set."""

    provider: str | None = None
    """Only for this provider's profile; None: whatever the provider."""

    def matches(self, provider: str, model: str) -> bool:
        if self.provider is not None and self.provider != provider:
            return False
        return re.search(self.pattern, model, re.IGNORECASE) is not None


GEMINI_3_OR_LATER = r"(^|/)gemini-([3-9]|[1-9]\d)(\b|[.-])"
"""Gemini models that reject a function call without a thought signature (Gemini 3 on)."""

GEMINI_PLACEHOLDER_SIGNATURE: Mapping[str, Any] = {
    "extra_content": {"google": {"thought_signature": "skip_thought_signature_validator"}}
}
"""Google's documented stand-in signature for a function call Gemini did not make, where the
OpenAI-compatible endpoint reads signatures (ai.google.dev/gemini-api/docs/thought-signatures)."""

_MISTRAL_FAMILY = r"(^|/)(mistral|mixtral|magistral|devstral|ministral|codestral|pixtral)"

FAMILY_RULES: list[FamilyRule] = [
    # Mistral models keep their template's rules wherever they are served (vLLM, OpenRouter,
    # NIM...): 9-character tool ids and an assistant turn between tool results and the user.
    FamilyRule(
        _MISTRAL_FAMILY,
        {"tool_call_ids": MISTRAL_TOOL_CALL_IDS, "assistant_between_tool_and_user": "Ok."},
    ),
    # OpenAI reasoning models reject sampling parameters (400 "Unsupported parameter").
    FamilyRule(
        r"^(o\d|gpt-5(?!-chat))",
        {
            "dropped_params": OPENAI.dropped_params
            | {"temperature", "top_p", "frequency_penalty", "presence_penalty", "logprobs"}
        },
        provider="openai",
    ),
    # Groq: structured outputs on these families only (2025-08).
    FamilyRule(r"gpt-oss|kimi-k2|llama-4", {"supports_json_schema": True}, provider="groq"),
    FamilyRule(r"llama-4|vision", {"supports_vision": True}, provider="groq"),
    # Gemini's thinking models put signatures on tool calls; gemma (served by Gemini) has no
    # vision in the OpenAI-compatible layer.
    FamilyRule(r"^gemma", {"supports_vision": None}, provider="gemini"),
    FamilyRule(
        GEMINI_3_OR_LATER,
        {"unsigned_tool_call_extra": GEMINI_PLACEHOLDER_SIGNATURE},
        provider="gemini",
    ),
]
"""Model-family adjustments, applied in order after the provider's base profile."""


def apply_family_rules(profile: ModelProfile, model: str) -> ModelProfile:
    """`profile` adjusted for the model family `model` belongs to."""
    changes: dict[str, Any] = {}
    for rule in FAMILY_RULES:
        if rule.matches(profile.provider, model):
            changes.update(rule.changes)
    return profile.replace(**changes) if changes else profile
