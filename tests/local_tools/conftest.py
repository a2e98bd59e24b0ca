"""The Responses loopback server the local-tool tests script (started once), a model bound to
it, and the output items of the API's local tools as it sends them."""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any

import pytest

from agents import OpenAIChatCompletionsModel
from agents import OpenAIResponsesModel
from agents import RunConfig
from agents.testing import LoopbackProvider
from agents.testing import ResponsesLoopback
from tests.conftest import make_model
from tests.responses_helpers import responses_model

KEY = "sk-local-tools-0123456789abcdef"
CONFIG = RunConfig(tracing_disabled=True)


@pytest.fixture(scope="session")
def server() -> Iterator[ResponsesLoopback]:
    with ResponsesLoopback("openai", api_key=KEY) as loopback:
        yield loopback


def model(server: ResponsesLoopback, name: str = "gpt-5.4") -> OpenAIResponsesModel:
    return responses_model(server, name, key=KEY)


def shell_call(
    call_id: str,
    *commands: str,
    max_output_length: int | None = None,
    environment: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A shell_call item; run here unless `environment` names a hosted container."""
    return {
        "type": "shell_call",
        "id": f"sh_{call_id}",
        "call_id": call_id,
        "status": "completed",
        "action": {
            "commands": list(commands),
            "timeout_ms": None,
            "max_output_length": max_output_length,
        },
        "environment": environment or {"type": "local"},
        "created_by": "resp_server",
    }


def patch_call(call_id: str, operation: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "apply_patch_call",
        "id": f"apc_{call_id}",
        "call_id": call_id,
        "status": "completed",
        "operation": operation,
        "created_by": "resp_server",
    }


def computer_call(
    call_id: str, *actions: dict[str, Any], checks: list[Any] | None = None
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": "computer_call",
        "id": f"cu_{call_id}",
        "call_id": call_id,
        "status": "completed",
        "pending_safety_checks": checks or [],
    }
    if len(actions) == 1:
        item["action"] = actions[0]
    else:
        item["actions"] = list(actions)
    return item


def custom_call(call_id: str, name: str, text: str) -> dict[str, Any]:
    return {
        "type": "custom_tool_call",
        "id": f"ctc_{call_id}",
        "call_id": call_id,
        "name": name,
        "input": text,
    }


def local_shell_call(call_id: str, *argv: str) -> dict[str, Any]:
    return {
        "type": "local_shell_call",
        "id": f"lsh_{call_id}",
        "call_id": call_id,
        "status": "completed",
        "action": {"type": "exec", "command": list(argv), "env": {}},
    }


def sent(server: ResponsesLoopback, since: int) -> list[dict[str, Any]]:
    """The request bodies since the `since`-th."""
    return server.response_requests[since:]


def items_of(body: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [i for i in body["input"] if isinstance(i, dict) and i.get("type") == kind]


@pytest.fixture(scope="session")
def chat_server() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("groq", api_key=KEY) as loopback:
        yield loopback


def chat_model(server: LoopbackProvider) -> OpenAIChatCompletionsModel:
    return make_model(server, "llama-3.3-70b-versatile", key=KEY, max_retries=0)
