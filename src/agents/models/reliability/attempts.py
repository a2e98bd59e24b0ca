"""One turn's call, as every wire adapter makes it.

The output plan is chosen from the request's tools and handoffs; each plan's request is built
once and sent under the retry policy; a structured-output strategy the provider rejects is
replaced once (see agents.structured), and the answer is converted back by the plan that asked
for it. Kept in one place so every route nests them the same way: retries inside the
strategy fallback, never around it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from agents.items import ModelResponse
from agents.items import TResponseStreamEvent
from agents.models._closing import closing
from agents.models.dialects.profiles import ModelProfile
from agents.models.reliability.retry import RetryPolicy
from agents.models.reliability.retry import call_with_retries
from agents.models.reliability.retry import stream_with_retries
from agents.models.wire.text_safety import clean
from agents.models.wire.text_safety import clean_event
from agents.structured.plan import Endpoint
from agents.structured.plan import OutputPlan
from agents.structured.plan import call_with_fallback
from agents.structured.plan import choose_plan
from agents.structured.plan import stream_with_fallback

if TYPE_CHECKING:
    from agents.agent_output import AgentOutputSchemaBase
    from agents.handoffs import Handoff
    from agents.tool import Tool

Build = Callable[[OutputPlan | None], dict[str, Any]]


def output_plan(
    output_schema: AgentOutputSchemaBase | None,
    tools: Sequence[Tool],
    handoffs: Sequence[Handoff[Any, Any]],
    profile: ModelProfile,
    endpoint: Endpoint | None = None,
) -> OutputPlan | None:
    """How a request asks for the output type; a final-output tool must not take the name of
    one of the request's tools or handoffs."""
    if output_schema is None:
        return None
    names = [getattr(tool, "name", "") for tool in tools] + [h.tool_name for h in handoffs]
    return choose_plan(output_schema, profile, tool_names=names, endpoint=endpoint)


async def respond(
    plan: OutputPlan | None,
    endpoint: Endpoint,
    policy: RetryPolicy,
    build: Build,
    send: Callable[[dict[str, Any]], Awaitable[ModelResponse]],
) -> ModelResponse:
    """`send(build(plan))` with retries, under the structured-output fallback."""

    async def attempt(current: OutputPlan | None) -> ModelResponse:
        request = build(current)
        response = await call_with_retries(policy, lambda: send(request))
        return current.convert_response(response) if current is not None else response

    response = await call_with_fallback(plan, endpoint, attempt)
    response.output = clean(response.output)
    return response


def respond_streamed(
    plan: OutputPlan | None,
    endpoint: Endpoint,
    policy: RetryPolicy,
    build: Build,
    send: Callable[[dict[str, Any]], AsyncIterator[TResponseStreamEvent]],
) -> AsyncIterator[TResponseStreamEvent]:
    """`respond` for a stream."""

    def attempt(current: OutputPlan | None) -> AsyncIterator[TResponseStreamEvent]:
        request = build(current)
        events = stream_with_retries(policy, lambda: send(request))
        return current.convert_events(events) if current is not None else events

    if plan is None or not plan.rest:
        # No other strategy to fall back to: the walk would only pass events and errors
        # through, one more generator every event crosses.
        return _cleaned(attempt(plan))
    return _cleaned(stream_with_fallback(plan, endpoint, attempt))


async def _cleaned(
    events: AsyncIterator[TResponseStreamEvent],
) -> AsyncIterator[TResponseStreamEvent]:
    """The events with text that could not be stored again replaced (see text_safety)."""
    async with closing(events):  # a consumer that stops early closes the model's stream now
        async for event in events:
            yield clean_event(event)
