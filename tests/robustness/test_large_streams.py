"""Item 11: a long streamed answer is assembled in linear time.

Appending each delta to one growing string copies the whole text per delta: 8 MB in 4 KB
deltas took seconds, 10 MB did not finish in 30 s. The cost per megabyte must not grow with
the answer's size. The converter is driven directly (no HTTP) and timed in CPU time, so the
measure is its own; a quadratic assembly makes the ratio below about 8 times larger.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

from openai.types.chat import ChatCompletionChunk

from agents.models.chat.stream import ChatStreamConverter
from agents.models.dialects.profiles import ModelProfile

PIECE = "x" * 4095 + " "


def chunk(content: str | None, finish: str | None = None) -> ChatCompletionChunk:
    return ChatCompletionChunk.model_validate(
        {
            "id": "c",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "m",
            "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": finish}],
        }
    )


async def assemble(megabytes: int) -> float:
    deltas = [chunk(PIECE)] * (megabytes * 256) + [chunk(None, "stop")]

    async def chunks() -> AsyncIterator[ChatCompletionChunk]:
        for item in deltas:
            yield item

    converter = ChatStreamConverter("m", ModelProfile())
    started = time.process_time()
    async for _ in converter.events(chunks()):
        pass
    elapsed = time.process_time() - started
    assert len(converter.output_items()[0].content[0].text) == megabytes * 1024 * 1024  # type: ignore[union-attr]
    return elapsed


async def test_stream_assembly_is_linear() -> None:
    small = min([await assemble(2) for _ in range(3)])
    large = min([await assemble(16) for _ in range(3)])
    # Linear: about 8x. Quadratic: about 64x.
    assert large / small < 24, f"2 MB took {small:.3f}s, 16 MB took {large:.3f}s"
