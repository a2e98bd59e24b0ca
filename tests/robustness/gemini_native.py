"""A loopback server speaking Gemini's own `generateContent` API, for the LiteLLM route.

litellm talks to Gemini in Gemini's protocol (`contents` of `parts`, `functionCall` parts
signed with `thoughtSignature`), not in Chat Completions. Like Gemini 3, the server signs the
first function call of each answer and answers 400 to a request whose model turn's first
function call carries no signature.
"""

from __future__ import annotations

import base64
import itertools
import re
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from agents.testing._loopback_http import Incoming
from agents.testing._loopback_http import LoopbackServer
from agents.testing._loopback_http import Response
from agents.testing._loopback_http import dumps
from agents.testing._loopback_http import json_response
from agents.testing._loopback_http import sse_response

GEMINI_3 = re.compile(r"gemini-3")


@dataclass
class GeminiReply:
    """The next answer: text, or function calls (name, args)."""

    text: str | None = None
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


class GeminiNativeLoopback(LoopbackServer[GeminiReply]):
    def __init__(self) -> None:
        super().__init__(
            "gemini-native",
            api_key=None,
            models=None,
            replies=(),
            responder=None,
            host="127.0.0.1",
        )
        self._signatures = itertools.count(1)
        self.signed: list[str] = []
        """Every signature this server handed out (base64), in order."""

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return self._bodies(lambda r: True)

    def _default_reply(self, body: dict[str, Any]) -> GeminiReply:
        return GeminiReply(text="Hello from Gemini.")

    def _respond(self, request: Incoming) -> Response | None:
        body = self._record(request)
        action = request.path.rsplit(":", 1)[-1]
        model = request.path.rsplit("/", 1)[-1].split(":", 1)[0]
        if body is None or action not in ("generateContent", "streamGenerateContent"):
            return _error(404, f"no route for {request.path}")
        if GEMINI_3.search(model):
            complaint = _unsigned(body)
            if complaint is not None:
                return _error(400, complaint)
        answer = self._answer(self._next_reply(body), model)
        if action == "streamGenerateContent":
            return sse_response([f"data: {dumps(answer)}\r\n\r\n".encode()])
        return json_response(200, answer)

    def _answer(self, reply: GeminiReply, model: str) -> dict[str, Any]:
        parts: list[dict[str, Any]] = []
        if reply.text is not None:
            parts.append({"text": reply.text})
        for name, args in reply.calls:
            parts.append({"functionCall": {"name": name, "args": args}})
        first_call = next((p for p in parts if "functionCall" in p), None)
        if first_call is not None and GEMINI_3.search(model):
            raw = f"gemini-own-signature-{next(self._signatures)}".encode()
            signature = base64.b64encode(raw).decode()
            self.signed.append(signature)
            first_call["thoughtSignature"] = signature
        return {
            "candidates": [
                {"content": {"role": "model", "parts": parts}, "finishReason": "STOP", "index": 0}
            ],
            "usageMetadata": {
                "promptTokenCount": 5,
                "candidatesTokenCount": 3,
                "totalTokenCount": 8,
            },
            "modelVersion": model,
        }


def _unsigned(body: dict[str, Any]) -> str | None:
    for position, content in enumerate(body.get("contents") or []):
        if content.get("role") != "model":
            continue
        calls = [
            p for p in content.get("parts") or [] if "functionCall" in p or "function_call" in p
        ]
        if calls and not (calls[0].get("thoughtSignature") or calls[0].get("thought_signature")):
            return (
                "Function call is missing a thought_signature in functionCall parts. "
                f"position {position + 1}."
            )
    return None


def _error(status: int, message: str) -> Response:
    payload = {"error": {"code": status, "message": message, "status": "INVALID_ARGUMENT"}}
    return json_response(status, payload)
