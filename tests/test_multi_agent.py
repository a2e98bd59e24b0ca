"""Handoffs, guardrails, sessions, hooks and agents as tools."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from agents import Agent
from agents import AgentHooks
from agents import GuardrailFunctionOutput
from agents import HandoffInputData
from agents import InputGuardrailTripwireTriggered
from agents import OutputGuardrailTripwireTriggered
from agents import RunConfig
from agents import RunContextWrapper
from agents import RunHooks
from agents import Runner
from agents import SQLiteSession
from agents import Tool
from agents import function_tool
from agents import handoff
from agents import input_guardrail
from agents import output_guardrail
from agents.extensions.handoff_filters import remove_all_tools
from agents.extensions.handoff_prompt import RECOMMENDED_PROMPT_PREFIX
from agents.extensions.handoff_prompt import prompt_with_handoff_instructions
from agents.stream_events import AgentUpdatedStreamEvent
from agents.stream_events import RunItemStreamEvent
from agents.testing import Reply
from agents.testing import ScriptedModel
from agents.testing import ToolCall


@function_tool
def lookup(order: str) -> str:
    """Look up an order."""
    return f"order {order}: shipped"


def two_agents() -> tuple[Agent[Any], Agent[Any], ScriptedModel, ScriptedModel]:
    triage_model = ScriptedModel(name="triage-model")
    billing_model = ScriptedModel(name="billing-model")
    billing = Agent(
        name="Billing agent",
        instructions="You handle billing.",
        handoff_description="Billing questions",
        model=billing_model,
    )
    triage = Agent(name="Triage", instructions="Route.", handoffs=[billing], model=triage_model)
    return triage, billing, triage_model, billing_model


async def test_handoff_switches_agent_and_model() -> None:
    triage, billing, triage_model, billing_model = two_agents()
    triage_model.add(Reply(tool_calls=[ToolCall("transfer_to_billing_agent", {})]))
    billing_model.add(Reply(text="Your invoice is paid."))
    result = await Runner.run(triage, "Was I billed?")
    assert result.final_output == "Your invoice is paid."
    assert result.last_agent is billing
    tool = triage_model.calls[0].tools  # handoffs are not function tools
    assert tool == []
    assert [i.type for i in result.new_items] == [
        "handoff_call_item",
        "handoff_output_item",
        "message_output_item",
    ]
    # The billing agent saw its own instructions and the whole history, handoff included.
    second = billing_model.calls[0]
    assert second.system_instructions == "You handle billing."
    kinds = [i.get("type", "message") for i in second.input]  # type: ignore[union-attr]
    assert kinds == ["message", "function_call", "function_call_output"]


async def test_handoff_tool_declaration_on_the_wire(provider: Any) -> None:
    from .conftest import make_model

    billing = Agent(name="Billing agent", handoff_description="Billing questions")
    triage = Agent(name="Triage", handoffs=[billing], model=make_model(provider))
    await Runner.run(triage, "hi")
    (tool,) = provider.chat_requests[0]["tools"]
    assert tool["function"]["name"] == "transfer_to_billing_agent"
    assert "Billing questions" in tool["function"]["description"]
    assert tool["function"]["parameters"]["additionalProperties"] is False


async def test_handoff_with_typed_input_override_and_filter() -> None:
    class Escalation(BaseModel):
        reason: str

    received: list[str] = []

    async def on_handoff(ctx: RunContextWrapper[Any], data: Escalation) -> None:
        received.append(data.reason)

    seen: list[HandoffInputData] = []

    def keep_filter(data: HandoffInputData) -> HandoffInputData:
        seen.append(data)
        return remove_all_tools(data)

    expert_model = ScriptedModel([Reply(text="expert answer")])
    expert = Agent(name="Expert", model=expert_model)
    front_model = ScriptedModel(
        [
            Reply(tool_calls=[ToolCall("lookup", {"order": "7"})]),
            Reply(tool_calls=[ToolCall("escalate", {"reason": "angry customer"})]),
        ]
    )
    front = Agent(
        name="Front",
        tools=[lookup],
        model=front_model,
        handoffs=[
            handoff(
                expert,
                tool_name_override="escalate",
                tool_description_override="Escalate to an expert",
                on_handoff=on_handoff,
                input_type=Escalation,
                input_filter=keep_filter,
            )
        ],
    )
    result = await Runner.run(front, "where is order 7?")
    assert received == ["angry customer"]
    assert result.final_output == "expert answer"
    assert len(seen) == 1 and len(seen[0].pre_handoff_items) == 2
    expert_input = expert_model.calls[0].input
    assert expert_input == [{"role": "user", "content": "where is order 7?"}]


async def test_run_config_handoff_filter_and_disabled_handoff() -> None:
    triage, _billing, triage_model, billing_model = two_agents()
    triage_model.add(Reply(tool_calls=[ToolCall("transfer_to_billing_agent", {})]))
    billing_model.add(Reply(text="ok"))
    calls: list[int] = []

    def count(data: HandoffInputData) -> HandoffInputData:
        calls.append(1)
        return data

    await Runner.run(triage, "x", run_config=RunConfig(handoff_input_filter=count))
    assert calls == [1]

    hidden = Agent(name="Hidden")
    agent = Agent(
        name="A",
        handoffs=[handoff(hidden, is_enabled=lambda ctx, agent: False)],
        model=ScriptedModel([Reply(text="no handoff")]),
    )
    model = agent.model
    await Runner.run(agent, "x")
    assert model.calls[0].tools == []  # type: ignore[union-attr]


def test_prompt_prefix() -> None:
    assert prompt_with_handoff_instructions("Be kind.").startswith(RECOMMENDED_PROMPT_PREFIX)
    assert prompt_with_handoff_instructions("Be kind.").endswith("Be kind.")


async def test_handoff_stream_events() -> None:
    triage, billing, triage_model, billing_model = two_agents()
    triage_model.add(Reply(tool_calls=[ToolCall("transfer_to_billing_agent", {})]))
    billing_model.add(Reply(text="paid"))
    result = Runner.run_streamed(triage, "x")
    events = [e async for e in result.stream_events()]
    updates = [e.new_agent.name for e in events if isinstance(e, AgentUpdatedStreamEvent)]
    assert updates == ["Triage", "Billing agent"]
    names = [e.name for e in events if isinstance(e, RunItemStreamEvent)]
    assert names == ["handoff_requested", "handoff_occured", "message_output_created"]
    assert result.last_agent is billing and result.final_output == "paid"


@input_guardrail
async def no_homework(
    ctx: RunContextWrapper[Any], agent: Agent[Any], input: str | list[Any]
) -> GuardrailFunctionOutput:
    text = input if isinstance(input, str) else json.dumps(input)
    return GuardrailFunctionOutput(
        output_info={"checked": text}, tripwire_triggered="homework" in text
    )


@output_guardrail
def no_secrets(
    ctx: RunContextWrapper[Any], agent: Agent[Any], output: Any
) -> GuardrailFunctionOutput:
    return GuardrailFunctionOutput(output_info=None, tripwire_triggered="secret" in str(output))


async def test_input_guardrail_passes_and_trips() -> None:
    model = ScriptedModel([Reply(text="fine")])
    agent = Agent(name="a", model=model, input_guardrails=[no_homework])
    result = await Runner.run(agent, "hello")
    assert result.final_output == "fine"
    assert result.input_guardrail_results[0].output.output_info == {"checked": "hello"}

    with pytest.raises(InputGuardrailTripwireTriggered) as info:
        await Runner.run(agent, "do my homework")
    assert info.value.guardrail_result.guardrail is no_homework


async def test_input_guardrail_runs_alongside_the_first_model_call() -> None:
    model_started = asyncio.Event()

    class SlowModel(ScriptedModel):
        async def get_response(self, *args: Any, **kwargs: Any) -> Any:
            model_started.set()
            await asyncio.sleep(30)  # cancelled by the tripwire long before this
            return await super().get_response(*args, **kwargs)

    @input_guardrail
    async def waits_for_model(ctx: Any, agent: Any, input: Any) -> GuardrailFunctionOutput:
        await asyncio.wait_for(model_started.wait(), timeout=5)
        return GuardrailFunctionOutput(output_info=None, tripwire_triggered=True)

    agent = Agent(name="a", model=SlowModel(), input_guardrails=[waits_for_model])
    with pytest.raises(InputGuardrailTripwireTriggered):
        await asyncio.wait_for(Runner.run(agent, "x"), timeout=10)


async def test_output_guardrail_and_run_level_guardrails() -> None:
    model = ScriptedModel([Reply(text="the secret is 42")])
    agent = Agent(name="a", model=model)
    with pytest.raises(OutputGuardrailTripwireTriggered):
        await Runner.run(agent, "x", run_config=RunConfig(output_guardrails=[no_secrets]))
    model.add(Reply(text="all public"))
    result = await Runner.run(agent, "x", run_config=RunConfig(output_guardrails=[no_secrets]))
    assert result.output_guardrail_results[0].output.tripwire_triggered is False


async def test_guardrails_in_streamed_runs() -> None:
    agent = Agent(name="a", model=ScriptedModel(), input_guardrails=[no_homework])
    result = Runner.run_streamed(agent, "homework please")
    with pytest.raises(InputGuardrailTripwireTriggered):
        async for _ in result.stream_events():
            pass


async def test_hooks_see_the_whole_lifecycle() -> None:
    log: list[str] = []

    class Recorder(RunHooks[Any]):
        async def on_agent_start(self, context: Any, agent: Agent[Any]) -> None:
            log.append(f"run:start:{agent.name}")

        async def on_agent_end(self, context: Any, agent: Agent[Any], output: Any) -> None:
            log.append(f"run:end:{agent.name}:{output}")

        async def on_tool_start(self, context: Any, agent: Agent[Any], tool: Tool) -> None:
            log.append(f"run:tool_start:{tool.name}")

        async def on_tool_end(
            self, context: Any, agent: Agent[Any], tool: Tool, result: str
        ) -> None:
            log.append(f"run:tool_end:{result}")

        async def on_handoff(
            self, context: Any, from_agent: Agent[Any], to_agent: Agent[Any]
        ) -> None:
            log.append(f"run:handoff:{from_agent.name}->{to_agent.name}")

        async def on_llm_start(self, context: Any, agent: Agent[Any], *args: Any) -> None:
            log.append(f"run:llm_start:{agent.name}")

        async def on_llm_end(self, context: Any, agent: Agent[Any], response: Any) -> None:
            log.append(f"run:llm_end:{agent.name}")

    class BillingHooks(AgentHooks[Any]):
        async def on_start(self, context: Any, agent: Agent[Any]) -> None:
            log.append("agent:start")

        async def on_handoff(self, context: Any, agent: Agent[Any], source: Agent[Any]) -> None:
            log.append(f"agent:handoff_from:{source.name}")

    triage, billing, triage_model, billing_model = two_agents()
    billing.hooks = BillingHooks()
    triage.tools = [lookup]
    triage_model.add(
        Reply(tool_calls=[ToolCall("lookup", {"order": "1"})]),
        Reply(tool_calls=[ToolCall("transfer_to_billing_agent", {})]),
    )
    billing_model.add(Reply(text="done"))
    await Runner.run(triage, "x", hooks=Recorder())
    assert log == [
        "run:start:Triage",
        "run:llm_start:Triage",
        "run:llm_end:Triage",
        "run:tool_start:lookup",
        "run:tool_end:order 1: shipped",
        "run:llm_start:Triage",
        "run:llm_end:Triage",
        "run:handoff:Triage->Billing agent",
        "agent:handoff_from:Triage",
        "run:start:Billing agent",
        "agent:start",
        "run:llm_start:Billing agent",
        "run:llm_end:Billing agent",
        "run:end:Billing agent:done",
    ]


async def test_agent_as_tool_runs_on_its_own_model() -> None:
    translator_model = ScriptedModel([Reply(text="Bonjour")])
    translator = Agent(
        name="Translator", instructions="Translate to French.", model=translator_model
    )
    boss_model = ScriptedModel(
        [Reply(tool_calls=[ToolCall("translate", {"input": "Hello"})]), Reply(text="It is Bonjour")]
    )
    boss = Agent(
        name="Boss",
        model=boss_model,
        tools=[translator.as_tool(tool_name="translate", tool_description="Translate text")],
    )
    result = await Runner.run(boss, "Translate hello")
    assert result.final_output == "It is Bonjour"
    assert translator_model.calls[0].input == [{"role": "user", "content": "Hello"}]
    assert translator_model.calls[0].system_instructions == "Translate to French."
    outputs = [i.output for i in result.new_items if i.type == "tool_call_output_item"]
    assert outputs == ["Bonjour"]


async def test_agent_as_tool_custom_extractor() -> None:
    inner = Agent(name="Inner", model=ScriptedModel([Reply(text="raw")]))

    async def extract(result: Any) -> str:
        return f"extracted:{result.final_output}"

    outer_model = ScriptedModel(
        [Reply(tool_calls=[ToolCall("inner", {"input": "q"})]), Reply(text="fin")]
    )
    outer = Agent(
        name="Outer",
        model=outer_model,
        tools=[
            inner.as_tool(tool_name="inner", tool_description="d", custom_output_extractor=extract)
        ],
    )
    result = await Runner.run(outer, "go")
    assert [i.output for i in result.new_items if i.type == "tool_call_output_item"] == [
        "extracted:raw"
    ]


async def test_session_keeps_history_across_runs() -> None:
    session = SQLiteSession("user-1")
    model = ScriptedModel([Reply(text="Nice to meet you, Ada."), Reply(text="You are Ada.")])
    agent = Agent(name="a", model=model)
    await Runner.run(agent, "I am Ada.", session=session)
    result = await Runner.run(agent, "Who am I?", session=session)
    assert result.final_output == "You are Ada."
    second_input = model.calls[1].input
    assert [i.get("role") for i in second_input] == ["user", "assistant", "user"]  # type: ignore[union-attr]
    items = await session.get_items()
    assert len(items) == 4
    assert (await session.get_items(limit=1))[0]["role"] == "assistant"  # type: ignore[typeddict-item]
    popped = await session.pop_item()
    assert popped is not None and len(await session.get_items()) == 3
    await session.clear_session()
    assert await session.get_items() == []


async def test_failed_turn_leaves_the_session_as_it_was() -> None:
    session = SQLiteSession("s")
    model = ScriptedModel([Reply(text="first"), RuntimeError("provider down")])
    agent = Agent(name="a", model=model)
    await Runner.run(agent, "one", session=session)
    before = await session.get_items()
    with pytest.raises(RuntimeError):
        await Runner.run(agent, "two", session=session)
    assert await session.get_items() == before


async def test_streamed_run_with_session() -> None:
    session = SQLiteSession("s2")
    model = ScriptedModel([Reply(text="a"), Reply(text="b")])
    agent = Agent(name="a", model=model)
    await Runner.run(agent, "one", session=session)
    result = Runner.run_streamed(agent, "two", session=session)
    async for _ in result.stream_events():
        pass
    assert len(await session.get_items()) == 4
    assert len(model.calls[1].input) == 3


def test_file_session_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "conversations.db"
    script = textwrap.dedent(
        f"""
        import asyncio, json, sys
        from agents import Agent, Runner, SQLiteSession
        from agents.testing import Reply, ScriptedModel

        async def main():
            session = SQLiteSession("user-42", {str(db)!r})
            model = ScriptedModel([Reply(text=sys.argv[1])])
            await Runner.run(Agent(name="a", model=model), sys.argv[1], session=session)
            print(json.dumps(model.calls[0].input))

        asyncio.run(main())
        """
    )
    first = subprocess.run([sys.executable, "-c", script, "hello"], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    second = subprocess.run([sys.executable, "-c", script, "again"], capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    seen = json.loads(second.stdout)
    assert [i.get("role") for i in seen] == ["user", "assistant", "user"]
    assert seen[0]["content"] == "hello" and seen[-1]["content"] == "again"


async def test_bad_session_is_a_user_error() -> None:
    from agents import UserError

    with pytest.raises(UserError, match="Session protocol"):
        await Runner.run(Agent(name="a", model=ScriptedModel()), "x", session=object())
