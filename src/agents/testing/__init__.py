"""Test helpers: scripted providers that real clients talk to over loopback HTTP."""

from .provider_server import LoopbackProvider, RecordedRequest, Reply, ToolCall, WireShape

__all__ = ["LoopbackProvider", "RecordedRequest", "Reply", "ToolCall", "WireShape"]
