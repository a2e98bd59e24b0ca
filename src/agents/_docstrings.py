"""Docstrings read for tool descriptions: the summary and each parameter's text, in the
Google, NumPy or Sphinx convention (guessed when not given). Used by `agents.function_schema`.
"""

from __future__ import annotations

import re
import textwrap
from typing import Literal

__all__ = ["DocstringStyle", "parse_docstring"]

DocstringStyle = Literal["google", "numpy", "sphinx"]


def parse_docstring(
    doc: str, style: DocstringStyle | None = None
) -> tuple[str | None, dict[str, str]]:
    """(description, {parameter: text}) of a docstring in `style` (guessed when None)."""
    parser = {"google": _parse_google, "numpy": _parse_numpy, "sphinx": _parse_sphinx}[
        style or _detect_docstring_style(doc)
    ]
    return parser(doc)


def _detect_docstring_style(doc: str) -> DocstringStyle:
    """Guess the docstring convention from its section markers; Google when unclear."""
    scores: dict[DocstringStyle, int] = {
        "sphinx": _count(doc, r"^:(param|parameter|arg|type|returns?|rtype|raises?)\b"),
        "numpy": _count(doc, r"^[A-Z][A-Za-z ]+[ \t]*\n[ \t]*-{3,}[ \t]*$"),
        "google": _count(
            doc,
            r"^(Args|Arguments|Params|Parameters|Keyword Args|Keyword Arguments|Returns|"
            r"Yields|Raises):[ \t]*$",
        ),
    }
    best = max(scores.values())
    if best == 0:
        return "google"
    # Ties go to the more distinctive markers.
    return next(style for style in ("sphinx", "numpy", "google") if scores[style] == best)


def _count(doc: str, pattern: str) -> int:
    return len(re.findall(pattern, doc, re.MULTILINE))


def _join_summary(lines: list[str]) -> str | None:
    text = "\n".join(lines).strip()
    return text or None


def _join_description(first: str, continuation: list[str]) -> str:
    rest = textwrap.dedent("\n".join(continuation)).strip("\n")
    return "\n".join(part for part in (first.strip(), rest) if part).strip()


_GOOGLE_HEADER = re.compile(r"^(?P<title>[A-Za-z][\w \-]*?)[ \t]*:[ \t]*$")
_GOOGLE_PARAM_SECTIONS = frozenset(
    {
        "args",
        "arguments",
        "params",
        "parameters",
        "keyword args",
        "keyword arguments",
        "other args",
        "other arguments",
        "other params",
        "other parameters",
    }
)
_GOOGLE_KNOWN_SECTIONS = _GOOGLE_PARAM_SECTIONS | {
    "returns",
    "return",
    "yields",
    "yield",
    "raises",
    "exceptions",
    "examples",
    "example",
}


def _parse_google(doc: str) -> tuple[str | None, dict[str, str]]:
    lines = doc.splitlines()
    summary: list[str] = []
    params: dict[str, str] = {}
    section: str | None = None  # None: still in the summary
    body: list[str] = []

    def finish() -> None:
        if section in _GOOGLE_PARAM_SECTIONS:
            params.update(_parse_google_params(body))

    for index, line in enumerate(lines):
        header = _GOOGLE_HEADER.match(line)
        if header and _google_section_starts(header["title"], lines, index):
            finish()
            section, body = header["title"].lower(), []
        elif section is None:
            summary.append(line)
        elif line.strip() and not line[0].isspace():
            # Unindented prose after a section ends it; it is not part of the summary.
            finish()
            section, body = "", []
        else:
            body.append(line)
    finish()
    return _join_summary(summary), params


def _google_section_starts(title: str, lines: list[str], index: int) -> bool:
    if title.lower() in _GOOGLE_KNOWN_SECTIONS:
        return True
    # Other "Title:" lines (Note:, Warning:, ...) are sections when an indented block follows.
    following = next((line for line in lines[index + 1 :] if line.strip()), "")
    return following[:1].isspace()


def _parse_google_params(body: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    name: str | None = None
    first = ""
    continuation: list[str] = []

    def flush() -> None:
        if name:
            params[name] = _join_description(first, continuation)

    for line in textwrap.dedent("\n".join(body)).splitlines():
        if line.strip() and not line[0].isspace():
            flush()
            name, first, continuation = None, "", []
            head, sep, rest = _split_outside_parens(line)
            match = re.fullmatch(r"\s*\*{0,2}(?P<name>\w+)\s*(\(.*\))?\s*", head)
            if sep and match:
                name, first = match["name"], rest
        elif name:
            continuation.append(line)
    flush()
    return params


def _split_outside_parens(line: str) -> tuple[str, str, str]:
    """Split ``name (dict[str, int]): text: more`` at the colon that ends the name part."""
    depth = 0
    for index, char in enumerate(line):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(depth - 1, 0)
        elif char == ":" and depth == 0:
            return line[:index], ":", line[index + 1 :]
    return line, "", ""


_NUMPY_PARAM_SECTIONS = frozenset(
    {"parameters", "params", "arguments", "args", "other parameters", "keyword arguments"}
)


def _parse_numpy(doc: str) -> tuple[str | None, dict[str, str]]:
    lines = doc.splitlines()
    summary: list[str] = []
    params: dict[str, str] = {}
    section: str | None = None
    body: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        underline = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip() and re.fullmatch(r"\s*-{3,}\s*", underline):
            if section in _NUMPY_PARAM_SECTIONS:
                params.update(_parse_numpy_params(body))
            section, body = line.strip().lower(), []
            index += 2
            continue
        (summary if section is None else body).append(line)
        index += 1
    if section in _NUMPY_PARAM_SECTIONS:
        params.update(_parse_numpy_params(body))
    return _join_summary(summary), params


def _parse_numpy_params(body: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    names: list[str] = []
    continuation: list[str] = []

    def flush() -> None:
        for name in names:
            params[name] = _join_description("", continuation)

    for line in textwrap.dedent("\n".join(body)).splitlines():
        if line.strip() and not line[0].isspace():
            flush()
            # "x : int", "x, y : float, optional", "*args" - a bare colon would be ambiguous.
            head = re.split(r"\s+:(?:\s|$)", line, maxsplit=1)[0]
            names = [
                name.strip().lstrip("*")
                for name in head.split(",")
                if re.fullmatch(r"\*{0,2}\w+", name.strip())
            ]
            continuation = []
        else:
            continuation.append(line)
    flush()
    return params


_SPHINX_PARAM = re.compile(
    r"^:(?:param|parameter|arg|argument|key|keyword)\s+(?P<spec>[^:]+?)\s*:(?P<text>.*)$"
)


def _parse_sphinx(doc: str) -> tuple[str | None, dict[str, str]]:
    summary: list[str] = []
    params: dict[str, str] = {}
    name: str | None = None
    first = ""
    continuation: list[str] = []
    in_fields = False

    def flush() -> None:
        if name:
            params[name] = _join_description(first, continuation)

    for line in doc.splitlines():
        if line.startswith(":"):
            flush()
            in_fields, name, first, continuation = True, None, "", []
            match = _SPHINX_PARAM.match(line)
            if match:
                # ":param x:" or ":param int x:" - the name is the last word.
                name, first = match["spec"].split()[-1].lstrip("*"), match["text"]
        elif not in_fields:
            summary.append(line)
        elif name and (not line.strip() or line[0].isspace()):
            continuation.append(line)
        else:
            flush()
            name = None
    flush()
    return _join_summary(summary), params
