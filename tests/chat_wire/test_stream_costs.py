"""The cheap per-chunk mechanisms of the lean stream behave as the costly ones did.

- the idle guard keeps one lazily re-armed timer instead of timer work per chunk: it must
  still cut a silent stream, one sending only keep-alives, leave the consumer's own code
  alone, pass an outside cancellation through and leave nothing behind;
- text and reasoning delta events are built without validation: they must be what
  validation makes (equality, `model_dump()`, `model_fields_set`), and a builder that
  differs is never used;
- payloads are parsed with the JSON scanner alone when they are one plain value: anything
  else must be accepted or refused exactly as `json.loads` does;
- after `[DONE]`, a body whose Content-Length has all arrived is finished without the
  client's timed drain: the connection must still go back to the pool for the next request.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from openai import AsyncOpenAI
from openai.types.responses import ResponseTextDeltaEvent

from agents import ModelSettings
from agents import OpenAIChatCompletionsModel
from agents import ProviderTimeoutError
from agents import RetryPolicy
from agents.models.chat.sse import _json_reader
from agents.models.interface import ModelTracing
from agents.models.wire import delta_events
from agents.models.wire import stream_guard
from agents.models.wire.stream_guard import StreamIdle
from agents.models.wire.stream_guard import bounded
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.util._unvalidated import checked
from tests.robustness.rawserver import Raw
from tests.robustness.rawserver import RawServer

TIMEOUT = 0.15


def is_content(item: str) -> bool:
    return item != "keep-alive"


async def items(*script: tuple[float, str], then_hang: bool = False) -> AsyncIterator[str]:
    """Each item after its pause; then the end, or a silence that never ends."""
    for pause, item in script:
        await asyncio.sleep(pause)
        yield item
    if then_hang:
        await asyncio.Event().wait()


async def read_all(stream: AsyncIterator[str]) -> list[str]:
    return [item async for item in stream]


# -- the idle guard ----------------------------------------------------------------------


async def test_a_silent_stream_is_cut() -> None:
    started = time.monotonic()
    seen: list[str] = []
    with pytest.raises(StreamIdle):
        async for item in bounded(items((0, "a"), then_hang=True), TIMEOUT, is_content):
            seen.append(item)
    assert seen == ["a"]
    assert TIMEOUT <= time.monotonic() - started < TIMEOUT + 1.0
    task = asyncio.current_task()
    assert task is not None and task.cancelling() == 0  # its cancellation was undone


async def test_keep_alives_do_not_hold_a_stream_open() -> None:
    keep_alives = [(TIMEOUT / 5, "keep-alive")] * 100  # 3 s of them
    started = time.monotonic()
    with pytest.raises(StreamIdle):
        await read_all(bounded(items((0, "a"), *keep_alives), TIMEOUT, is_content))
    assert time.monotonic() - started < TIMEOUT + 1.0


async def test_content_moves_the_deadline_however_long_the_stream() -> None:
    """Each gap is well within the bound, the whole stream far beyond it: the timer re-arms
    for the moved deadline instead of firing."""
    script = [(TIMEOUT / 3, f"piece {i}") for i in range(12)]
    assert await read_all(bounded(items(*script), TIMEOUT, is_content)) == [s for _, s in script]


async def test_the_consumers_own_time_is_never_cancelled() -> None:
    """A consumer busy past the deadline is not interrupted; the next read says the stream
    went idle, as it always has."""
    finished_sleeping = False
    with pytest.raises(StreamIdle):
        async for _ in bounded(items((0, "a"), (0, "b")), TIMEOUT, is_content):
            await asyncio.sleep(TIMEOUT * 2)
            finished_sleeping = True
    assert finished_sleeping


async def test_an_outside_cancellation_stays_a_cancellation() -> None:
    async def consume() -> list[str]:
        return await read_all(bounded(items((0, "a"), then_hang=True), 30.0, is_content))

    task = asyncio.ensure_future(consume())
    await asyncio.sleep(0.02)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_a_closed_stream_leaves_no_timer_behind() -> None:
    """Once the consumer stops early, the deadline passing must not cancel its task."""
    stream = bounded(items((0, "a"), then_hang=True), TIMEOUT, is_content)
    async for _ in stream:
        break
    await stream.aclose()  # type: ignore[attr-defined]
    await asyncio.sleep(TIMEOUT * 2)  # would raise CancelledError if the timer fired
    task = asyncio.current_task()
    assert task is not None and task.cancelling() == 0


async def test_a_source_that_swallows_the_cancellation_still_ends_idle() -> None:
    """A read that catches the timer's cancellation and goes on still ends the stream as
    idle (its item came after the deadline), with the task's cancellation count undone."""

    async def stubborn() -> AsyncIterator[str]:
        yield "a"
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.Event().wait()
        yield "late"

    with pytest.raises(StreamIdle):
        await read_all(bounded(stubborn(), TIMEOUT, is_content))
    task = asyncio.current_task()
    assert task is not None and task.cancelling() == 0


