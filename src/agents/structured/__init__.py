"""Structured output on every provider: strategies, JSON extraction, validation and repair.

`agent_output` describes what the output type is; this package decides how a provider is asked
for it (`plan`), finds the JSON in what comes back (`extract`), validates it (`validate`), and
words the repair turn (`prompts`). Wire adapters use `choose_plan` / `call_with_fallback`; the
run loop uses `validate_output` and `prompts.repair`.

Import rule: below the models package, which it never imports; it reads a dialect through
`plan.OutputSupport`, a type it owns and `ModelProfile` satisfies.
"""

from __future__ import annotations

from agents.agent_output import OUTPUT_STRATEGIES
from agents.agent_output import OutputStrategy
from agents.structured.extract import extract_json
from agents.structured.extract import iter_json_candidates
from agents.structured.extract import strip_reasoning
from agents.structured.plan import forget_rejections
from agents.structured.plan import rejected_strategies
from agents.structured.validate import validate_output

__all__ = [
    "OUTPUT_STRATEGIES",
    "OutputStrategy",
    "extract_json",
    "forget_rejections",
    "iter_json_candidates",
    "rejected_strategies",
    "strip_reasoning",
    "validate_output",
]
