"""Three agents on three providers with different dialects, in one conversation.

Triage runs on Mistral (9-character tool-call ids; no user message right after a tool
message), Refunds on DeepSeek (reasoning_content must come back on its tool-call turns),
Escalation on Anthropic through LiteLLM (signed thinking blocks must come back, tool results
must answer the previous message's tool uses). Each loopback server rejects, with a 400, a
request its real counterpart would reject, so the run only succeeds if every provider got
a history it accepts.
"""

from __future__ import annotations

import json
import re
from collections import deque
from typing import Any

import pytest

pytest.importorskip("agents.extensions.models.litellm_model")

from agents import Agent
from agents import ModelSettings
from agents import Runner
from agents import function_tool
from agents.extensions.models.litellm_model import LitellmModel
from agents.items import ReasoningItem
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from agents.testing import WireShape
from agents.testing.anthropic_server import AnthropicLoopback
from agents.testing.anthropic_server import AnthropicReply
from agents.testing.anthropic_server import Thinking
from agents.testing.anthropic_server import ToolUse

KEY = "cross-provider-key-0123456789"
MISTRAL_ID = re.compile(r"^[A-Za-z0-9]{9}$")
DEEPSEEK_REASONING = "The refund is allowed; call issue_refund, then escalate."
CLAUDE_THINKING = "The customer needs a written apology; notify them."

calls: list[str] = []


@function_tool
def lookup_order(order_id: str) -> str:
    """Look up an order."""
    calls.append(f"lookup:{order_id}")
    return f"order {order_id}: delivered damaged"


@function_tool
def issue_refund(order_id: str, amount: float) -> str:
    """Refund an order."""
    calls.append(f"refund:{order_id}:{amount}")
    return "refund issued"


@function_tool
def notify_customer(message: str) -> str:
    """Send the customer a message."""
    calls.append(f"notify:{message}")
    return "sent"


def _error(message: str) -> Reply:
    return Reply(status=400, error={"error": {"message": message, "type": "invalid_request_error"}})


class Mistral:
    """Validates like api.mistral.ai, then answers from a script."""

    def __init__(self, script: list[Reply]) -> None:
        self.script = deque(script)
        self.rejections: list[str] = []

    def __call__(self, body: dict[str, Any]) -> Reply:
        messages = body["messages"]
        for i, m in enumerate(messages):
            for call in m.get("tool_calls") or []:
                if not MISTRAL_ID.match(call["id"]):
                    return self._reject(
                        f"Tool call id was {call['id']} but must be a-z, A-Z, 0-9, "
                        "with a length of 9."
                    )
            if m["role"] == "tool" and not MISTRAL_ID.match(m["tool_call_id"]):
                return self._reject(
                    f"Tool call id was {m['tool_call_id']} but must be a-z, A-Z, 0-9, "
                    "with a length of 9."
                )
            if m["role"] == "user" and i and messages[i - 1]["role"] == "tool":
                return self._reject("Unexpected role 'user' after role 'tool'")
            if "reasoning_content" in m:
                return self._reject("Extra inputs are not permitted: reasoning_content")
        if body.get("tool_choice") == "required":
            return self._reject("tool_choice: Input should be 'auto', 'none', 'any'")
        return self.script.popleft() if self.script else Reply(text="Anything else?")

    def _reject(self, message: str) -> Reply:
        self.rejections.append(message)
        return _error(message)


class DeepSeek:
    """Rejects a tool-call turn of its own sent back without its reasoning_content."""

    def __init__(self, script: list[Reply]) -> None:
        self.script = deque(script)
        self.rejections: list[str] = []
        self.own_ids: dict[str, str] = {}

    def __call__(self, body: dict[str, Any]) -> Reply:
        for m in body["messages"]:
            for call in m.get("tool_calls") or []:
                expected = self.own_ids.get(call["id"])
                if expected is not None and m.get("reasoning_content") != expected:
                    self.rejections.append(call["id"])
                    return _error("Missing `reasoning_content` field in the assistant message")
        reply = self.script.popleft() if self.script else Reply(text="Done.")
        for call in reply.tool_calls:
            if call.id is not None and reply.reasoning is not None:
                self.own_ids[call.id] = reply.reasoning
        return reply


