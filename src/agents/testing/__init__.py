"""Test helpers: scripted providers that real clients talk to over loopback HTTP.

Import rule: above the run loop and the models (it scripts both); only the CLI sits higher.
"""

from agents.testing.provider_server import (
    LoopbackProvider,
    RecordedRequest,
    Reply,
    ToolCall,
    WireShape,
)
from agents.testing.responses_server import ResponsesLoopback, ResponsesReply
from agents.testing.scripted_model import ScriptedCall, ScriptedModel

__all__ = [
    "LoopbackProvider",
    "RecordedRequest",
    "Reply",
    "ResponsesLoopback",
    "ResponsesReply",
    "ScriptedCall",
    "ScriptedModel",
    "ToolCall",
    "WireShape",
]
