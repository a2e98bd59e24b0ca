"""Item 23: the handoff transfer message is JSON whatever the agent's name holds."""

from __future__ import annotations

import json

from agents import Agent
from agents import RunConfig
from agents import Runner
from agents import handoff
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall

from ..conftest import make_model


async def test_agent_name_with_quotes_gives_valid_json() -> None:
    with LoopbackProvider("handoffs") as server:
        model = make_model(server)
        name = 'Bob "the \\ builder"'
        target = Agent(name=name, model=model)
        triage = Agent(name="triage", model=model, handoffs=[target])
        server.enqueue(
            Reply(tool_calls=[ToolCall(handoff(target).tool_name, {})]), Reply(text="built")
        )
        result = await Runner.run(triage, "hi", run_config=RunConfig(tracing_disabled=True))
        assert result.final_output == "built"
        outputs = [i for i in result.to_input_list() if i.get("type") == "function_call_output"]
        assert json.loads(str(outputs[0]["output"])) == {"assistant": name}
