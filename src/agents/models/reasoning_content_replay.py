"""Whether a reasoning item's text goes back to a Chat Completions provider.

Some providers want the reasoning they produced sent back on the next request (DeepSeek's
`reasoning_content`, on tool-call turns); the rest ignore or reject it. freeagents decides
from the provider's profile by default (only the provider that produced the reasoning gets
it back, in its own field). A `should_replay_reasoning_content` hook on
`OpenAIChatCompletionsModel` or `LitellmModel` overrides that decision per item: True sends
the text (in the profile's field, else `reasoning_content`), False keeps it out.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from typing import TypeAlias

__all__ = [
    "ReasoningContentReplayContext",
    "ReasoningContentSource",
    "ShouldReplayReasoningContent",
    "default_should_replay_reasoning_content",
]


@dataclass
class ReasoningContentSource:
    """The reasoning item that could be sent back."""

    item: Any
    """The reasoning input item."""

    origin_model: str | None
    """The model that produced it, when known."""

    provider_data: Mapping[str, Any]
    """What the producing provider left on it (empty when nothing)."""


@dataclass
class ReasoningContentReplayContext:
    """What a replay hook decides on."""

    model: str
    """The model the next Chat Completions request goes to."""

    base_url: str | None
    """Where that request goes, when known."""

    reasoning: ReasoningContentSource


ShouldReplayReasoningContent: TypeAlias = Callable[[ReasoningContentReplayContext], bool]


def default_should_replay_reasoning_content(context: ReasoningContentReplayContext) -> bool:
    """The reference SDK's rule: send reasoning back only to a DeepSeek model, and only
    reasoning a DeepSeek model made (or reasoning that says nothing of its origin)."""
    if "deepseek" not in context.model.lower():
        return False
    origin = context.reasoning.origin_model
    if origin is not None and "deepseek" in origin.lower():
        return True
    return not any(key != "thinking_blocks" for key in context.reasoning.provider_data)


def replay_decision(
    hook: ShouldReplayReasoningContent, model: str, base_url: str | None
) -> Callable[[Mapping[str, Any]], bool]:
    """The hook as the message builder asks it: reasoning input item -> send its text?"""

    def decide(item: Mapping[str, Any]) -> bool:
        data = item.get("provider_data")
        provider_data: Mapping[str, Any] = data if isinstance(data, Mapping) else {}
        origin = provider_data.get("model")
        source = ReasoningContentSource(
            item=item,
            origin_model=origin if isinstance(origin, str) and origin else None,
            provider_data=provider_data,
        )
        return bool(hook(ReasoningContentReplayContext(model, base_url, source)))

    return decide
