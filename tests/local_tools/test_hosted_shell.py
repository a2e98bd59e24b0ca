"""ShellTool with an OpenAI-hosted container: declared on the Responses route with the
reference's JSON, its shell_call and shell_call_output come from the server and nothing runs
here; replayed without the response-only fields; refused before any request on routes that
cannot host it (Chat Completions, LiteLLM)."""

from __future__ import annotations

from typing import Any

import openai
import pytest

from agents import Agent
from agents import Runner
from agents import ShellTool
from agents import ShellToolContainerAutoEnvironment
from agents import ShellToolContainerReferenceEnvironment
from agents import ShellToolInlineSkill
from agents import UserError
from agents.extensions.models.litellm_model import LitellmModel
from agents.items import MessageOutputItem
from agents.items import ToolCallItem
from agents.items import ToolCallOutputItem
from agents.testing import LoopbackProvider
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from tests.helpers.runs import run_either_way
from tests.local_tools.conftest import CONFIG
from tests.local_tools.conftest import KEY
from tests.local_tools.conftest import chat_model
from tests.local_tools.conftest import model
from tests.local_tools.conftest import sent
from tests.local_tools.conftest import shell_call

AUTO: ShellToolContainerAutoEnvironment = {
    "type": "container_auto",
    "file_ids": ["file_1"],
    "memory_limit": "4g",
    "network_policy": {
        "type": "allowlist",
        "allowed_domains": ["pypi.org"],
        "domain_secrets": [{"domain": "pypi.org", "name": "TOKEN", "value": "s3cret"}],
    },
    "skills": [
        {"type": "skill_reference", "skill_id": "skill_1", "version": "2"},
        ShellToolInlineSkill(
            type="inline",
            name="csv",
            description="Reads CSV files.",
            source={"type": "base64", "media_type": "application/zip", "data": "UEsDBA=="},
        ),
    ],
}
REFERENCE: ShellToolContainerReferenceEnvironment = {
    "type": "container_reference",
    "container_id": "cntr_1",
}


def hosted_output(call_id: str) -> dict[str, Any]:
    return {
        "type": "shell_call_output",
        "id": f"sho_{call_id}",
        "call_id": call_id,
        "status": "completed",
        "max_output_length": None,
        "output": [
            {
                "stdout": "data.csv\n",
                "stderr": "",
                "outcome": {"type": "exit", "exit_code": 0},
                "created_by": "resp_server",
            }
        ],
        "created_by": "resp_server",
    }


async def test_hosted_environments_are_declared_as_the_reference_sends_them(
    server: ResponsesLoopback,
) -> None:
    since = len(server.response_requests)
    server.enqueue(ResponsesReply(text="ok"))
    tools: list[Any] = [ShellTool(environment=AUTO), ShellTool(name="other", environment=REFERENCE)]
    await Runner.run(Agent(name="ops", model=model(server), tools=tools), "hi", run_config=CONFIG)
    (body,) = sent(server, since)
    assert body["tools"] == [
        {"type": "shell", "environment": AUTO},
        {"type": "shell", "environment": {"type": "container_reference", "container_id": "cntr_1"}},
    ]
    assert ShellTool(environment=AUTO).environment == AUTO
    assert ShellTool(executor=lambda r: "").environment == {"type": "local"}


@pytest.mark.parametrize("streamed", [False, True])
async def test_the_server_runs_the_commands_and_its_items_replay(
    server: ResponsesLoopback, streamed: bool
) -> None:
    hosted_call = shell_call("c1", "ls", environment=REFERENCE)
    server.enqueue(
        ResponsesReply(output=[hosted_call, hosted_output("c1")], text="One file."),
        ResponsesReply(text="Still one."),
    )
    agent = Agent(name="ops", model=model(server), tools=[ShellTool(environment=REFERENCE)])
    since = len(server.response_requests)
    result, _ = await run_either_way(agent, "list", streamed=streamed, run_config=CONFIG)
    assert result.final_output == "One file." and len(sent(server, since)) == 1
    call, output, message = result.new_items
    assert isinstance(call, ToolCallItem) and isinstance(message, MessageOutputItem)
    assert isinstance(output, ToolCallOutputItem)
    assert output.output == [
        {"stdout": "data.csv\n", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}
    ]
    replay = [*result.to_input_list(), {"role": "user", "content": "again"}]
    again, _ = await run_either_way(agent, replay, streamed=streamed, run_config=CONFIG)
    assert again.final_output == "Still one."
    items = sent(server, since)[-1]["input"]
    shell = [i for i in items if i.get("type") in ("shell_call", "shell_call_output")]
    expected_output = {k: v for k, v in hosted_output("c1").items() if k != "created_by"}
    expected_output["output"] = output.output
    assert shell == [
        {k: v for k, v in hosted_call.items() if k != "created_by"},
        expected_output,
    ]


async def test_chat_and_litellm_routes_refuse_a_hosted_container_before_any_request(
    chat_server: LoopbackProvider,
) -> None:
    tool = ShellTool(environment={"type": "container_auto"})
    since = len(chat_server.chat_requests)
    litellm = LitellmModel(
        "openai/llama-3.3-70b-versatile", base_url=chat_server.base_url, api_key=KEY
    )
    for route in (chat_model(chat_server), litellm):
        agent = Agent(name="ops", model=route, tools=[tool])
        with pytest.raises(UserError, match="only OpenAI's Responses API provides"):
            await Runner.run(agent, "hi", run_config=CONFIG)
    assert len(chat_server.chat_requests) == since


def test_a_hosted_container_takes_no_executor_nor_approvals() -> None:
    with pytest.raises(UserError, match="drop the executor"):
        ShellTool(executor=lambda r: "", environment=REFERENCE)
    with pytest.raises(UserError, match="nothing to approve"):
        ShellTool(environment=REFERENCE, needs_approval=True)
    with pytest.raises(UserError, match="unknown"):
        ShellTool(environment={"type": "vm"})  # type: ignore[typeddict-item]
    with pytest.raises(UserError, match="must be a mapping"):
        ShellTool(environment="container_auto")  # type: ignore[arg-type]


async def test_the_loopback_refuses_what_the_api_refuses(server: ResponsesLoopback) -> None:
    bad: list[dict[str, Any]] = [
        {"type": "container_reference"},
        {"type": "container_auto", "network_policy": {"type": "open"}},
        {"type": "container_auto", "skills": [{"type": "skill_reference"}]},
        {"type": "container_auto", "cpus": 4},
    ]
    params = []
    for environment in bad:
        agent = Agent(name="ops", model=model(server), tools=[ShellTool(environment=environment)])  # type: ignore[arg-type]
        with pytest.raises(openai.BadRequestError) as caught:
            await Runner.run(agent, "hi", run_config=CONFIG)
        params.append(caught.value.param)
    assert params == [
        "tools[0].environment.container_id",
        "tools[0].environment.network_policy.type",
        "tools[0].environment.skills[0].skill_id",
        "tools[0].environment.cpus",
    ]
