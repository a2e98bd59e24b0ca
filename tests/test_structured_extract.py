"""The JSON extractor: fixed cases from real answers, then fuzzed with hypothesis.

The contract fuzzed: `extract_json` returns a JSON value or raises ModelBehaviorError, never
anything else, whatever the text; and JSON put into prose, fences or after reasoning comes
back out unchanged.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from agents import ModelBehaviorError
from agents.structured import extract_json
from agents.structured import iter_json_candidates
from agents.structured import strip_reasoning

# -- fixed cases ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('  \n{"a": 1}\n', {"a": 1}),
        ('Sure! Here it is:\n```json\n{"a": 1}\n```\nHope that helps.', {"a": 1}),
        ('```\n{"a": [1, 2]}\n```', {"a": [1, 2]}),
        ('```JSON\n{"a": 1}```', {"a": 1}),
        ('Here you go: {"city": "Oslo", "t": -3.5}. Anything else?', {"city": "Oslo", "t": -3.5}),
        ('<think>\nThe user wants {"a": 0}.\n</think>\n\n{"a": 1}', {"a": 1}),
        ('<thinking>hm</thinking><think>{"x": 0}</think>{"a": 1}', {"a": 1}),
        ('Okay, the answer is {"x": 0}, no wait.\n</think>\n{"a": 1}', {"a": 1}),
        ('<think>all reasoning, never closed {"a": 1}', {"a": 1}),
        ('```python\nx = {"no": 1}\n```\n```json\n{"a": 1}\n```', {"a": 1}),
        ("[1, 2, 3]", [1, 2, 3]),
        ("7", 7),
        ('"yes"', "yes"),
        ('Prefix { not json } then {"a": {"b": [1, {"c": null}]}}', {"a": {"b": [1, {"c": None}]}}),
        ('{"a": "braces } and ] inside strings"}', {"a": "braces } and ] inside strings"}),
    ],
)
def test_extracts_the_answer(text: str, expected: Any) -> None:
    assert extract_json(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "No JSON here at all.",
        '{"a": 1, "b": [1, 2',  # cut off mid-object
        "```json\n{\n```",
        "[" * 5000,  # deeper than the parser's recursion limit
        "<think>" + '{"a": ' * 100,
        "}{][",
    ],
)
def test_no_complete_json_is_a_model_behavior_error(text: str) -> None:
    with pytest.raises(ModelBehaviorError) as caught:
        extract_json(text)
    assert caught.value.raw_output == text


def test_candidates_come_best_first_and_once() -> None:
    text = 'I considered {"a": 0}.\n```json\n{"a": 1}\n```\nand {"a": 0} again'
    assert list(iter_json_candidates(text)) == ['{"a": 1}', '{"a": 0}']


def test_strip_reasoning_keeps_text_without_tags() -> None:
    assert strip_reasoning("plain <b>html</b>") == "plain <b>html</b>"
    assert strip_reasoning("<think>a</think>b") == "b"
    assert strip_reasoning("a</think>b") == "b"
    assert strip_reasoning("<think>never closed") == ""


def test_pathological_text_is_fast() -> None:
    import time

    text = "[" * 100_000 + "{" * 100_000
    started = time.perf_counter()
    with pytest.raises(ModelBehaviorError):
        extract_json(text)
    assert time.perf_counter() - started < 2.0


# -- fuzzed --------------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
json_containers = st.one_of(
    st.dictionaries(st.text(max_size=8), json_values, min_size=1, max_size=4),
    st.lists(json_values, min_size=1, max_size=4),
)
# Prose a model might write around its answer: no brackets, backticks or tags in it, so the
# only JSON in the text is the answer itself.
prose = st.text(
    alphabet=st.characters(blacklist_characters="{}[]`<>\"'\\~", blacklist_categories=("Cs",)),
    max_size=60,
)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_contract(text: str) -> None:
    try:
        value = extract_json(text)
    except ModelBehaviorError as err:
        assert err.raw_output == text
        return
    json.dumps(value)  # a JSON value: it serialises back


@FUZZ
@given(st.text(max_size=300))
def test_any_text_gives_a_value_or_a_model_behavior_error(text: str) -> None:
    _check_contract(text)


@FUZZ
@given(
    st.lists(
        st.sampled_from(
            [
                "{",
                "}",
                "[",
                "]",
                '"',
                ",",
                ":",
                "1",
                "null",
                "```",
                "```json\n",
                "\n",
                " ",
                "<think>",
                "</think>",
                "a",
                '"k"',
                "\\",
                "-",
                "e5",
                ".",
            ]
        ),
        max_size=60,
    ).map("".join)
)
def test_json_shaped_noise_gives_a_value_or_a_model_behavior_error(text: str) -> None:
    _check_contract(text)


@FUZZ
@given(json_containers, prose, prose, st.booleans())
def test_json_in_prose_comes_back(value: Any, before: str, after: str, indent: bool) -> None:
    dumped = json.dumps(value, indent=2 if indent else None)
    assert extract_json(f"{before} {dumped} {after}") == value


@FUZZ
@given(json_values, prose, prose, st.sampled_from(["json", "JSON", "", "javascript"]))
def test_json_in_a_fence_comes_back(value: Any, before: str, after: str, label: str) -> None:
    text = f"{before}\n```{label}\n{json.dumps(value, indent=2)}\n```\n{after}"
    assert extract_json(text) == value


@FUZZ
@given(json_containers, json_containers, st.sampled_from(["think", "thinking", "thought"]))
def test_json_after_reasoning_comes_back(value: Any, decoy: Any, tag: str) -> None:
    text = f"<{tag}>\nMaybe {json.dumps(decoy)}?\n</{tag}>\n\n{json.dumps(value)}"
    assert extract_json(text) == value


@FUZZ
@given(json_containers, st.data())
def test_partial_json_never_raises_anything_else(value: Any, data: st.DataObject) -> None:
    dumped = json.dumps(value)
    cut = data.draw(st.integers(min_value=0, max_value=max(0, len(dumped) - 1)))
    _check_contract(dumped[:cut])


@FUZZ
@given(json_containers, st.integers(min_value=1, max_value=6), prose)
def test_nested_json_comes_back_whole(value: Any, depth: int, before: str) -> None:
    nested: Any = value
    for level in range(depth):
        nested = {f"level{level}": nested, "list": [nested]}
    assert extract_json(f"{before}\n{json.dumps(nested)}") == nested
