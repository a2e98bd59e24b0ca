"""What a function tool may return besides text: images and files, as models or dicts.

A tool returns a `ToolOutputText`, `ToolOutputImage` or `ToolOutputFileContent` (or the
dict forms, `{"type": "image", "image_url": ...}`), or a list of them. `agents._tool_output`
turns them into Responses content parts (`input_text`, `input_image`, `input_file`); each
wire adapter sends those as its provider accepts them (see docs/compatibility.md). Any
other value is shown to the model as text (JSON for structured values).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, model_validator
from typing_extensions import NotRequired, TypedDict

__all__ = [
    "ToolOutputFileContent",
    "ToolOutputFileContentDict",
    "ToolOutputImage",
    "ToolOutputImageDict",
    "ToolOutputText",
    "ToolOutputTextDict",
]


class ToolOutputText(BaseModel):
    """Text for the model."""

    type: Literal["text"] = "text"
    text: str


class ToolOutputTextDict(TypedDict, total=False):
    type: Literal["text"]
    text: str


class ToolOutputImage(BaseModel):
    """An image for the model: a URL (or data: URL), or an uploaded file's id (OpenAI only)."""

    type: Literal["image"] = "image"
    image_url: str | None = None
    file_id: str | None = None
    detail: Literal["low", "high", "auto"] | None = None

    @model_validator(mode="after")
    def _needs_a_source(self) -> ToolOutputImage:
        if self.image_url is None and self.file_id is None:
            raise ValueError("ToolOutputImage needs an image_url or a file_id")
        return self


class ToolOutputImageDict(TypedDict, total=False):
    type: Literal["image"]
    image_url: NotRequired[str]
    file_id: NotRequired[str]
    detail: NotRequired[Literal["low", "high", "auto"]]


class ToolOutputFileContent(BaseModel):
    """A file for the model: base64 data (with a filename), a URL, or an uploaded file's id."""

    type: Literal["file"] = "file"
    file_data: str | None = None
    file_url: str | None = None
    file_id: str | None = None
    filename: str | None = None

    @model_validator(mode="after")
    def _needs_a_source(self) -> ToolOutputFileContent:
        if self.file_data is None and self.file_url is None and self.file_id is None:
            raise ValueError("ToolOutputFileContent needs file_data, file_url or file_id")
        return self


class ToolOutputFileContentDict(TypedDict, total=False):
    type: Literal["file"]
    file_data: NotRequired[str]
    file_url: NotRequired[str]
    file_id: NotRequired[str]
    filename: NotRequired[str]
