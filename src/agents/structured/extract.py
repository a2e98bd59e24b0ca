"""Find the JSON in a model's answer: fences, leading prose and `<think>` blocks around it.

Models asked for JSON without a response format (and some with one) answer "Sure! Here it
is: ```json {...} ```", or think aloud in `<think>` tags first, or stop mid-object. This
module turns such text into candidate JSON texts, best first; the caller validates each
against the output type and keeps the first that fits. Only the standard library's JSON
parser decides what is JSON, so a candidate is always valid JSON text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from agents.exceptions import ModelBehaviorError

__all__ = ["extract_json", "iter_json_candidates", "strip_reasoning"]

_REASONING_TAGS = ("think", "thinking", "thought", "reasoning")
_OPEN_TAG = re.compile(rf"\s*<({'|'.join(_REASONING_TAGS)})\b[^>]*>", re.I)
_CLOSE_TAGS = {tag: re.compile(rf"</{tag}\s*>", re.I) for tag in _REASONING_TAGS}
_ANY_CLOSE = re.compile(rf"</(?:{'|'.join(_REASONING_TAGS)})\s*>", re.I)
_ANY_OPEN = re.compile(rf"<(?:{'|'.join(_REASONING_TAGS)})\b[^>]*>", re.I)

_FENCE = re.compile(r"(`{3,}|~{3,})[ \t]*([^\n`]*)\n(.*?)(?:\1|\Z)", re.S)
_OPENER = re.compile(r"[\[{]")

_MAX_SCAN_CHARS = 200_000
"""Longer answers are scanned only this far for embedded JSON (a whole-text parse still
sees everything): the scan tries a parse at each bracket, and must stay cheap."""
_MAX_SCAN_STARTS = 512
"""At most this many bracket positions are tried per text, so a pathological answer
("[[[[[[...") costs milliseconds, not seconds."""


def strip_reasoning(text: str) -> str:
    """`text` without the reasoning that opens it.

    Handles closed blocks (`<think>...</think>`, also `thinking`, `thought`, `reasoning`),
    a block never closed (all of it is reasoning), and a closing tag with no opening one
    (the chat template opened the block in the prompt, as DeepSeek-R1's does).
    """
    if "<" not in text:
        return text
    rest = text
    while (opened := _OPEN_TAG.match(rest)) is not None:
        close = _CLOSE_TAGS[opened.group(1).lower()].search(rest, opened.end())
        if close is None:
            return ""
        rest = rest[close.end() :]
    last = None
    for match in _ANY_CLOSE.finditer(rest):
        last = match
    if last is not None and _ANY_OPEN.search(rest, 0, last.start()) is None:
        rest = rest[last.end() :]
    return rest


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _fence_bodies(text: str) -> list[str]:
    """Code-fence contents, fences labelled json first (then unlabelled, then the rest)."""
    if "```" not in text and "~~~" not in text:
        return []
    found = [(m.group(2).strip().lower(), m.group(3)) for m in _FENCE.finditer(text)]
    rank = {"json": 0, "jsonc": 0, "json5": 0, "": 1}
    return [body for _, body in sorted(found, key=lambda f: rank.get(f[0], 2))]


def _scan(text: str) -> Iterator[str]:
    """JSON objects and arrays embedded in `text`, outermost first, left to right."""
    decoder = json.JSONDecoder()
    text = text[:_MAX_SCAN_CHARS]
    position, starts = 0, 0
    while starts < _MAX_SCAN_STARTS:
        found = _OPENER.search(text, position)
        if found is None:
            return
        start = found.start()
        starts += 1
        try:
            _, end = decoder.raw_decode(text, start)
        except (ValueError, RecursionError):
            position = start + 1  # not JSON from here; an object may start inside it
            continue
        yield text[start:end]
        position = end


def iter_json_candidates(text: str) -> Iterator[str]:
    """Valid JSON texts found in `text`, most likely answer first, each once.

    In order: the whole answer (reasoning blocks removed); code-fence bodies; objects and
    arrays embedded in the prose; then the same search on the answer as it was, in case
    the JSON was inside what looked like reasoning.
    """
    seen: set[str] = set()
    answer = strip_reasoning(text)
    for region in (answer, text) if answer != text else (answer,):
        whole = region.strip()
        pieces = [whole, *(body.strip() for body in _fence_bodies(region))]
        for piece in pieces:
            if piece and piece not in seen and _parses(piece):
                seen.add(piece)
                yield piece
        for piece in pieces:
            for found in _scan(piece):
                if found not in seen:
                    seen.add(found)
                    yield found


def extract_json(text: str) -> Any:
    """The first JSON value found in a model's answer (see `iter_json_candidates`).

    Raises:
        ModelBehaviorError: the answer holds no complete JSON value; `raw_output` is the
            answer.
    """
    if not isinstance(text, str):
        raise ModelBehaviorError(
            f"Expected the model's answer as text, got {type(text).__name__}",
            raw_output=None,
        )
    for candidate in iter_json_candidates(text):
        try:
            return json.loads(candidate)
        except (ValueError, RecursionError):  # pragma: no cover - candidates parse
            continue
    raise ModelBehaviorError(
        f"The model's answer holds no complete JSON value (answer: {text[:300]!r})",
        raw_output=text,
    )
