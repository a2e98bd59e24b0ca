"""Reading a Chat Completions stream's body with the least work per chunk.

The `openai` client's `AsyncStream` decodes SSE line by line into `ServerSentEvent`
objects through three nested async generators, and that is most of what a streamed chunk
costs once the chunk itself is read as plain JSON. On the lean path (`transport.send_chat`
posting through the client's `post`) the request, its retries and its status errors still
go through the client; only the body of a 200 answer is read here, straight from the
`httpx` response: bytes split into lines (LF, CR or CRLF, also when a CRLF is cut between two
reads), `data:` lines joined per event, comments and keep-alives skipped, `[DONE]` ends the
stream. What the client would do with each event is kept: an `error` payload raises the
same `openai.APIError`, a broken connection the same `APITimeoutError`/`APIConnectionError`,
a line that is not UTF-8 or a payload that is not JSON the same exceptions, and an event the
server never finished with a blank line is dropped, as the client drops it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from collections.abc import Callable
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from typing import cast

from openai import APIConnectionError
from openai import APIError
from openai import APITimeoutError
from openai import AsyncOpenAI
from openai import AsyncStream

__all__ = ["ChatChunks", "readable"]

_BATCH = 16
"""At most this many payloads go together: enough to resume the readers above once per
batch rather than once per chunk, few enough that a batch's parsed chunks stay in the
CPU's nearest caches (a whole read, a few hundred chunks, measured slower under load)."""


@lru_cache(maxsize=1)
def _transport_errors() -> tuple[tuple[type[BaseException], ...], tuple[type[BaseException], ...]]:
    """The exceptions the client turns into `APITimeoutError` and `APIConnectionError`."""
    try:
        from openai._httpx2 import request_exceptions
        from openai._httpx2 import timeout_exceptions
    except ImportError:  # pragma: no cover - an openai built on httpx
        import httpx

        return (httpx.TimeoutException,), (httpx.RequestError,)
    return tuple(timeout_exceptions()), tuple(request_exceptions())


def _all_received(response: Any) -> bool:
    """Whether the whole body (as long as its Content-Length says) has already arrived."""
    length = response.headers.get("content-length")
    if length is None or not length.isdigit():
        return False
    return bool(response.num_bytes_downloaded >= int(length))


async def _finish(response: Any) -> None:
    """After `[DONE]`: drain what is left (so an HTTP/1.1 connection can be reused), as the
    client does, else just close.

    The client's drain bounds the wait for the rest with a 0.1 s cancel scope; a body whose
    every byte has arrived (its Content-Length read) has nothing to wait for, so its end is
    read directly, without the scope and its timer."""
    if response.http_version == "HTTP/1.1":
        if _all_received(response):
            try:
                async for _ in response.stream:
                    pass
            except Exception:  # cleanup must not turn a complete answer into an error
                pass
        else:
            try:
                from openai._streaming_cleanup import drain_response_async
            except ImportError:  # pragma: no cover - an openai without it
                pass
            else:
                await drain_response_async(response)
    await response.aclose()


def _json_reader() -> Callable[[str], Any]:
    """`json.loads`, minus its wrapper's work on the common payload.

    `json.loads` checks for a BOM and matches whitespace with a regular expression before
    and after the value, which costs about as much again as parsing a chunk. A payload that
    is exactly one JSON value (what servers send) is parsed by the decoder's scanner
    alone; anything else (surrounding whitespace, a BOM, an error, trailing data) goes to
    `json.loads`, so it is accepted or refused with the same exception as before.
    """
    loads = json.loads
    scan: Callable[[str, int], tuple[Any, int]] = cast(Any, json.JSONDecoder()).scan_once

    def read(text: str) -> Any:
        try:
            value, end = scan(text, 0)
        except Exception:  # not one JSON value: json.loads says what it is
            return loads(text)
        return value if end == len(text) else loads(text)

    return read


def readable(client: Any, stream: Any) -> bool:
    """Whether the body of `stream` may be read here: the client's own stream class and SSE
    decoder (a subclass overriding the decoder reads its own format)."""
    return (
        type(stream) is AsyncStream
        and isinstance(client, AsyncOpenAI)
        and type(client)._make_sse_decoder is AsyncOpenAI._make_sse_decoder
    )


