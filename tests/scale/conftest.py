"""Engines and providers for the scaling tests, each started once per session."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from tests.scale.factories import KEY
from tests.scale.postgres import postgres  # noqa: F401  (the session-wide server)


class BatchResponder:
    """Answers ``echo:<text>``; rows saying ``FAIL`` get a 400, and the first
    ``burst_429`` requests get a 429 with a short Retry-After (a provider pushing back)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.burst_429 = 0
        self.rate_limited = 0

    def __call__(self, body: dict[str, Any]) -> Reply:
        said = str(body["messages"][-1]["content"])
        with self.lock:
            if self.burst_429 > 0:
                self.burst_429 -= 1
                self.rate_limited += 1
                return Reply(status=429, headers={"retry-after": "0.05"})
        if "FAIL" in said:
            return Reply(status=400)
        tools = body.get("tools") or []
        answered = any(m.get("role") == "tool" for m in body["messages"])
        if tools and not answered:  # call the first tool, every required string set to "42"
            function = tools[0]["function"]
            required = function.get("parameters", {}).get("required", [])
            return Reply(tool_calls=[ToolCall(function["name"], {k: "42" for k in required})])
        if answered:
            said = str(body["messages"][-1]["content"])
        return Reply(text=f"echo:{said}")


@pytest.fixture(scope="session")
def batch_responder() -> BatchResponder:
    return BatchResponder()


@pytest.fixture(scope="session")
def batch_provider(batch_responder: BatchResponder) -> Iterator[LoopbackProvider]:
    with LoopbackProvider("batch", api_key=KEY, responder=batch_responder) as server:
        yield server


@pytest.fixture(scope="session")
def local_ray(batch_provider: LoopbackProvider) -> Iterator[Any]:
    """A small local Ray (2 CPUs), started once; workers import this checkout's tests."""
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'freeagents[ray]')")
    root = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={
            "env_vars": {
                "PYTHONPATH": path,
                "SCALE_LOOPBACK_URL": batch_provider.base_url,
                # the docs' examples name groq/ models: pointed at the loopback provider
                "GROQ_BASE_URL": batch_provider.base_url,
                "GROQ_API_KEY": KEY,
            }
        },
    )
    yield ray
    ray.shutdown()
