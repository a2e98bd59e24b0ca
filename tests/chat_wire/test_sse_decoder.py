"""The lean path's own SSE reader gives what the `openai` client's parser gives.

Each streamed body below is sent by the loopback server as raw pieces (each its own HTTP
chunk, so frames, CRLFs and UTF-8 characters are cut between reads), once through the lean
path (which reads the body itself) and once through `chat.completions.create` (the client's
`AsyncStream`); the events, or the typed error, must be the same.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from openai import AsyncOpenAI

from agents import ModelRetrySettings
from agents import ModelSettings
from agents import OpenAIChatCompletionsModel
from agents.models.chat import transport
from agents.models.chat.sse import ChatChunks
from agents.models.chat.transport import send_chat
from agents.models.interface import ModelTracing
from agents.testing import LoopbackProvider
from agents.testing import Reply

NO_RETRY = ModelSettings(retry=ModelRetrySettings(max_retries=0))
HEAD = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "m"}


def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
    choice = {"index": 0, "delta": delta, "finish_reason": finish}
    return json.dumps({**HEAD, "choices": [choice]}, ensure_ascii=False)


ROLE = chunk({"role": "assistant", "content": ""})
HEL = chunk({"content": "Hél"})
LO = chunk({"content": "lo ✓"})
STOP = chunk({}, "stop")


def frames(*payloads: str, nl: str = "\n") -> bytes:
    return "".join(f"data: {p}{nl}{nl}" for p in payloads).encode()


def cut(body: bytes, size: int) -> list[bytes]:
    return [body[i : i + size] for i in range(0, len(body), size)]


FULL = [ROLE, HEL, LO, STOP, "[DONE]"]
HALVES = json.dumps(json.loads(HEL), indent=1).split("\n")

BODIES: dict[str, list[bytes]] = {
    "lf, whole frames": [frames(p) for p in FULL],
    "crlf, cut every 5 bytes": cut(frames(*FULL, nl="\r\n"), 5),
    "cr only, cut every 3 bytes": cut(frames(*FULL, nl="\r"), 3),
    "crlf cut between cr and lf": [
        f"data: {ROLE}\r".encode(),
        f"\n\r\ndata: {HEL}\r\n\r".encode(),
        b"\n" + frames(LO, STOP, "[DONE]", nl="\r\n"),
    ],
    "comments and keep-alives": [
        b": OPENROUTER PROCESSING\n\n",
        frames(ROLE),
        b":\n\n\n\n: ping\n",
        b"\n" + frames(HEL, LO),
        b"event: ping\nretry: x\n: keep-alive\n" + frames(STOP, "[DONE]"),
    ],
    "multi-line data": [
        frames(ROLE),
        ("".join(f"data: {line}\n" for line in HALVES) + "\n").encode(),
        frames(LO),
        f"data:{STOP}\n\ndata:[DONE]\n\n".encode(),  # no space after the colon
    ],
    "utf-8 character cut between reads": [
        *cut(frames(ROLE, HEL), 63),
        frames(LO, STOP, "[DONE]"),
    ],
    "bytes after [DONE] are not read": [frames(*FULL), b"data: {not json\n\n"],
    "no [DONE]": [frames(ROLE, HEL, LO, STOP)],
    "in-band error": [
        frames(ROLE, HEL),
        frames('{"error": {"message": "overloaded", "code": 503}}'),
    ],
    "in-band error without message": [frames(ROLE), frames('{"error": {"code": 500}}')],
    "cut before the finish": [frames(ROLE, HEL)],
    "last event never ended": [frames(ROLE, HEL, LO), f"data: {STOP}\n".encode()],
    "not json": [frames(ROLE), b"data: {oops\n\n"],
    "not utf-8": [frames(ROLE), b"data: \xff\xfe\n\n"],
    "event with no data": [frames(ROLE), b"event: message\n\n"],
    "last event ended by a lone cr": [frames(ROLE, HEL, LO), f"data: {STOP}\r\r".encode()],
    "long line over many reads": [
        frames(ROLE),
        *cut(frames(chunk({"content": "x" * 3000}), nl="\r\n"), 97),
        frames(HEL, LO, STOP, "[DONE]"),
    ],
    "not utf-8 in an unended last line": [frames(ROLE, HEL, LO, STOP), b"data: \xff"],
}


async def outcome(model: OpenAIChatCompletionsModel) -> str:
    """The events as JSON (per-call ids blanked), or the error's type and message."""
    events: list[Any] = []
    try:
        async for event in model.stream_response(
            None, "hi", NO_RETRY, [], None, [], ModelTracing.DISABLED
        ):
            dumped = event.model_dump()
            dumped.get("response", {}).pop("created_at", None)
            events.append(dumped)
    except Exception as err:  # the comparison is the point: any error must match
        message = re.sub(r"req_[0-9a-f]+|\d+\.\d+s", "X", str(err))
        return f"{type(err).__module__}.{type(err).__name__}: {message}"
    return re.sub(
        r'"id": "[^"]*"', '"id": "X"', json.dumps(events, sort_keys=True, ensure_ascii=False)
    )


