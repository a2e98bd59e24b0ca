"""Datasets for batch runs: JSONL, CSV or Parquet files, JSONL on stdin ("-"), or dicts.

Every row gets a stable key so a re-run can tell which rows are done: the row's own id
column when the dataset has one (``id_field``), else its position in the file ("#0", "#1",
...). Positions are only stable while the file is not reordered, so give rows ids when
the dataset may change between runs.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agents.exceptions import UserError

__all__ = ["BatchRow", "read_rows"]


@dataclass(frozen=True)
class BatchRow:
    """One input of a batch: its key, its position, and the row as read."""

    key: str
    index: int
    data: dict[str, Any]


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        yield from _json_lines(handle, str(path))


def _json_lines(handle: Iterable[str], path: str) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(f"{path}:{number}: not a JSON line ({exc.msg})") from None
        yield value if isinstance(value, dict) else {"input": value}


def _csv(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _parquet(path: Path) -> Iterator[dict[str, Any]]:
    try:
        import pyarrow.parquet as pq  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise UserError(
            f"{path}: reading Parquet needs pyarrow (pip install pyarrow); or convert the "
            "dataset to JSONL or CSV"
        ) from None
    for batch in pq.ParquetFile(path).iter_batches():
        yield from batch.to_pylist()


_READERS = {".jsonl": _jsonl, ".ndjson": _jsonl, ".json": _jsonl, ".csv": _csv}


def _records(source: str | Path | Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    if not isinstance(source, str | Path):
        return source
    if str(source) == "-":
        return _json_lines(sys.stdin, "<stdin>")
    path = Path(source)
    if not path.is_file():
        raise UserError(f"dataset {str(path)!r} does not exist or is not a file")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _parquet(path)
    reader = _READERS.get(suffix)
    if reader is None:
        raise UserError(
            f"dataset {str(path)!r}: unknown format {suffix or '(no suffix)'!r}; "
            "use .jsonl, .csv or .parquet"
        )
    return reader(path)


def read_rows(
    source: str | Path | Iterable[dict[str, Any]],
    *,
    input_field: str = "input",
    id_field: str | None = "id",
) -> Iterator[BatchRow]:
    """The rows of a dataset, keyed; a row without `input_field` is refused by name."""
    seen: set[str] = set()
    for index, data in enumerate(_records(source)):
        if not isinstance(data, dict):
            raise UserError(f"dataset row {index} is a {type(data).__name__}, not an object")
        if input_field not in data:
            raise UserError(
                f"dataset row {index} has no {input_field!r} field (fields: "
                f"{', '.join(map(str, data)) or 'none'}); name the input column with "
                "input_field= / --input-field"
            )
        raw_id = data.get(id_field) if id_field else None
        key = f"#{index}" if raw_id is None or raw_id == "" else str(raw_id)
        if key in seen:
            raise UserError(
                f"dataset row {index}: id {key!r} appears twice; ids must be unique so a "
                "re-run can tell which rows are done"
            )
        seen.add(key)
        yield BatchRow(key=key, index=index, data=data)
