"""Test helpers: scripted providers that real clients talk to over loopback HTTP.

Import rule: above the run loop and the models (it scripts both); only the CLI sits higher.
"""

from agents.testing.provider_server import LoopbackProvider
from agents.testing.provider_server import RecordedRequest
from agents.testing.provider_server import Reply
from agents.testing.provider_server import ToolCall
from agents.testing.provider_server import WireShape
from agents.testing.responses_server import ResponsesLoopback
from agents.testing.responses_server import ResponsesReply
from agents.testing.scripted_model import ScriptedCall
from agents.testing.scripted_model import ScriptedModel

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
