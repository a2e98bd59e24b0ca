"""Reasoning written inline in the answer as `<think>...</think>`, split from the text.

Open-weight reasoning models served by Together, Hugging Face, vLLM, Ollama and others often put
their reasoning at the start of `content` between tags instead of in a separate field. Users want
the answer without it and the reasoning as a reasoning item. The splitter works on a stream of
pieces, holding back only the few characters that could be the start of a tag, so text still
streams as it arrives.
"""

from __future__ import annotations

from typing import Literal

Piece = tuple[Literal["reasoning", "text"], str]


class ThinkTagSplitter:
    """Feed content pieces; get ("reasoning" | "text", piece) back in order.

    Only a block that opens the content (after optional whitespace) counts as reasoning: a
    `<think>` later in an answer is the model talking about tags, and is left alone.
    """

    def __init__(self, tags: tuple[str, ...]) -> None:
        self._opens = tuple(f"<{tag}>" for tag in tags)
        self._state: Literal["start", "open", "thinking", "after", "text"] = (
            "start" if tags else "text"
        )
        self._close = ""
        self._buffer = ""

    @property
    def passing(self) -> bool:
        """Whether every piece fed from now on comes back whole as text (the content did
        not open with a tag, or its reasoning block is closed): for good, once true."""
        return self._state == "text" and not self._buffer

    def feed(self, piece: str) -> list[Piece]:
        out: list[Piece] = []
        self._buffer += piece
        while self._buffer:
            if self._state == "text":
                out.append(("text", self._buffer))
                self._buffer = ""
            elif self._state == "start":
                if not self._start():
                    break
            elif self._state in ("open", "after"):
                # Drop the whitespace right after <think> and right after </think>.
                stripped = self._buffer.lstrip()
                if not stripped:
                    self._buffer = ""
                    break
                self._buffer = stripped
                self._state = "thinking" if self._state == "open" else "text"
            else:
                if not self._thinking(out):
                    break
        return out

    def _start(self) -> bool:
        """Decide whether the content opens with a tag; False while it cannot be told yet."""
        stripped = self._buffer.lstrip()
        if not stripped:
            return False
        for open_tag in self._opens:
            if stripped.startswith(open_tag):
                self._close = "</" + open_tag[1:]
                self._buffer = stripped[len(open_tag) :]
                self._state = "open"
                return True
            if open_tag.startswith(stripped):
                return False  # maybe the start of a tag: wait for more
        self._state = "text"
        return True

    def _thinking(self, out: list[Piece]) -> bool:
        end = self._buffer.find(self._close)
        if end >= 0:
            if end:
                out.append(("reasoning", self._buffer[:end]))
            self._buffer = self._buffer[end + len(self._close) :]
            self._state = "after"
            return True
        # Keep back the longest tail that could begin the closing tag.
        keep = 0
        for size in range(min(len(self._close) - 1, len(self._buffer)), 0, -1):
            if self._close.startswith(self._buffer[-size:]):
                keep = size
                break
        ready = self._buffer[: len(self._buffer) - keep]
        if ready:
            out.append(("reasoning", ready))
        self._buffer = self._buffer[len(self._buffer) - keep :]
        return False

    def flush(self) -> list[Piece]:
        """The end of the content: whatever was held back."""
        rest, self._buffer = self._buffer, ""
        if not rest:
            return []
        if self._state == "thinking":
            return [("reasoning", rest)]
        if self._state in ("open", "after"):
            return []
        return [("text", rest)]


def split_think_tags(content: str, tags: tuple[str, ...]) -> tuple[str, str]:
    """(reasoning, text) of a whole message's content."""
    splitter = ThinkTagSplitter(tags)
    reasoning: list[str] = []
    text: list[str] = []
    for kind, piece in splitter.feed(content) + splitter.flush():
        (reasoning if kind == "reasoning" else text).append(piece)
    if not reasoning:
        found = split_closing_only("".join(text), tags)
        if found is not None:
            return found
    return "".join(reasoning), "".join(text)


def split_closing_only(text: str, tags: tuple[str, ...]) -> tuple[str, str] | None:
    """(reasoning, answer) of text holding a closing tag with no opening one before it: some
    hosts put the opening `<think>` in the prompt template, so only `</think>` comes back.
    None when the text has no such tag."""
    if "</" not in text:
        return None
    for tag in tags:
        close = f"</{tag}>"
        end = text.find(close)
        if end >= 0 and f"<{tag}>" not in text[:end]:
            return text[:end].strip(), text[end + len(close) :].lstrip()
    return None