class _Lines:
    """Splits the body into lines at LF, CR or CRLF, wherever the reads cut it.

    A piece with no line end is only kept (joined once its line ends, so a long line read
    in many pieces is not copied again for each); a CR ending one read and an LF starting
    the next are one line end, as the client counts them.
    """

    __slots__ = ("held", "skip_lf")

    def __init__(self) -> None:
        self.held: list[bytes] = []
        self.skip_lf = False

    def feed(self, piece: bytes) -> list[bytes]:
        if self.skip_lf:
            self.skip_lf = False
            if piece[:1] == b"\n":
                piece = piece[1:]
        if b"\n" not in piece and b"\r" not in piece:
            self.held.append(piece)
            return []
        if self.held:
            self.held.append(piece)
            piece = b"".join(self.held)
            self.held.clear()
        if b"\r" in piece:
            self.skip_lf = piece[-1] == 13
            piece = piece.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines = piece.split(b"\n")
        rest = lines.pop()
        if rest:
            self.held.append(rest)
        return lines

    def rest(self) -> bytes:
        return b"".join(self.held)


def _field(
    line: str, data: list[str], event: str | None, last_id: str | None, retry: bool
) -> tuple[str | None, str | None, bool]:
    """A line other than `data: ...` and comments: its data joins `data`; the event's
    name, last id and retry flag as they stand after it."""
    name, _, value = line.partition(":")
    if value[:1] == " ":
        value = value[1:]
    if name == "data":
        data.append(value)
    elif name == "event":
        event = value
    else:
        last_id, retry = _other_field(name, value, last_id, retry)
    return event, last_id, retry


def _other_field(
    name: str, value: str, last_id: str | None, retry: bool
) -> tuple[str | None, bool]:
    """An `id` or `retry` field (kept only for whether a blank line ends an event, as the
    client counts them); any other field is ignored."""
    if name == "id" and "\0" not in value:
        return value, retry
    if name == "retry":
        try:
            int(value)
        except ValueError:
            return last_id, retry
        return last_id, True
    return last_id, retry


class ChatChunks:
    """The parsed JSON payloads of a stream's events; `close` releases the connection."""

    __slots__ = ("response",)

    def __init__(self, stream: AsyncStream[Any]) -> None:
        self.response = stream.response

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._payloads()

    def batches(self) -> AsyncIterator[list[Any]]:
        """The payloads a socket read completed, together (up to `_BATCH` at a time): the
        reader of a long answer resumes one generator per batch instead of one per chunk."""
        return self._batches()

    async def _payloads(self) -> AsyncIterator[Any]:
        async for batch in self._batches():
            for payload in batch:
                yield payload

    async def close(self) -> None:
        await self.response.aclose()

    def _error(self, data: Mapping[str, Any]) -> APIError:
        error = data["error"]
        message = error.get("message") if isinstance(error, Mapping) else None
        if not message or not isinstance(message, str):
            message = "An error occurred during streaming"
        return APIError(message=message, request=self.response.request, body=error)

    async def _batches(self) -> AsyncIterator[list[Any]]:
        response = self.response
        timeouts, failures = _transport_errors()
        loads = _json_reader()
        splitter = _Lines()
        data: list[str] = []
        event: str | None = None
        last_id: str | None = None
        retry = False
        done = False
        batch: list[Any] = []
        try:
            try:
                async for piece in response.aiter_bytes():
                    for raw in splitter.feed(piece):
                        if raw:
                            line = raw.decode("utf-8")  # strict, as the client's
                            if line.startswith("data: "):  # most lines
                                data.append(line[6:])
                                continue
                            if raw[0] != 58:  # not a ":" comment (a keep-alive)
                                event, last_id, retry = _field(line, data, event, last_id, retry)
                            continue
                        if not data and not event and last_id is None and not retry:
                            continue
                        text = "\n".join(data) if len(data) != 1 else data[0]
                        kind, data, event, retry = event, [], None, False
                        if text.startswith("[DONE]"):
                            done = True
                            break
                        try:
                            payload = loads(text)
                            if kind is not None and kind.startswith("thread."):
                                payload = {"data": payload, "event": kind}
                            elif type(payload) is dict and payload.get("error"):
                                raise self._error(payload)
                        except Exception:
                            if batch:  # what came before the bad payload is read first
                                yield batch
                            raise
                        batch.append(payload)
                        if len(batch) >= _BATCH:
                            yield batch
                            batch = []
                    if batch:
                        yield batch
                        batch = []
                    if done:
                        break
                else:
                    splitter.rest().decode("utf-8")  # an unended last line: as the client
            except timeouts as err:
                raise APITimeoutError(request=response.request) from err
            except failures as err:
                raise APIConnectionError(request=response.request) from err
            if done:
                await _finish(response)
        finally:
            await response.aclose()
