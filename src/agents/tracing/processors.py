"""Processors and exporters that ship with the SDK: batched export, console, JSON lines."""

from __future__ import annotations

import json
import logging
import queue
import sys
import threading
from pathlib import Path
from typing import IO
from typing import Any

from agents._private_files import open_private_append
from agents.tracing.processor_interface import TracingExporter
from agents.tracing.processor_interface import TracingProcessor
from agents.tracing.spans import Span
from agents.tracing.traces import Trace

logger = logging.getLogger("openai.agents.tracing")


class BatchTraceProcessor(TracingProcessor):
    """Queues finished traces and spans and exports them from a background thread.

    The run's task only appends to a queue; exporting (files, network) never blocks it. A
    full queue drops items rather than slowing the run down.
    """

    def __init__(
        self,
        exporter: TracingExporter,
        max_queue_size: int = 8192,
        max_batch_size: int = 128,
        schedule_delay: float = 2.0,
    ) -> None:
        self._exporter = exporter
        self._queue: queue.Queue[Trace | Span[Any]] = queue.Queue(maxsize=max_queue_size)
        self._max_batch = max_batch_size
        self._delay = schedule_delay
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._export_lock = threading.Lock()

    def _ensure_thread(self) -> None:
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._loop, name="freeagents-trace-export", daemon=True
                    )
                    self._thread.start()

    def _put(self, item: Trace | Span[Any]) -> None:
        self._ensure_thread()
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            logger.debug("Trace queue full; dropping %r", item)
            return
        if self._queue.qsize() >= self._max_batch:
            self._wake.set()

    def on_trace_start(self, trace: Trace) -> None:
        self._put(trace)

    def on_trace_end(self, trace: Trace) -> None:
        self._wake.set()

    def on_span_start(self, span: Span[Any]) -> None:
        return None

    def on_span_end(self, span: Span[Any]) -> None:
        self._put(span)

    def _drain(self, limit: int | None) -> None:
        with self._export_lock:
            while True:
                batch: list[Trace | Span[Any]] = []
                while limit is None or len(batch) < limit:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                if not batch:
                    return
                try:
                    self._exporter.export(batch)
                except Exception as exc:
                    logger.debug("Trace exporter %s failed: %s", type(self._exporter).__name__, exc)
                if limit is not None and len(batch) < limit:
                    return

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._delay)
            self._wake.clear()
            self._drain(self._max_batch)

    def force_flush(self) -> None:
        self._drain(None)

    def shutdown(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._drain(None)


def _export(item: Trace | Span[Any]) -> dict[str, Any] | None:
    return item.export()


class ConsoleSpanExporter(TracingExporter):
    """Prints one line per trace and span (to stderr by default)."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self._stream = stream

    def export(self, items: list[Trace | Span[Any]]) -> None:
        stream = self._stream or sys.stderr
        for item in items:
            if isinstance(item, Trace):
                stream.write(f"[trace] {item.trace_id} {item.name}\n")
            else:
                data = item.span_data.export()
                name = data.get("name") or data.get("model") or ""
                stream.write(
                    f"[span] {item.trace_id} {item.span_id} {item.span_data.type} {name}".rstrip()
                    + (f" error={item.error['message']}" if item.error else "")
                    + "\n"
                )
        stream.flush()


class JsonLinesExporter(TracingExporter):
    """Appends each trace and span as one JSON object per line to a file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def export(self, items: list[Trace | Span[Any]]) -> None:
        lines = []
        for item in items:
            exported = _export(item)
            if exported is not None:
                lines.append(json.dumps(exported, default=str))
        if not lines:
            return
        # Owner-only: the lines hold the conversation (inputs, tool outputs, answers).
        with self._lock, open_private_append(self.path) as handle:
            handle.write("\n".join(lines) + "\n")