@pytest.mark.parametrize("name", list(BODIES))
async def test_same_as_the_clients_parser(
    server: LoopbackProvider,
    client: AsyncOpenAI,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    model = OpenAIChatCompletionsModel("m", client)
    found = []
    for lean in (False, True):
        monkeypatch.setattr(transport, "postable", lambda c, b, lean=lean: lean)
        server.enqueue(Reply(stream_bytes=BODIES[name], event_delay=0.002))
        found.append(await outcome(model))
    assert found[0] == found[1]
    complete = ("lf", "crlf", "cr only", "comments", "multi", "utf-8", "bytes after", "long")
    if name.startswith(complete) or name == "last event ended by a lone cr":
        assert "Héllo ✓" in found[1] and "Error" not in found[1]
    if name.startswith("in-band error"):
        assert found[1].startswith("agents.")
        assert ("overloaded" in found[1]) == (name == "in-band error")
    if name.startswith("not utf-8"):
        assert "UnicodeDecodeError" in found[1]


async def test_the_lean_path_reads_the_body_itself(
    server: LoopbackProvider, client: AsyncOpenAI
) -> None:
    """Without this the comparison above would compare the client's parser with itself."""
    server.enqueue(Reply(stream_bytes=BODIES["crlf, cut every 5 bytes"]))
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": True}
    chunks = await send_chat(client, body, stream=True)
    assert isinstance(chunks, ChatChunks)
    got = [c async for c in chunks]
    assert got == [json.loads(p) for p in FULL[:-1]]
    assert chunks.response.is_closed


async def _batches_until_failure(chunks: ChatChunks) -> tuple[list[list[Any]], str | None]:
    seen: list[list[Any]] = []
    try:
        async for batch in chunks.batches():
            seen.append(batch)
    except Exception as err:  # the point: which error, after which payloads
        return seen, type(err).__name__
    return seen, None


@pytest.mark.parametrize(
    ("tail", "error"),
    [('{"error": {"message": "overloaded"}}', "APIError"), ("{oops", "JSONDecodeError")],
)
async def test_payloads_before_a_failure_in_the_same_read_come_first(
    server: LoopbackProvider, client: AsyncOpenAI, tail: str, error: str
) -> None:
    """The reader hands over a read's payloads together; a bad one in the middle of a read
    still lets the payloads before it through first, as reading one by one did."""
    server.enqueue(Reply(stream_bytes=[frames(ROLE, HEL) + frames(tail) + frames(LO)]))
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": True}
    chunks = await send_chat(client, body, stream=True)
    assert isinstance(chunks, ChatChunks)
    seen, failure = await _batches_until_failure(chunks)
    assert seen == [[json.loads(ROLE), json.loads(HEL)]]
    assert failure == error
    assert chunks.response.is_closed


async def test_batches_are_the_reads_payloads(
    server: LoopbackProvider, client: AsyncOpenAI
) -> None:
    server.enqueue(
        Reply(
            stream_bytes=[frames(ROLE, HEL), frames(LO), frames(STOP, "[DONE]")], event_delay=0.05
        )
    )
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": True}
    chunks = await send_chat(client, body, stream=True)
    assert isinstance(chunks, ChatChunks)
    seen, failure = await _batches_until_failure(chunks)
    assert failure is None
    assert seen == [[json.loads(p) for p in (ROLE, HEL)], [json.loads(LO)], [json.loads(STOP)]]


async def test_a_long_read_is_handed_over_in_small_batches(
    server: LoopbackProvider, client: AsyncOpenAI
) -> None:
    """A read of many chunks goes up in batches of at most `_BATCH`, in order (a whole read
    of a few hundred parsed chunks at once measured slower)."""
    pieces = [chunk({"content": f"w{i} "}) for i in range(40)]
    server.enqueue(Reply(stream_bytes=[frames(ROLE, *pieces, STOP, "[DONE]")]))
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": True}
    chunks = await send_chat(client, body, stream=True)
    assert isinstance(chunks, ChatChunks)
    seen, failure = await _batches_until_failure(chunks)
    assert failure is None
    assert [len(b) for b in seen] == [16, 16, 10]
    assert [p for b in seen for p in b] == [json.loads(p) for p in (ROLE, *pieces, STOP)]
