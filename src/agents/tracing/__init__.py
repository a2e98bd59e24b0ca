"""Tracing. Nothing is ever exported anywhere unless the user configures an exporter."""

from .config import get_tracing_export_api_key, set_tracing_disabled, set_tracing_export_api_key

__all__ = ["get_tracing_export_api_key", "set_tracing_disabled", "set_tracing_export_api_key"]
