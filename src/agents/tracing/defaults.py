"""The processors a process starts with, chosen from the environment."""

from __future__ import annotations

import os

from agents.tracing.processor_interface import TracingProcessor

TRACE_FILE_ENV = "FREEAGENTS_TRACE_FILE"
TRACE_CONSOLE_ENV = "FREEAGENTS_TRACE_CONSOLE"


def default_processors() -> list[TracingProcessor]:
    """OpenAI's backend (which uploads only what its rules allow), plus the local exporters
    switched on by FREEAGENTS_TRACE_FILE=<path> and FREEAGENTS_TRACE_CONSOLE=1."""
    from agents.tracing.openai_backend import OpenAIBackendProcessor
    from agents.tracing.processors import BatchTraceProcessor
    from agents.tracing.processors import ConsoleSpanExporter
    from agents.tracing.processors import JsonLinesExporter

    processors: list[TracingProcessor] = [OpenAIBackendProcessor()]
    path = os.environ.get(TRACE_FILE_ENV)
    if path:
        processors.append(BatchTraceProcessor(JsonLinesExporter(path)))
    if os.environ.get(TRACE_CONSOLE_ENV, "").strip().lower() in ("1", "true", "yes", "on"):
        processors.append(BatchTraceProcessor(ConsoleSpanExporter()))
    return processors
