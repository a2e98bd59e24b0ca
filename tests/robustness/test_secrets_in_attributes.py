"""Item 9: a key a provider echoes is masked in every attribute of the error and its causes.

Error reporters (Sentry and the like) serialise an exception's attributes and its cause
chain, not only its message: headers (`www-authenticate` quoting the key), response bodies
and the request's own `Authorization` header must show no key there either.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from agents import Agent
from agents import ModelProviderError
from agents import ModelSettings
from agents import RetryPolicy
from agents import Runner

from .conftest import KEY
from .conftest import Route
from .rawserver import Raw
from .rawserver import RawServer


def serialised(err: BaseException) -> str:
    """What a reporter that walks attributes, causes, responses and requests would record."""
    seen: set[int] = set()
    out: list[str] = []

    def walk(value: Any, depth: int) -> None:
        if depth > 6 or id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, str | bytes | int | float) or value is None:
            out.append(repr(value))
            return
        if isinstance(value, dict):
            for k, v in value.items():
                out.append(repr(k))
                walk(v, depth + 1)
            return
        if isinstance(value, list | tuple):
            for v in value:
                walk(v, depth + 1)
            return
        headers = getattr(value, "headers", None)
        if headers is not None and hasattr(headers, "items"):
            out.extend(f"{k}: {v}" for k, v in headers.items())
        for name in ("text", "content"):
            try:
                found = getattr(value, name, None)
            except Exception:
                found = None
            if isinstance(found, str | bytes):
                out.append(repr(found))
        if isinstance(value, BaseException):
            out.append(str(value))
            walk(value.args, depth + 1)
            walk(value.__cause__, depth + 1)
            walk(value.__context__, depth + 1)
        for attr in ("request", "response"):
            try:
                inner = getattr(value, attr, None)
            except Exception:
                inner = None
            if inner is not None:
                walk(inner, depth + 1)
        walk(getattr(value, "__dict__", None), depth + 1)

    walk(err, 0)
    return "\n".join(out)


@pytest.mark.parametrize("status", [401, 500])
async def test_echoed_key_is_masked_in_every_attribute(
    route: Route, raw: RawServer, status: int
) -> None:
    error = (
        {"type": "authentication_error", "message": f"Invalid key {KEY}", "code": "bad_key"}
        if status == 401
        else {"type": "api_error", "message": f"upstream saw Authorization: Bearer {KEY}"}
    )
    body = json.dumps({"error": error})
    raw.enqueue(
        Raw(
            status=status,
            headers={"www-authenticate": f'Bearer realm="api", key="{KEY}"', "x-echo": KEY},
            body=body.encode(),
        )
    )
    settings = ModelSettings(retry=RetryPolicy(max_attempts=1))
    agent = Agent(name="a", model=route.model(raw), model_settings=settings)
    with pytest.raises(ModelProviderError) as caught:
        await Runner.run(agent, "hi")
    dump = serialised(caught.value)
    assert "www-authenticate" in dump.lower()  # the walk did reach the headers
    assert KEY not in dump
    assert KEY[:8] not in dump