def test_the_clock_is_the_loops() -> None:
    """asyncio's own loop is read through `time.monotonic` (its `time()` is just that); a
    loop with its own clock is read through that clock."""

    class OwnClock(asyncio.SelectorEventLoop):
        def time(self) -> float:
            return 42.0

    plain, own = asyncio.new_event_loop(), OwnClock()
    try:
        assert stream_guard._clock(plain) is time.monotonic
        assert abs(plain.time() - time.monotonic()) < 1.0
        assert stream_guard._clock(own)() == 42.0
    finally:
        plain.close()
        own.close()


_HEAD = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m"}
_EMPTY = json.dumps({**_HEAD, "choices": [{"index": 0, "delta": {}, "finish_reason": None}]})
SILENT_BODIES = {
    # The SSE reader skips comments without handing anything up.
    "keep-alive comments": b": keep-alive\n\n",
    # The reader hands these up a read at a time; the converter, not the guard, says which
    # chunks are content.
    "chunks with empty deltas": f"data: {_EMPTY}\n\n".encode(),
}


@pytest.mark.parametrize("kind", list(SILENT_BODIES))
async def test_a_lean_stream_that_says_nothing_ends_in_a_timeout(
    server: LoopbackProvider, client: AsyncOpenAI, kind: str
) -> None:
    """A body of nothing but keep-alives, on and on, ends in a timeout well before they
    stop."""
    model = OpenAIChatCompletionsModel("m", client)
    server.enqueue(Reply(stream_bytes=[SILENT_BODIES[kind]] * 60, event_delay=0.05))  # 3 s
    settings = ModelSettings(timeout=0.3, retry=RetryPolicy(max_attempts=1))
    started = time.monotonic()
    with pytest.raises(ProviderTimeoutError):
        async for _ in model.stream_response(
            None, "hi", settings, [], None, [], ModelTracing.DISABLED
        ):
            pass
    assert time.monotonic() - started < 2.5  # (after them: a cut stream, not a timeout)


async def test_a_slow_lean_stream_with_text_goes_on(
    server: LoopbackProvider, client: AsyncOpenAI
) -> None:
    """Each chunk with text moves the idle deadline as the converter takes it: words 0.1 s
    apart outlast a 0.5 s bound."""
    model = OpenAIChatCompletionsModel("m", client)
    server.enqueue(Reply(text="one two three four five six seven", event_delay=0.1))
    steady = ModelSettings(timeout=0.5, retry=RetryPolicy(max_attempts=1))
    events = model.stream_response(None, "hi", steady, [], None, [], ModelTracing.DISABLED)
    text = [e.delta async for e in events if e.type == "response.output_text.delta"]
    assert "".join(text) == "one two three four five six seven"


# -- events built without validation ----------------------------------------------------

SAMPLES = [("Hello", 0, 0), ("", 1, 2), ("é ✓ \u4e2d\U0001f600", 7, 10**12), ("x" * 10_000, 3, 4)]


@pytest.mark.parametrize("kind", list(delta_events.builders()))
def test_built_events_are_what_validation_makes(kind: str) -> None:
    built, validated = delta_events.builders()[kind]
    for sample in SAMPLES:
        names = ("delta", "output_index", "sequence_number")
        values = dict(zip(names, sample, strict=True))
        made, expected = built(**values), validated(**values)
        assert delta_events.same_as_validated(made, expected), sample
        assert made.model_dump() == expected.model_dump()
        assert made.model_fields_set == expected.model_fields_set
        assert made.type == kind
        # Each event is its own: changing one changes no other.
        made.model_fields_set.add("extra-name")
        assert "extra-name" not in built(**values).model_fields_set


