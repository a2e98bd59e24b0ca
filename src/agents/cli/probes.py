"""The doctor's probes: small real requests that show what an endpoint accepts.

Each probe is one request through the real `AsyncOpenAI` client, with no retries, so what
it reports is what the SDK's own requests would meet. A 400/404/422 to a request that
differs from a working plain chat only by one feature means the feature is rejected;
429s, 5xx and timeouts prove nothing either way and are reported as inconclusive.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Awaitable
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Literal

import openai
from openai import AsyncOpenAI

from agents.cli.console import one_line
from agents.models.reliability.provider_errors import redact

Status = Literal["ok", "no", "ignored", "error", "skipped"]
"""ok: works. no: rejected. ignored: accepted without effect. error: inconclusive (or, for
reachability, auth and chat, failed). skipped: not probed because an earlier probe failed."""

# Statuses that mean "the endpoint does not take this feature" (OpenRouter answers 404 "No
# endpoints found that support tool use"; vLLM 400; Mistral 422; some servers 501).
_REJECTED = frozenset({400, 404, 405, 415, 422, 501})

_WEATHER: dict[str, Any] = {
    "name": "get_weather",
    "description": "Get the current weather for a city.",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string", "description": "The city's name."}},
        "required": ["city"],
        "additionalProperties": False,
    },
}
_CITY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "country": {"type": "string"}},
    "required": ["city", "country"],
    "additionalProperties": False,
}
_WEATHER_QUESTION = "What is the weather in Paris right now? Use the get_weather tool."
_CITY_QUESTION = "Give the city Paris and its country as a JSON object with keys city and country."


@dataclass
class Probe:
    """One probe's outcome."""

    name: str
    status: Status
    detail: str = ""
    ms: float | None = None
    value: Any = None
    """What was found, where a yes/no is not enough: the tool_choice spelling that works,
    the listed model names, where stream usage came from."""
    http_status: int | None = None


@dataclass
class _Stream:
    text: str = ""
    chunks: int = 0
    usage: bool = False


