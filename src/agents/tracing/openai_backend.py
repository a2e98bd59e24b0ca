"""Export to OpenAI's trace backend: only with a key that belongs to OpenAI, for OpenAI runs.

A trace is uploaded when the user gave an export key on purpose
(`set_tracing_export_api_key`), or when every model call of the trace went to OpenAI's own
API and OPENAI_API_KEY is set. A key given to `set_default_openai_client` for another
provider is never used, so a Gemini or Groq key is never sent to OpenAI, and a run on
another provider produces no upload and no "401" noise.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from agents.tracing.config import get_openai_platform_key
from agents.tracing.config import get_tracing_export_api_key
from agents.tracing.processor_interface import TracingExporter
from agents.tracing.processor_interface import TracingProcessor
from agents.tracing.processors import BatchTraceProcessor
from agents.tracing.span_data import GenerationSpanData
from agents.tracing.span_data import ResponseSpanData
from agents.tracing.spans import Span
from agents.tracing.traces import Trace

logger = logging.getLogger("openai.agents.tracing")

INGEST_URL = "https://api.openai.com/v1/traces/ingest"
OPENAI_HOSTS = frozenset({"api.openai.com"})


class OpenAIBackendExporter(TracingExporter):
    def __init__(self, api_key: str | None = None, endpoint: str = INGEST_URL) -> None:
        self._api_key = api_key
        self.endpoint = endpoint
        self._rejected = False

    def __repr__(self) -> str:
        return f"OpenAIBackendExporter(endpoint={self.endpoint!r})"

    def _key(self) -> str | None:
        return (
            self._api_key
            or get_tracing_export_api_key()
            or get_openai_platform_key()
            or os.environ.get("OPENAI_API_KEY")
        )

    def export(self, items: list[Trace | Span[Any]]) -> None:
        # A run's own key (RunConfig.tracing={"api_key": ...}) uploads that run's items.
        groups: dict[str | None, list[Trace | Span[Any]]] = {}
        for item in items:
            groups.setdefault(item.tracing_api_key, []).append(item)
        for key, group in groups.items():
            self._send(key or self._key(), group)

    def _send(self, key: str | None, items: list[Trace | Span[Any]]) -> None:
        if not key or self._rejected:
            return
        data = [e for e in (item.export() for item in items) if e is not None]
        if not data:
            return
        request = urllib.request.Request(
            self.endpoint,
            data=json.dumps({"data": data}, default=str).encode(),
            headers={
                "Authorization": f"Bearer {key}",
                "Content-Type": "application/json",
                "OpenAI-Beta": "traces=v1",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                self._rejected = True  # the key will not start working mid-process
            logger.debug("Trace upload to OpenAI refused: HTTP %s", exc.code)
        except (urllib.error.URLError, OSError) as exc:
            logger.debug("Trace upload to OpenAI failed: %s", exc)


def _is_openai(base_url: str | None) -> bool:
    return bool(base_url) and (urlsplit(base_url or "").hostname or "") in OPENAI_HOSTS


class OpenAIBackendProcessor(TracingProcessor):
    """Holds each trace's spans until it ends, then uploads it only if the rules allow."""

    def __init__(self, exporter: OpenAIBackendExporter | None = None) -> None:
        self._batch = BatchTraceProcessor(exporter or OpenAIBackendExporter())
        self._open: dict[str, tuple[Trace, list[Span[Any]]]] = {}

    def on_trace_start(self, trace: Trace) -> None:
        self._open[trace.trace_id] = (trace, [])

    def on_span_start(self, span: Span[Any]) -> None:
        return None

    def on_span_end(self, span: Span[Any]) -> None:
        entry = self._open.get(span.trace_id)
        if entry is not None:
            entry[1].append(span)

    def on_trace_end(self, trace: Trace) -> None:
        entry = self._open.pop(trace.trace_id, None)
        if entry is None:
            return
        spans = entry[1]
        if not (trace.tracing_api_key or self._allowed(spans)):
            return
        self._batch.on_trace_start(trace)
        for span in spans:
            self._batch.on_span_end(span)
        self._batch.on_trace_end(trace)

    @staticmethod
    def _allowed(spans: list[Span[Any]]) -> bool:
        if get_tracing_export_api_key():
            return True
        if not (get_openai_platform_key() or os.environ.get("OPENAI_API_KEY")):
            return False
        urls = [
            s.span_data.base_url
            for s in spans
            if isinstance(s.span_data, GenerationSpanData | ResponseSpanData)
        ]
        return bool(urls) and all(_is_openai(u) for u in urls)

    def force_flush(self) -> None:
        self._batch.force_flush()

    def shutdown(self) -> None:
        self._batch.shutdown()