def test_the_builders_in_use_are_the_cheap_ones() -> None:
    """On the `openai` and `pydantic` installed here the check passes (else the speed-up
    would silently be gone)."""
    assert delta_events.text_delta() is not delta_events._validated_text
    assert delta_events.reasoning_delta() is not delta_events._validated_reasoning


def test_a_builder_that_differs_is_not_used() -> None:
    def missing_logprobs() -> Any:
        def build(delta: str, output_index: int, sequence_number: int) -> Any:
            return ResponseTextDeltaEvent.model_construct(
                content_index=0,
                delta=delta,
                item_id="__fake_id__",
                output_index=output_index,
                sequence_number=sequence_number,
                type="response.output_text.delta",
            )

        return build

    def broken() -> Any:
        raise AttributeError("no such slot")

    validated = delta_events._validated_text
    assert checked(missing_logprobs, validated, delta_events._CHECK) is validated
    assert checked(broken, validated, delta_events._CHECK) is validated


async def test_streamed_deltas_equal_validated_events(
    server: LoopbackProvider, client: AsyncOpenAI
) -> None:
    """Every event of a streamed answer with reasoning and text (the per-chunk fast path
    included) is the same as the event validation makes from its own fields."""
    model = OpenAIChatCompletionsModel("m", client)
    server.enqueue(Reply(text="one two three four five six", reasoning="first I think"))
    kinds = set()
    async for event in model.stream_response(
        None, "hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
    ):
        kinds.add(event.type)
        again = type(event)(**{name: getattr(event, name) for name in event.model_fields_set})
        assert delta_events.same_as_validated(event, again), event.type
    assert {"response.output_text.delta", "response.reasoning_summary_text.delta"} <= kinds


# -- JSON payloads -----------------------------------------------------------------------

PAYLOADS = [
    '{"a": 1, "b": [true, null, 2.5, "x\\u00e9"]}',
    "[1, 2]",
    '"text"',
    "12",
    "NaN",
    ' {"a": 1}',
    '{"a": 1} ',
    "\n{}\n",
    '\ufeff{"a": 1}',
    '{"a": 1}{"b": 2}',
    '{"a": 1',
    '{"a": 1,}',
    "",
    " ",
    '{"a": "\\ud800"}',
    "[" * 100 + "]" * 100,
]


@pytest.mark.parametrize("text", PAYLOADS)
def test_payloads_parse_as_json_loads_parses_them(text: str) -> None:
    read = _json_reader()
    try:
        expected: Any = json.loads(text)
    except ValueError as err:
        with pytest.raises(type(err)) as info:
            read(text)
        assert str(info.value) == str(err)
        return
    assert read(text) == expected or (text == "NaN" and read(text) != read(text))
    assert type(read(text)) is type(expected)


# -- the end of a body read whole --------------------------------------------------------


class CountingServer(RawServer):
    """The raw server, counting the connections it accepts."""

    def __init__(self) -> None:
        self.connections = 0
        super().__init__()

    def _handle(self, conn: Any) -> None:
        self.connections += 1
        super()._handle(conn)


def sse(*payloads: str) -> bytes:
    return "".join(f"data: {p}\n\n" for p in payloads).encode()


async def test_a_body_read_whole_keeps_its_connection() -> None:
    head = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m"}

    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        return json.dumps(
            {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        )

    body = sse(chunk({"role": "assistant", "content": "Hi"}), chunk({}, "stop"), "[DONE]")
    body += b"data: {not json, and after [DONE]: never read\n\n"
    server = CountingServer()
    try:
        client = AsyncOpenAI(api_key="k", base_url=server.url + "/v1", max_retries=0)
        model = OpenAIChatCompletionsModel("m", client)
        for _ in range(3):
            server.enqueue(Raw(body=body, headers={"content-type": "text/event-stream"}))
            texts = [
                event.delta
                async for event in model.stream_response(
                    None, "hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
                )
                if event.type == "response.output_text.delta"
            ]
            assert texts == ["Hi"]
        assert server.connections == 1
        await client.close()
    finally:
        server.stop()