@dataclass
class Prober:
    """Runs the probes against one endpoint and model."""

    client: AsyncOpenAI
    model: str
    api_key: str | None = None
    results: list[Probe] = field(default_factory=list)

    # -- helpers ----------------------------------------------------------------------------

    def _message(self, exc: BaseException) -> str:
        text = ""
        body = getattr(exc, "body", None)
        if isinstance(body, dict):
            inner = body.get("error", body)
            if isinstance(inner, dict) and isinstance(inner.get("message"), str):
                text = inner["message"]
            elif isinstance(body.get("message"), str):
                text = body["message"]
        if not text:
            text = getattr(exc, "message", "") or str(exc) or type(exc).__name__
        text = one_line(redact(text, self.api_key))
        return text if len(text) <= 160 else text[:157] + "..."

    def failure(self, name: str, exc: BaseException, ms: float) -> Probe:
        """A probe whose request raised: rejected (4xx of a feature) or inconclusive."""
        if isinstance(exc, openai.APITimeoutError):
            return Probe(name, "error", "timed out", ms)
        if isinstance(exc, openai.APIConnectionError):
            return Probe(name, "error", f"connection failed: {self._message(exc)}", ms)
        if isinstance(exc, openai.APIStatusError):
            status = exc.status_code
            kind: Status = "no" if status in _REJECTED else "error"
            return Probe(name, kind, f"{status}: {self._message(exc)}", ms, http_status=status)
        return Probe(name, "error", f"{type(exc).__name__}: {self._message(exc)}", ms)

    async def _timed(
        self, name: str, call: Callable[[], Awaitable[Any]]
    ) -> tuple[Any, Probe | None, float]:
        started = time.perf_counter()
        try:
            value = await call()
        except Exception as exc:  # any failure of a probe is a finding, not a crash
            ms = (time.perf_counter() - started) * 1000
            return None, self.failure(name, exc, ms), ms
        return value, None, (time.perf_counter() - started) * 1000

    def _add(self, probe: Probe) -> Probe:
        self.results.append(probe)
        return probe

    async def _create(self, **params: Any) -> Any:
        messages = params.pop("messages", None) or [{"role": "user", "content": "Say hi."}]
        return await self.client.chat.completions.create(
            model=self.model, messages=messages, **params
        )

    async def _ask_weather(self, function: dict[str, Any] | None = None, **params: Any) -> Any:
        """The weather question with `function` (default: get_weather) as the one tool."""
        tool = {"type": "function", "function": function or _WEATHER}
        messages = [{"role": "user", "content": _WEATHER_QUESTION}]
        return await self._create(messages=messages, tools=[tool], **params)

    async def _stream(self, **params: Any) -> _Stream:
        got = _Stream()
        stream = await self._create(stream=True, **params)
        async for chunk in stream:
            got.chunks += 1
            data = chunk.model_dump()
            x_groq = data.get("x_groq")
            if data.get("usage") or (isinstance(x_groq, dict) and x_groq.get("usage")):
                got.usage = True
            for choice in data.get("choices") or []:
                delta = choice.get("delta") or {}
                if isinstance(delta.get("content"), str):
                    got.text += delta["content"]
        return got

    # -- probes -----------------------------------------------------------------------------

    async def list_models(self) -> tuple[Probe, Probe]:
        """(reachable, model listed) from GET /models."""

        async def model_ids() -> list[str]:
            page = await self.client.models.list()
            return [str(m.id) for m in page.data]

        ids, failed, ms = await self._timed("reachable", model_ids)
        if failed is not None:
            if failed.http_status is None:  # no HTTP answer at all
                reach = Probe("reachable", "error", failed.detail, ms)
                return self._add(reach), self._add(Probe("model listed", "skipped"))
            reach = Probe("reachable", "ok", f"GET /models answered {failed.http_status}", ms)
            if failed.http_status in (401, 403):
                listed = Probe("model listed", "error", f"the key was refused: {failed.detail}")
            else:
                listed = Probe("model listed", "skipped", f"no model list: {failed.detail}")
            listed.http_status = failed.http_status
            return self._add(reach), self._add(listed)
        reach = self._add(Probe("reachable", "ok", f"GET /models: {len(ids)} models", ms))
        wanted = {self.model, self.model.split("/", 1)[-1], f"models/{self.model}"}
        if any(i in wanted for i in ids):
            return reach, self._add(Probe("model listed", "ok", "in GET /models", value=ids))
        sample = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
        return reach, self._add(
            Probe("model listed", "no", f"not among {len(ids)} listed: {sample}", value=ids)
        )

    async def chat(self) -> Probe:
        done, failed, ms = await self._timed(
            "chat",
            lambda: self._create(
                messages=[{"role": "user", "content": "Reply with the single word: pong"}]
            ),
        )
        if failed is not None:
            failed.status = "error"  # any failure of plain chat makes the endpoint unusable
            return self._add(failed)
        choice = done.choices[0] if done.choices else None
        text = (choice.message.content or "") if choice is not None else ""
        shown = one_line(redact(text, self.api_key))[:40]
        usage = "" if done.usage else "; no usage in the answer"
        return self._add(Probe("chat", "ok", f'answered "{shown}"{usage}', ms))

    async def streaming(self) -> Probe:
        got, failed, ms = await self._timed("streaming", lambda: self._stream())
        if failed is not None:
            return self._add(failed)
        if got.chunks == 0:
            return self._add(Probe("streaming", "error", "the stream was empty", ms))
        extra = "; usage sent without asking" if got.usage else ""
        return self._add(Probe("streaming", "ok", f"{got.chunks} chunks{extra}", ms, got.usage))

    async def stream_usage(self, usage_unasked: bool) -> Probe:
        """Whether `stream_options: {include_usage: true}` is accepted and yields usage."""
        got, failed, ms = await self._timed(
            "stream usage", lambda: self._stream(stream_options={"include_usage": True})
        )
        if failed is not None:
            if failed.status == "no" and usage_unasked:
                failed.detail = f"option rejected ({failed.detail}); usage comes anyway"
            return self._add(failed)
        if got.usage:
            return self._add(Probe("stream usage", "ok", "usage with stream_options", ms, True))
        return self._add(
            Probe("stream usage", "ok", "option accepted, but no usage in the stream", ms, False)
        )

    async def tools(self) -> Probe:
        done, failed, ms = await self._timed("tools", self._ask_weather)
        if failed is not None:
            return self._add(failed)
        called = bool(done.choices and done.choices[0].message.tool_calls)
        detail = "called get_weather" if called else "accepted (the model answered in text)"
        return self._add(Probe("tools", "ok", detail, ms))

    async def tool_choice_required(self, spellings: list[str]) -> Probe:
        """Forcing a tool call, trying each spelling ("required", Mistral's "any") in turn."""
        last: Probe | None = None
        for spelling in spellings:
            done, failed, ms = await self._timed(
                'tool_choice "required"',
                functools.partial(self._ask_weather, tool_choice=spelling),
            )
            if failed is not None:
                failed.detail = f'"{spelling}": {failed.detail}'
                last = failed
                if failed.status == "no":
                    continue
                return self._add(failed)
            if done.choices and done.choices[0].message.tool_calls:
                return self._add(
                    Probe('tool_choice "required"', "ok", f'"{spelling}" works', ms, spelling)
                )
            return self._add(
                Probe(
                    'tool_choice "required"',
                    "ignored",
                    f'"{spelling}" accepted, but no tool was called',
                    ms,
                )
            )
        assert last is not None
        return self._add(last)

    async def strict_tools(self) -> Probe:
        _, failed, ms = await self._timed(
            "strict tools", lambda: self._ask_weather({**_WEATHER, "strict": True})
        )
        return self._add(failed or Probe("strict tools", "ok", "accepted", ms))

    async def parallel_tool_calls(self) -> Probe:
        _, failed, ms = await self._timed(
            "parallel tool calls", functools.partial(self._ask_weather, parallel_tool_calls=True)
        )
        return self._add(failed or Probe("parallel tool calls", "ok", "accepted", ms))

    async def _json_reply(self, name: str, response_format: dict[str, Any]) -> Probe:
        done, failed, ms = await self._timed(
            name,
            lambda: self._create(
                messages=[{"role": "user", "content": _CITY_QUESTION}],
                response_format=response_format,
            ),
        )
        if failed is not None:
            return self._add(failed)
        text = (done.choices[0].message.content or "") if done.choices else ""
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            return self._add(Probe(name, "ok", "answered a JSON object", ms))
        shown = one_line(redact(text, self.api_key))[:40]
        return self._add(Probe(name, "ignored", f'accepted, but answered "{shown}"', ms))

    async def json_schema(self) -> Probe:
        return await self._json_reply(
            "json_schema",
            {
                "type": "json_schema",
                "json_schema": {"name": "city", "schema": _CITY_SCHEMA, "strict": True},
            },
        )

    async def json_object(self) -> Probe:
        return await self._json_reply("json_object", {"type": "json_object"})

    def skip(self, name: str, why: str) -> Probe:
        return self._add(Probe(name, "skipped", why))
