"""What a function tool may return besides text: images and files, as models or dicts.

A tool returns a `ToolOutputText`, `ToolOutputImage` or `ToolOutputFileContent` (or the
dict forms, `{"type": "image", "image_url": ...}`), or a list of them. The output then
reaches the model as Responses content parts (`input_text`, `input_image`, `input_file`);
each wire adapter sends those as its provider accepts them (see docs/compatibility.md).
Any other value is shown to the model as text (JSON for structured values).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError, model_validator
from typing_extensions import NotRequired, TypedDict

__all__ = [
    "ToolOutputFileContent",
    "ToolOutputFileContentDict",
    "ToolOutputImage",
    "ToolOutputImageDict",
    "ToolOutputText",
    "ToolOutputTextDict",
    "to_output_parts",
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


_ANY_OUTPUT: TypeAdapter[ToolOutputText | ToolOutputImage | ToolOutputFileContent] = TypeAdapter(
    ToolOutputText | ToolOutputImage | ToolOutputFileContent
)


def _as_output(value: Any) -> ToolOutputText | ToolOutputImage | ToolOutputFileContent | None:
    if isinstance(value, ToolOutputText | ToolOutputImage | ToolOutputFileContent):
        return value
    if isinstance(value, dict) and value.get("type") in ("text", "image", "file"):
        try:
            return _ANY_OUTPUT.validate_python(value)
        except ValidationError:
            return None
    return None


def _part(output: ToolOutputText | ToolOutputImage | ToolOutputFileContent) -> dict[str, Any]:
    if isinstance(output, ToolOutputText):
        return {"type": "input_text", "text": output.text}
    if isinstance(output, ToolOutputImage):
        part: dict[str, Any] = {"type": "input_image"}
        for key in ("image_url", "file_id", "detail"):
            if getattr(output, key) is not None:
                part[key] = getattr(output, key)
        part.setdefault("detail", "auto")
        return part
    part = {"type": "input_file"}
    for key in ("file_data", "file_url", "file_id", "filename"):
        if getattr(output, key) is not None:
            part[key] = getattr(output, key)
    return part


def to_output_parts(value: Any) -> list[dict[str, Any]] | None:
    """The tool's return value as content parts, or None when it is not a structured output
    (then it is shown to the model as text)."""
    single = _as_output(value)
    if single is not None:
        return [_part(single)]
    if isinstance(value, list) and value:
        outputs = [_as_output(v) for v in value]
        if all(o is not None for o in outputs):
            return [_part(o) for o in outputs if o is not None]
    return None
