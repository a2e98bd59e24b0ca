"""Lookup tables that must cover what they map: a misspelt key or a new case fails here, not
when a model name or an error happens to meet it."""

from __future__ import annotations

import dataclasses
import inspect
import re
import typing

import httpx
import openai
import pytest

import agents
from agents import exceptions
from agents._run.event_names import EVENT_NAMES as _EVENT_NAMES
from agents.items import RunItem
from agents.models.dialects.profiles import BUILTIN_PROFILES
from agents.models.dialects.profiles import FAMILY_RULES
from agents.models.dialects.profiles import ModelProfile
from agents.models.providers import profile_for
from agents.models.reliability import provider_errors
from agents.stream_events import RunItemEventName

# -- profile family rules ---------------------------------------------------------------------

FAMILY_EXAMPLES: list[tuple[str, str]] = [
    ("vllm", "mistralai/Mistral-7B-Instruct-v0.3"),
    ("openai", "o3-mini"),
    ("groq", "openai/gpt-oss-20b"),
    ("groq", "meta-llama/llama-4-scout-17b-16e-instruct"),
    ("gemini", "gemma-3-27b-it"),
    ("gemini", "gemini-3-pro-preview"),
]
"""One (provider, model) per entry of FAMILY_RULES, in order: a new rule needs its example."""


def test_every_family_rule_has_an_example() -> None:
    assert len(FAMILY_EXAMPLES) == len(FAMILY_RULES)


@pytest.mark.parametrize("index", range(len(FAMILY_RULES)))
def test_family_rule_is_well_formed_and_changes_its_example(index: int) -> None:
    rule = FAMILY_RULES[index]
    provider, model = FAMILY_EXAMPLES[index]
    re.compile(rule.pattern)
    fields = {f.name for f in dataclasses.fields(ModelProfile)}
    assert set(rule.changes) <= fields, f"unknown profile fields {set(rule.changes) - fields}"
    assert rule.provider is None or rule.provider in BUILTIN_PROFILES
    assert rule.matches(provider, model)
    resolved = profile_for(provider, model)
    for name, value in rule.changes.items():
        assert getattr(resolved, name) == value, (name, model)
    assert resolved != BUILTIN_PROFILES[provider]


def test_family_rules_do_not_fire_on_other_providers() -> None:
    for rule, (_provider, model) in zip(FAMILY_RULES, FAMILY_EXAMPLES, strict=True):
        if rule.provider is not None:
            other = next(name for name in BUILTIN_PROFILES if name != rule.provider)
            assert not rule.matches(other, model)


# -- provider error classes -------------------------------------------------------------------

PROVIDER_ERRORS = {
    cls
    for cls in vars(exceptions).values()
    if inspect.isclass(cls)
    and issubclass(cls, exceptions.ModelProviderError)
    and cls is not exceptions.ModelProviderError
}


def _status_error(status: int) -> openai.APIStatusError:
    """The exception the `openai` client itself raises for an HTTP status."""
    client = openai.OpenAI(api_key="k", base_url="http://127.0.0.1:9/v1")
    response = httpx.Response(status, request=httpx.Request("POST", "http://127.0.0.1:9/v1"))
    return client._make_status_error("failed", body=None, response=response)


STATUSES = [400, 401, 403, 404, 409, 418, 422, 429, 500, 502, 503]
UNMAPPED_OPENAI_CLASSES: set[type[openai.APIStatusError]] = set()
"""`openai` classes with no SDK class of their own (none today: each has its subclass)."""


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_maps_to_a_class_that_is_also_the_openai_one(status: int) -> None:
    original = _status_error(status)
    cls = provider_errors.error_class(original)
    wrapped = provider_errors.wrap_provider_error(
        original, base_url="http://127.0.0.1:9/v1", model="m", api_key="k"
    )
    assert type(wrapped) is cls
    assert isinstance(wrapped, openai.APIStatusError)
    if type(original) not in UNMAPPED_OPENAI_CLASSES:
        assert isinstance(wrapped, type(original)), (status, cls, type(original))


def test_every_provider_error_class_is_reachable_exported_and_an_openai_error() -> None:
    request = httpx.Request("POST", "http://127.0.0.1:9/v1")
    reached = {provider_errors.error_class(_status_error(status)) for status in STATUSES}
    reached |= {
        provider_errors.error_class(openai.APITimeoutError(request)),
        provider_errors.error_class(openai.APIConnectionError(request=request)),
        provider_errors.error_class(
            openai.APIResponseValidationError(httpx.Response(200, request=request), None)
        ),
    }
    assert reached == PROVIDER_ERRORS - {exceptions.AllModelsFailedError}
    for cls in PROVIDER_ERRORS:
        assert getattr(agents, cls.__name__) is cls, f"{cls.__name__} is not exported"
        assert cls.__name__ in agents.__all__
        if cls is not exceptions.AllModelsFailedError:
            assert issubclass(cls, openai.APIError), cls
    assert set(provider_errors._HINTS) <= PROVIDER_ERRORS


# -- run-item event names ---------------------------------------------------------------------


def test_every_run_item_type_has_its_event_name_and_every_name_is_used() -> None:
    item_types = {
        typing.get_type_hints(cls)["type"].__args__[0] for cls in typing.get_args(RunItem)
    }
    # An approval item is an interruption read from the result, never a stream event (as in
    # the reference SDK), nor are input added to a paused run and compactions (the reference
    # streams neither); every other item type has its event.
    unstreamed = {"tool_approval_item", "input_item", "compaction_item"}
    assert set(_EVENT_NAMES) == item_types - unstreamed
    assert set(_EVENT_NAMES.values()) == set(typing.get_args(RunItemEventName))
