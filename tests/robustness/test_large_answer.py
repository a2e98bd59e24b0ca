"""Item 11, non-streamed: a very large answer is checked in linear time, and still checked.

The check for lone surrogates (see `agents.models.wire.text_safety`) once ran a regular
expression over the whole answer several times, most of a 100 MB answer's 14.6 s; it now
skips ASCII text at once and scans the rest in slices. Timings are in bench/large_answer.py;
here, that the faster scan still finds a surrogate wherever it is.
"""

from __future__ import annotations

import json

import pytest

from agents import Agent
from agents import RunConfig
from agents import Runner
from agents.models.wire.text_safety import _SLICE
from agents.models.wire.text_safety import clean_text
from agents.models.wire.text_safety import has_surrogate
from agents.testing import LoopbackProvider
from agents.testing import Reply

from ..conftest import make_model


@pytest.mark.parametrize("where", [0, _SLICE - 1, _SLICE, 2 * _SLICE + 5])
def test_a_surrogate_is_found_in_any_slice(where: int) -> None:
    text = "é" * (3 * _SLICE)
    bad = text[:where] + "\ud800" + text[where + 1 :]
    assert not has_surrogate(text) and has_surrogate(bad)
    fixed = clean_text(bad)
    assert fixed[where] == "\ufffd" and len(fixed) == len(bad)


def test_text_without_surrogates_is_returned_as_is() -> None:
    for text in ("plain ascii " * 1000, "词语 😀 " * 1000, ""):
        assert clean_text(text) is text


async def test_a_large_answer_arrives_whole_and_clean(provider: LoopbackProvider) -> None:
    text = "词语 words " * 150_000 + "\ud800 end"  # 2 MB, beyond the first slice scanned
    answer = {
        "id": "c",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
        ],
    }
    provider.enqueue(Reply(raw_body=json.dumps(answer).encode()))
    agent = Agent(name="a", model=make_model(provider))
    result = await Runner.run(agent, "hi", run_config=RunConfig(tracing_disabled=True))
    assert result.final_output == text.replace("\ud800", "\ufffd")
