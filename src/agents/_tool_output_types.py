"""What a function tool may return besides text: images and files, as models or dicts.

A tool returns a `ToolOutputText`, `ToolOutputImage` or `ToolOutputFileContent` (or the
dict forms, `{"type": "image", "image_url": ...}`), or a list of them. `agents._tool_output`
turns them into Responses content parts (`input_text`, `input_image`, `input_file`); each
wire adapter sends those as its provider accepts them (see docs/compatibility.md). Any
other value is shown to the model as text (JSON for structured values).

The names are public through `agents.tool` (and `agents`), which lists them.
"""

from __future__ import annotations

from typing import ClassVar
from typing import Literal

from pydantic import BaseModel
from pydantic import model_validator
from typing_extensions import NotRequired
from typing_extensions import Self
from typing_extensions import TypedDict


class ToolOutputText(BaseModel):
    """Text for the model."""

    type: Literal["text"] = "text"
    text: str


class ToolOutputTextDict(TypedDict, total=False):
    type: Literal["text"]
    text: str


class _SourcedOutput(BaseModel):
    """Content given one of several ways (a URL, inline data, an uploaded file's id): a value
    naming none of them would reach the model as nothing, so it is refused here."""

    _sources: ClassVar[tuple[str, ...]]
    _needs: ClassVar[str]
    """The error's words for the missing source."""

    @model_validator(mode="after")
    def _needs_a_source(self) -> Self:
        if all(getattr(self, source) is None for source in self._sources):
            raise ValueError(f"{type(self).__name__} needs {self._needs}")
        return self


class ToolOutputImage(_SourcedOutput):
    """An image for the model: a URL (or data: URL), or an uploaded file's id (OpenAI only)."""

    type: Literal["image"] = "image"
    image_url: str | None = None
    file_id: str | None = None
    detail: Literal["low", "high", "auto"] | None = None

    _sources = ("image_url", "file_id")
    _needs = "an image_url or a file_id"


class ToolOutputImageDict(TypedDict, total=False):
    type: Literal["image"]
    image_url: NotRequired[str]
    file_id: NotRequired[str]
    detail: NotRequired[Literal["low", "high", "auto"]]


class ToolOutputFileContent(_SourcedOutput):
    """A file for the model: base64 data (with a filename), a URL, or an uploaded file's id."""

    type: Literal["file"] = "file"
    file_data: str | None = None
    file_url: str | None = None
    file_id: str | None = None
    filename: str | None = None

    _sources = ("file_data", "file_url", "file_id")
    _needs = "file_data, file_url or file_id"


class ToolOutputFileContentDict(TypedDict, total=False):
    type: Literal["file"]
    file_data: NotRequired[str]
    file_url: NotRequired[str]
    file_id: NotRequired[str]
    filename: NotRequired[str]
