"""Item 21: an answer with `</think>` but no opening tag (the host's template holds it) is
split into reasoning and answer like a paired one, streamed and not."""

from __future__ import annotations

from agents import Agent
from agents import ReasoningItem
from agents import RunConfig
from agents.testing import LoopbackProvider
from agents.testing import Reply
from tests.helpers.runs import run_to_end

from ..conftest import make_model

CONTENT = "The user greets me; answer briefly.\n</think>\n\nHello!"


async def test_closing_tag_only(streamed: bool) -> None:
    with LoopbackProvider("vllm-host") as server:
        server.enqueue(Reply(text=CONTENT))
        agent = Agent(name="a", model=make_model(server, model="deepseek-r1"))
        config = RunConfig(tracing_disabled=True)
        result = await run_to_end(agent, "hi", streamed=streamed, run_config=config)
    assert result.final_output == "Hello!"
    reasoning = [i for i in result.new_items if isinstance(i, ReasoningItem)]
    assert reasoning and "greets me" in str(reasoning[0].raw_item.model_dump())
