"""A scripted OpenAI Responses API server on loopback.

OpenAIResponsesModel is tested against this server through the real ``openai`` client, so the
client's own parsing of Responses JSON and SSE events (``event:`` names, sequence numbers,
in-stream ``error`` events, failed and incomplete responses) is what gets exercised. The server
also enforces the request rules that break real runs against api.openai.com: unknown parameters
and item fields (``provider_data``) are 400s, placeholder ids such as ``__fake_id__`` are
rejected, a ``function_call_output`` must answer a call in the input or in the stored
conversation (``previous_response_id`` / ``conversation``), and images must be URLs, data URLs
or file ids. Responses are stored, so ``previous_response_id`` chains work as on the real API.
It shares the HTTP plumbing of ``_loopback_http``.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from urllib.parse import urlsplit

from typing_extensions import Unpack

from agents.testing._loopback_http import Incoming
from agents.testing._loopback_http import Response
from agents.testing._loopback_http import ScriptedServer
from agents.testing._loopback_http import ServerOptions
from agents.testing._loopback_http import dumps
from agents.testing._loopback_http import json_response
from agents.testing._loopback_http import sse_response
from agents.testing._loopback_http import text_of
from agents.testing.provider_server import ToolCall
from agents.testing.responses_shell import ShellEnvironmentError
from agents.testing.responses_shell import check_shell_environment
from agents.testing.responses_wire import sse_frames
from agents.testing.responses_wire import stream_events
from agents.testing.responses_wire import usage_for

__all__ = ["ResponsesLoopback", "ResponsesReply"]

# Top-level parameters of POST /responses (2025-08); anything else is a 400 as on the real API.
KNOWN_PARAMS = frozenset(
    {
        "background",
        "context_management",
        "conversation",
        "include",
        "input",
        "instructions",
        "max_output_tokens",
        "max_tool_calls",
        "metadata",
        "model",
        "parallel_tool_calls",
        "previous_response_id",
        "prompt",
        "prompt_cache_key",
        "prompt_cache_options",
        "prompt_cache_retention",
        "reasoning",
        "safety_identifier",
        "service_tier",
        "store",
        "stream",
        "stream_options",
        "temperature",
        "text",
        "tool_choice",
        "tools",
        "top_logprobs",
        "top_p",
        "truncation",
        "user",
    }
)

HOSTED_TOOL_TYPES = frozenset(
    {
        "web_search",
        "web_search_preview",
        "tool_search",
        "namespace",
        "file_search",
        "code_interpreter",
        "image_generation",
        "mcp",
        "computer_use_preview",
        "local_shell",
        "computer",
        "shell",
        "apply_patch",
        "custom",
    }
)

# Fields each tool type requires (2026-01), beyond `type`.
_TOOL_FIELDS = {
    "custom": ("name",),
    "computer_use_preview": ("environment", "display_width", "display_height"),
}

# Output items a client sends for calls it ran, the call type each answers, and the fields
# the API accepts on them (anything else, such as the SDK-only `shell_output`, is a 400).
LOCAL_OUTPUTS: dict[str, tuple[str, frozenset[str]]] = {
    "shell_call_output": (
        "shell_call",
        frozenset({"call_id", "output", "id", "caller", "max_output_length", "status"}),
    ),
    "local_shell_call_output": (
        "local_shell_call",
        frozenset({"call_id", "id", "output", "status"}),
    ),
    "apply_patch_call_output": (
        "apply_patch_call",
        frozenset({"call_id", "status", "id", "caller", "output"}),
    ),
    "computer_call_output": (
        "computer_call",
        frozenset({"call_id", "output", "id", "acknowledged_safety_checks", "status"}),
    ),
    "custom_tool_call_output": (
        "custom_tool_call",
        frozenset({"call_id", "output", "id", "caller"}),
    ),
}

_ID_PREFIXES = {"message": "msg", "function_call": "fc", "reasoning": "rs"}


@dataclass
class ResponsesReply:
    """What the scripted model answers next (one HTTP response).

    Output items go out in this order: reasoning, the raw ``output`` items (hosted tool calls
    such as ``web_search_call``, or calls of local tools such as ``shell_call``,
    ``apply_patch_call``, ``computer_call``, ``custom_tool_call``, given as the API's JSON),
    the text message, the function calls.
    ``usage=None`` computes a usage from word counts. ``status != 200`` sends an OpenAI error
    body (``error`` replaces its inner object); ``stream_error`` (``{"code", "message"}``)
    ends a stream with an ``error`` event instead of ``response.completed``; ``failed`` makes
    the response ``status: "failed"`` with that error; ``incomplete`` makes it
    ``status: "incomplete"`` with that reason (e.g. ``"max_output_tokens"``). ``events``
    replays exact SSE event payloads (each a dict with a ``type``).
    """

    text: str | None = None
    tool_calls: list[ToolCall] = field(default_factory=list)
    reasoning: str | None = None
    output: list[dict[str, Any]] = field(default_factory=list)
    usage: dict[str, Any] | None = None
    status: int = 200
    error: dict[str, Any] | None = None
    stream_error: dict[str, Any] | None = None
    failed: dict[str, Any] | None = None
    incomplete: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    raw_body: bytes | None = None
    delay: float = 0.0
    events: list[dict[str, Any]] | None = None
    stream_bytes: list[bytes] | None = None
    """A streamed body as raw pieces, each its own HTTP chunk: SSE framing split anywhere."""


class _Invalid(Exception):
    """A request the real API would reject with 400."""

    def __init__(self, message: str, param: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.param, self.status = message, param, status


_ERROR_TYPES = {401: "invalid_request_error", 404: "invalid_request_error", 429: "requests"}


def _error(
    status: int, message: str, param: str | None = None, code: str | None = None
) -> Response:
    kind = _ERROR_TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    return json_response(
        status, {"error": {"message": message, "type": kind, "param": param, "code": code}}
    )


class ResponsesLoopback(ScriptedServer[ResponsesReply]):
    """A scripted Responses API (``POST /v1/responses``) on ``127.0.0.1``.

    Replies come from the ``enqueue``-d script first, then ``responder``, then a default that
    names the server and model and echoes the user. Requests failing the key, model or
    request checks get OpenAI's 4xx error body and consume no scripted reply.
    """

    _api_prefix = "/v1"

    def __init__(
        self,
        name: str = "openai",
        *,
        text_chunk_size: int = 4,
        **options: Unpack[ServerOptions[ResponsesReply]],
    ) -> None:
        super().__init__(name, **options)
        self.text_chunk_size = text_chunk_size
        self.stored: dict[str, dict[str, Any]] = {}
        """Responses by id, with the input they answered (what previous_response_id reaches)."""
        self.conversations: dict[str, list[dict[str, Any]]] = {}
        """Items of each conversation id seen, in order."""
        self._ids = itertools.count(1)

    @property
    def response_requests(self) -> list[dict[str, Any]]:
        """Bodies of the ``POST .../responses`` requests received, in order."""
        return self._bodies(
            lambda r: (
                r.method == "POST" and urlsplit(r.path).path.rstrip("/").endswith("/responses")
            )
        )

    # -- request handling (runs on handler threads) ----------------------------------

    def _admit(self, request: Incoming, body: dict[str, Any] | None) -> Response | dict[str, Any]:
        method, headers, path = request.method, request.headers, request.path
        head, _, last = path.rpartition("/")
        is_create = method == "POST" and last == "responses"
        is_get = method == "GET" and head.endswith("/responses")
        if not (is_create or is_get):
            return _error(404, f"Invalid URL ({method} {path})", code="unknown_url")
        if self.api_key is not None and headers.get("authorization") != f"Bearer {self.api_key}":
            return _error(401, "Incorrect API key provided.", code="invalid_api_key")
        if is_get:
            with self._lock:
                stored = self.stored.get(last)
            if stored is None:
                return _error(404, f"Response with id '{last}' not found.")
            return json_response(200, stored["response"])
        if body is None:
            return _error(400, "We could not parse the JSON body of your request.")
        try:
            self._check(body)
        except _Invalid as invalid:
            return _error(invalid.status, invalid.message, invalid.param)
        return body

    def _error_response(self, status: int, message: str) -> Response:
        return _error(status, message)

    def _failure(self, reply: ResponsesReply) -> Response:
        if reply.error is not None:
            return json_response(reply.status, {"error": reply.error})
        message = "The server had an error." if reply.status >= 500 else "Request failed."
        return _error(reply.status, message)

    def _answer(self, body: dict[str, Any], reply: ResponsesReply) -> Response:
        response = self._response(body, reply)
        if body.get("stream") is True:
            scripted = reply.events
            payloads = (
                list(scripted)
                if scripted is not None
                else stream_events(response, reply.stream_error, self.text_chunk_size)
            )
            events = (
                [piece for piece in reply.stream_bytes if piece]
                if reply.stream_bytes is not None
                else sse_frames(payloads)
            )
            return sse_response(events).with_headers(reply.headers)
        return json_response(200, response).with_headers(reply.headers)

    # -- request checks --------------------------------------------------------------

    def _check(self, body: dict[str, Any]) -> None:
        """Reject what api.openai.com rejects (checking tool outputs against the stored
        conversation the request continues)."""
        for name in body:
            if name not in KNOWN_PARAMS:
                raise _Invalid(f"Unknown parameter: '{name}'.", name)
        model = body.get("model")
        if "model" not in body and "prompt" in body:
            model = None  # a stored prompt names its own model
        elif not isinstance(model, str) or not model:
            raise _Invalid("Missing required parameter: 'model'.", "model")
        if model is not None and self.models is not None and model not in self.models:
            raise _Invalid(f"The requested model '{model}' does not exist.", "model", status=404)
        previous, conversation = body.get("previous_response_id"), body.get("conversation")
        if previous is not None and conversation is not None:
            raise _Invalid(
                "Mutually exclusive parameters: Ensure you are only providing one of: "
                "'previous_response_id' or 'conversation'.",
                None,
            )
        history: list[dict[str, Any]] = []
        if previous is not None:
            history = self._chain(previous)
        elif conversation is not None:
            conv_id = conversation if isinstance(conversation, str) else conversation.get("id")
            with self._lock:
                history = list(self.conversations.get(str(conv_id), []))
        items = body.get("input")
        if isinstance(items, list):
            self._check_items(items, history)
        elif not isinstance(items, str) and previous is None and conversation is None:
            raise _Invalid("Missing required parameter: 'input'.", "input")
        for i, tool in enumerate(body.get("tools") or []):
            _check_tool(tool, i)

    def _chain(self, response_id: str) -> list[dict[str, Any]]:
        """Every item of the stored conversation that ends with `response_id`."""
        items: list[dict[str, Any]] = []
        current: str | None = response_id
        with self._lock:
            while current is not None:
                stored = self.stored.get(current)
                if stored is None:
                    raise _Invalid(
                        f"Previous response with id '{current}' not found.",
                        "previous_response_id",
                    )
                items[:0] = stored["input"] + stored["response"]["output"]
                current = stored["previous"]
        return items

    def _check_items(self, items: list[Any], history: list[dict[str, Any]]) -> None:
        calls = {i.get("call_id") for i in history if i.get("type") == "function_call"}
        local_calls = {(i.get("type"), i.get("call_id")) for i in history}
        approvals = {i.get("id") for i in history if i.get("type") == "mcp_approval_request"}
        for index, item in enumerate(items):
            where = f"input[{index}]"
            if not isinstance(item, dict):
                raise _Invalid(f"Invalid type for '{where}': expected an object.", where)
            for foreign in ("provider_data", "created_by"):
                if foreign in item:
                    param = f"{where}.{foreign}"
                    raise _Invalid(f"Unknown parameter: '{param}'.", param)
            local_calls.add((item.get("type"), item.get("call_id")))
            if item.get("type") in LOCAL_OUTPUTS:
                self._check_local_output(item, where, local_calls)
                continue
            kind = item.get("type", "message")
            item_id = item.get("id")
            prefix = _ID_PREFIXES.get(kind)
            if item_id is not None and prefix and not str(item_id).startswith(prefix):
                raise _Invalid(
                    f"Invalid '{where}.id': '{item_id}'. Expected an ID that begins with "
                    f"'{prefix}'.",
                    f"{where}.id",
                )
            if kind == "reasoning" and item_id is None:
                raise _Invalid(f"Missing required parameter: '{where}.id'.", f"{where}.id")
            if kind == "function_call":
                calls.add(item.get("call_id"))
            elif kind == "mcp_approval_request":
                approvals.add(item.get("id"))
            elif (
                kind == "mcp_approval_response" and item.get("approval_request_id") not in approvals
            ):
                raise _Invalid(
                    f"No approval request found with id {item.get('approval_request_id')}.", where
                )
            elif kind == "function_call_output" and item.get("call_id") not in calls:
                raise _Invalid(
                    "No tool call found for function call output with call_id "
                    f"{item.get('call_id')}.",
                    where,
                )
            elif kind == "message" and isinstance(item.get("content"), list):
                for j, part in enumerate(item["content"]):
                    self._check_part(part, f"{where}.content[{j}]")

    @staticmethod
    def _check_local_output(item: dict[str, Any], where: str, calls: set[tuple[Any, Any]]) -> None:
        """A shell, apply_patch, computer, custom or local_shell output: known fields only,
        answering a call of its kind in the input or the stored conversation."""
        call_type, allowed = LOCAL_OUTPUTS[item["type"]]
        for name in item:
            if name != "type" and name not in allowed:
                raise _Invalid(f"Unknown parameter: '{where}.{name}'.", f"{where}.{name}")
        if (call_type, item.get("call_id")) not in calls:
            raise _Invalid(
                f"No {call_type} found for {item['type']} with call_id {item.get('call_id')}.",
                where,
            )
        output = item.get("output")
        if item["type"] == "shell_call_output" and not (
            isinstance(output, list)
            and all(isinstance(o, dict) and isinstance(o.get("outcome"), dict) for o in output)
        ):
            raise _Invalid(f"Invalid '{where}.output': expected chunks with an outcome.", where)
        if item["type"] == "computer_call_output" and (
            not isinstance(output, dict) or output.get("type") != "computer_screenshot"
        ):
            raise _Invalid(f"Invalid '{where}.output': expected a computer_screenshot.", where)
        if item["type"] == "apply_patch_call_output" and item.get("status") not in (
            "completed",
            "failed",
        ):
            raise _Invalid(f"Missing required parameter: '{where}.status'.", f"{where}.status")

    @staticmethod
    def _check_part(part: Any, where: str) -> None:
        kind = part.get("type") if isinstance(part, dict) else None
        if kind == "input_image":
            url = part.get("image_url")
            if url is None and part.get("file_id") is None:
                raise _Invalid(
                    f"Missing required parameter: '{where}.image_url' or '{where}.file_id'.",
                    where,
                )
            if url is not None and not str(url).startswith(("http://", "https://", "data:")):
                raise _Invalid(
                    f"Invalid '{where}.image_url'. Expected a valid URL, but got a value with "
                    "an invalid format.",
                    f"{where}.image_url",
                )
        elif kind == "input_file":
            if not any(part.get(k) for k in ("file_data", "file_id", "file_url")):
                raise _Invalid(
                    f"Missing required parameter: one of '{where}.file_data', 'file_id' or "
                    "'file_url'.",
                    where,
                )
        elif kind not in ("input_text", "output_text", "refusal", "input_audio"):
            raise _Invalid(f"Invalid value: '{kind}'.", f"{where}.type")

    # -- replies ---------------------------------------------------------------------

    def _default_reply(self, body: dict[str, Any]) -> ResponsesReply:
        said = ""
        items = body.get("input")
        if isinstance(items, str):
            said = items
        else:
            for item in reversed(items or []):
                if isinstance(item, dict) and item.get("role") == "user":
                    said = text_of(item.get("content"))
                    break
        hello = "Hello from the loopback Responses API."
        return ResponsesReply(text=self._echo(body, said, hello))

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}_loopback{next(self._ids):08d}"

    def _output(self, reply: ResponsesReply) -> list[dict[str, Any]]:
        output: list[dict[str, Any]] = []
        if reply.reasoning is not None:
            output.append(
                {
                    "type": "reasoning",
                    "id": self._new_id("rs"),
                    "summary": [{"type": "summary_text", "text": reply.reasoning}],
                }
            )
        for raw in reply.output:
            output.append({"id": self._new_id("ht"), **raw})
        if reply.text is not None:
            text = {"type": "output_text", "text": reply.text, "annotations": [], "logprobs": []}
            output.append(
                {
                    "type": "message",
                    "id": self._new_id("msg"),
                    "status": "completed",
                    "role": "assistant",
                    "content": [text],
                }
            )
        for call in reply.tool_calls:
            args = call.arguments if isinstance(call.arguments, str) else dumps(call.arguments)
            output.append(
                {
                    "type": "function_call",
                    "id": self._new_id("fc"),
                    "call_id": call.id or self._new_id("call"),
                    "name": call.name,
                    "arguments": args,
                    "status": "completed",
                }
            )
        return output

    def _response(self, body: dict[str, Any], reply: ResponsesReply) -> dict[str, Any]:
        output = self._output(reply)
        status = "failed" if reply.failed else "incomplete" if reply.incomplete else "completed"
        response_id = self._new_id("resp")
        conversation = body.get("conversation")
        response = {
            "id": response_id,
            "object": "response",
            "created_at": int(time.time()),
            "status": status,
            "error": {"code": "server_error", "message": "failed", **reply.failed}
            if reply.failed
            else None,
            "incomplete_details": {"reason": reply.incomplete} if reply.incomplete else None,
            "instructions": body.get("instructions"),
            "max_output_tokens": body.get("max_output_tokens"),
            "model": body.get("model") or "gpt-4.1",
            "output": output,
            "parallel_tool_calls": body.get("parallel_tool_calls", True),
            "previous_response_id": body.get("previous_response_id"),
            "conversation": {"id": conversation} if isinstance(conversation, str) else conversation,
            "reasoning": body.get("reasoning") or {"effort": None, "summary": None},
            "store": body.get("store", True),
            "temperature": body.get("temperature", 1.0),
            "text": body.get("text") or {"format": {"type": "text"}},
            "tool_choice": body.get("tool_choice", "auto"),
            "tools": body.get("tools") or [],
            "top_p": body.get("top_p", 1.0),
            "truncation": body.get("truncation", "disabled"),
            "usage": usage_for(body, output),
            "metadata": body.get("metadata") or {},
        }
        items = body.get("input")
        listed = [{"role": "user", "content": items}] if isinstance(items, str) else items or []
        with self._lock:
            if body.get("store", True) is not False:
                self.stored[response_id] = {
                    "response": response,
                    "input": list(listed),
                    "previous": body.get("previous_response_id"),
                }
            if conversation is not None:
                conv_id = conversation if isinstance(conversation, str) else conversation["id"]
                self.conversations.setdefault(str(conv_id), []).extend([*listed, *output])
        return response


def _check_namespace(tool: dict[str, Any], where: str) -> None:
    """A `namespace` declaration (tool search): a name, a description and function tools."""
    for required in ("name", "description", "tools"):
        if required not in tool:
            raise _Invalid(
                f"Missing required parameter: '{where}.{required}'.", f"{where}.{required}"
            )
    for j, inner in enumerate(tool["tools"]):
        if not isinstance(inner, dict) or inner.get("type") not in ("function", "custom"):
            raise _Invalid(
                f"Invalid value for '{where}.tools[{j}].type': a namespace holds function or "
                "custom tools.",
                f"{where}.tools[{j}].type",
            )
        if "name" not in inner:
            param = f"{where}.tools[{j}].name"
            raise _Invalid(f"Missing required parameter: '{param}'.", param)


def _check_tool(tool: Any, i: int) -> None:
    """Reject a tool declaration the API would refuse (a missing field, an unknown type)."""
    kind = tool.get("type") if isinstance(tool, dict) else None
    fields = ("name", "parameters") if kind == "function" else _TOOL_FIELDS.get(str(kind))
    if fields is not None:
        for required in fields:
            if required not in tool:
                raise _Invalid(
                    f"Missing required parameter: 'tools[{i}].{required}'.",
                    f"tools[{i}].{required}",
                )
    elif kind not in HOSTED_TOOL_TYPES:
        supported = ", ".join(sorted({"function", *HOSTED_TOOL_TYPES}))
        raise _Invalid(
            f"Invalid value: '{kind}'. Supported values are: {supported}.",
            f"tools[{i}].type",
        )
    if kind == "namespace":
        _check_namespace(tool, f"tools[{i}]")
    if kind == "shell":
        try:
            check_shell_environment(tool.get("environment"), f"tools[{i}].environment")
        except ShellEnvironmentError as exc:
            raise _Invalid(str(exc), exc.param) from None