async def test_three_agents_three_dialects_one_conversation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls.clear()
    mistral = Mistral(
        [
            Reply(tool_calls=[ToolCall("lookup_order", {"order_id": "A17"})]),
            Reply(tool_calls=[ToolCall("transfer_to_refunds", {})]),
            # Second user turn, back on Mistral with everyone's history.
            Reply(text="Glad I could help."),
        ]
    )
    deepseek = DeepSeek(
        [
            Reply(
                reasoning=DEEPSEEK_REASONING,
                tool_calls=[
                    ToolCall("issue_refund", {"order_id": "A17", "amount": 25.0}, id="call_ds_1")
                ],
            ),
            Reply(
                reasoning="Now escalate for the apology.",
                tool_calls=[ToolCall("transfer_to_escalation", {}, id="call_ds_2")],
            ),
        ]
    )
    with (
        LoopbackProvider(
            "mistral", api_key=KEY, responder=mistral, wire=WireShape.preset("mistral")
        ) as mistral_server,
        LoopbackProvider(
            "deepseek", api_key=KEY, responder=deepseek, wire=WireShape.preset("deepseek")
        ) as deepseek_server,
        AnthropicLoopback(api_key=KEY) as anthropic,
    ):
        anthropic.enqueue(
            AnthropicReply(
                thinking=[Thinking(CLAUDE_THINKING, signature="sig-claude-1")],
                tool_uses=[ToolUse("notify_customer", {"message": "Sorry about order A17."})],
            ),
            AnthropicReply(thinking=[Thinking("All done.")], text="Refunded and apologised."),
        )

        # Model strings pick each provider from the table; its base URL points at loopback.
        for name, server in (("MISTRAL", mistral_server), ("DEEPSEEK", deepseek_server)):
            monkeypatch.setenv(f"{name}_BASE_URL", server.base_url)
            monkeypatch.setenv(f"{name}_API_KEY", KEY)

        escalation = Agent(
            name="Escalation",
            instructions="You write apologies.",
            tools=[notify_customer],
            model=LitellmModel(
                model="anthropic/claude-3-7-sonnet-20250219",
                base_url=anthropic.base_url,
                api_key=KEY,
            ),
            model_settings=ModelSettings(
                extra_args={"thinking": {"type": "enabled", "budget_tokens": 1024}}
            ),
        )
        refunds = Agent(
            name="Refunds",
            instructions="You issue refunds.",
            tools=[issue_refund],
            handoffs=[escalation],
            model="deepseek/deepseek-reasoner",
        )
        triage = Agent(
            name="Triage",
            instructions="You route customers.",
            tools=[lookup_order],
            handoffs=[refunds],
            model="mistral/mistral-large-latest",
        )

        result = await Runner.run(triage, "My order A17 arrived damaged.")
        assert result.final_output == "Refunded and apologised."
        assert result.last_agent is escalation
        assert calls == ["lookup:A17", "refund:A17:25.0", "notify:Sorry about order A17."]
        assert mistral.rejections == [] and deepseek.rejections == []

        # Each provider saw its own agent's instructions.
        assert mistral_server.chat_requests[0]["messages"][0]["content"] == "You route customers."
        assert deepseek_server.chat_requests[0]["messages"][0]["content"] == "You issue refunds."
        assert (
            anthropic.message_requests[0]["system"][0]["text"] == "You write apologies."
            if isinstance(anthropic.message_requests[0]["system"], list)
            else anthropic.message_requests[0]["system"] == "You write apologies."
        )

        # DeepSeek got its reasoning back on its own tool-call turn, and only its own.
        second_ds = deepseek_server.chat_requests[1]["messages"]
        own = [
            m for m in second_ds if m.get("tool_calls") and m["tool_calls"][0]["id"] == "call_ds_1"
        ]
        assert own and own[0]["reasoning_content"] == DEEPSEEK_REASONING
        assert all("reasoning_content" not in m for m in second_ds if m not in own)

        # With thinking on, Claude cannot take another model's open tool turn (the handoff
        # call) as its last assistant turn: that one exchange reaches it as plain text.
        first_claude = anthropic.message_requests[0]["messages"]
        assert first_claude[-2]["role"] == "assistant" and first_claude[-1]["role"] == "user"
        assert "[called tool transfer_to_escalation" in json.dumps(first_claude[-2])
        assert "[tool transfer_to_escalation returned:" in json.dumps(first_claude[-1])
        assert any(
            b.get("type") == "tool_use" for b in first_claude[1]["content"]
        )  # closed loops stay

        # Claude got its signed thinking block back on its tool-use turn.
        second_claude = anthropic.message_requests[1]["messages"]
        tool_turns = [
            m
            for m in second_claude
            if m["role"] == "assistant"
            and any(isinstance(b, dict) and b.get("type") == "tool_use" for b in m["content"])
        ]
        tool_turn = tool_turns[-1]  # Claude's own; the earlier ones came from other agents
        assert tool_turn["content"][0] == {
            "type": "thinking",
            "thinking": CLAUDE_THINKING,
            "signature": "sig-claude-1",
        }
        assert DEEPSEEK_REASONING not in json.dumps(anthropic.message_requests)

        reasoning = [i for i in result.new_items if isinstance(i, ReasoningItem)]
        assert len(reasoning) >= 3  # DeepSeek twice, Claude at least once

        # The whole conversation goes back to Mistral: every id remapped to its format,
        # consistently between each call and its result; no one else's reasoning.
        history = json.loads(json.dumps(result.to_input_list()))
        follow_up = await Runner.run(triage, [*history, {"role": "user", "content": "Thanks!"}])
        assert follow_up.final_output == "Glad I could help."
        assert mistral.rejections == []
        final = mistral_server.chat_requests[-1]["messages"]
        call_ids = [c["id"] for m in final for c in m.get("tool_calls") or []]
        result_ids = [m["tool_call_id"] for m in final if m["role"] == "tool"]
        assert len(call_ids) >= 5 and all(MISTRAL_ID.match(i) for i in call_ids)
        assert sorted(call_ids) == sorted(result_ids)
        assert len(set(call_ids)) == len(call_ids)
        dumped = json.dumps(final)
        assert DEEPSEEK_REASONING not in dumped and CLAUDE_THINKING not in dumped
