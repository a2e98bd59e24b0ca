"""Which structured-output strategy a request uses, built once and remembered per model.

A plan is what a wire adapter needs to ask for an output type with one strategy: the schema
as the provider accepts it, the words added to the instructions, the final-output tool's name.
Plans are cached per (output schema, profile, strategy), so nothing is dumped or transformed
on every turn. The strategy comes from the output schema when the user forced one, else from
the provider's profile; when the provider rejects it with a 400, the request is sent once
more with the next strategy, and the rejection is remembered for that base URL and model for
the rest of the process.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from typing import ParamSpec
from typing import Protocol
from typing import TypeVar

from agents.agent_output import OUTPUT_STRATEGIES
from agents.agent_output import OutputStrategy
from agents.exceptions import ModelProviderError
from agents.exceptions import ProviderBadRequestError
from agents.exceptions import ProviderUnprocessableError
from agents.exceptions import UserError
from agents.structured import prompts
from agents.structured.final_tool import calls_to_message
from agents.structured.final_tool import calls_to_message_events
from agents.structured.final_tool import final_tool_name

if TYPE_CHECKING:
    from openai.types.responses import ResponseStreamEvent

    from agents.agent_output import AgentOutputSchemaBase
    from agents.items import ModelResponse

__all__ = [
    "OutputPlan",
    "OutputSupport",
    "call_with_fallback",
    "choose_plan",
    "forget_rejections",
    "rejected_strategies",
    "strategy_order",
    "stream_with_fallback",
]

logger = logging.getLogger("openai.agents")

Endpoint = tuple[str, str]
"""(base URL, model): what a provider's rejection of a strategy is remembered for."""

T = TypeVar("T")

_FORMAT_STRATEGIES = frozenset({"native", "json_mode"})
_ABOUT_TOOLS = re.compile(r"\b(tools?|function[ _]?call\w*|functions?)\b", re.I)
"""A 400 to a response format that speaks of tools is about the two together (Gemini: "Function
calling with a response mime type: 'application/json' is unsupported")."""


class OutputSupport(Protocol):
    """What a plan needs to know of a provider's dialect. `agents.models.profiles.ModelProfile`
    is one; the plan owns this narrower type so output strategies sit below the wires."""

    @property
    def supports_tools(self) -> bool: ...

    @property
    def supports_json_schema(self) -> bool: ...

    @property
    def supports_json_object(self) -> bool: ...

    @property
    def supports_response_format_with_tools(self) -> bool: ...

    @property
    def json_schema_transform(self) -> Callable[[dict[str, Any]], dict[str, Any]] | None: ...


@dataclass(frozen=True, eq=False)
class OutputPlan:
    """How one request asks for the output type; shared by every turn that uses it."""

    strategy: OutputStrategy
    schema: AgentOutputSchemaBase
    profile: OutputSupport
    has_tools: bool
    """The agent has tools or handoffs of its own besides any final-output tool."""
    tool_name: str | None
    """The final-output tool's name (when the "tool" strategy is this one or a fallback)."""
    rest: tuple[OutputStrategy, ...]
    """The strategies after this one, for a fallback (empty: none, or the user forced one)."""
    wire_schema: dict[str, Any]
    """The output's JSON schema as the provider accepts it (profile transform applied)."""
    strict: bool
    instructions: str | None
    """Added after the agent's instructions."""
    _wire: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def force_tool(self) -> bool:
        """With no other tools, the model is made to call the final-output tool."""
        return self.strategy == "tool" and not self.has_tools

    @property
    def fallback(self) -> OutputStrategy | None:
        return self.rest[0] if self.rest else None

    def system_prompt(self, base: str | None) -> str | None:
        return prompts.append(base, self.instructions)

    def wire(self, key: str, build: Callable[[], T]) -> T:
        """A route's request fragment (response_format, tool declaration), built once."""
        try:
            value: T = self._wire[key]
        except KeyError:
            value = self._wire[key] = build()
        return value

    def next(self, reason: str = "") -> tuple[OutputPlan, tuple[OutputStrategy, ...]]:
        """The plan to fall back to after the provider rejected this one for `reason`, and
        the strategies that rejection rules out.

        A response format rejected for being next to tools rules out the other response
        format too: the fallback is then the final-output tool (or the prompt).
        """
        if not self.rest:
            raise UserError("This output plan has no fallback strategy")
        skipped: tuple[OutputStrategy, ...] = (self.strategy,)
        target = self.rest[0]
        if self.has_tools and self.strategy in _FORMAT_STRATEGIES and _ABOUT_TOOLS.search(reason):
            formats = tuple(s for s in self.rest if s in _FORMAT_STRATEGIES)
            target = next(s for s in self.rest if s not in _FORMAT_STRATEGIES)
            skipped += formats
        rest = tuple(s for s in self.rest[self.rest.index(target) + 1 :] if s not in skipped)
        plan = _plan(self.schema, self.profile, target, rest, self.has_tools, self.tool_name)
        return plan, skipped

    def convert_response(self, response: ModelResponse) -> ModelResponse:
        """The turn's output with a final-output call turned into the final message."""
        if self.tool_name is None or self.strategy != "tool":
            return response
        return dataclasses.replace(
            response, output=calls_to_message(response.output, self.tool_name)
        )

    def convert_events(
        self, events: AsyncIterator[ResponseStreamEvent]
    ) -> AsyncIterator[ResponseStreamEvent]:
        """The streamed counterpart of `convert_response`."""
        if self.tool_name is None or self.strategy != "tool":
            return events
        return calls_to_message_events(events, self.tool_name)


def strategy_order(
    profile: OutputSupport, has_tools: bool, rejected: frozenset[str] = frozenset()
) -> tuple[OutputStrategy, ...]:
    """The strategies to use for `profile`, best first; "prompted" always works, so it is
    always last."""
    format_ok = not has_tools or profile.supports_response_format_with_tools
    order: list[OutputStrategy] = []
    if profile.supports_json_schema and format_ok:
        order.append("native")
    if profile.supports_json_object and format_ok:
        order.append("json_mode")
    if profile.supports_tools:
        order.append("tool")
    order = [strategy for strategy in order if strategy not in rejected]
    order.append("prompted")
    return tuple(order)


class _Rejections:
    """Strategies each endpoint rejected, for this process.

    A rejection seen in a request with tools holds for requests with tools only (Gemini takes
    a response format, just not next to function calling); one seen without tools holds for
    every request.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._always: dict[Endpoint, frozenset[str]] = {}
        self._with_tools: dict[Endpoint, frozenset[str]] = {}

    def get(self, endpoint: Endpoint | None, with_tools: bool) -> frozenset[str]:
        if endpoint is None:
            return frozenset()
        found = self._always.get(endpoint, frozenset())
        if with_tools:
            found |= self._with_tools.get(endpoint, frozenset())
        return found

    def add(self, endpoint: Endpoint | None, strategies: Sequence[str], with_tools: bool) -> None:
        if endpoint is None:
            return
        table = self._with_tools if with_tools else self._always
        with self._lock:
            table[endpoint] = table.get(endpoint, frozenset()) | set(strategies)

    def clear(self) -> None:
        with self._lock:
            self._always.clear()
            self._with_tools.clear()


_REJECTED = _Rejections()


def rejected_strategies(base_url: str, model: str, *, with_tools: bool = False) -> frozenset[str]:
    """The strategies this process saw the endpoint reject for `model` (in requests with
    tools, when `with_tools`)."""
    return _REJECTED.get((base_url, model), with_tools)


def forget_rejections() -> None:
    """Forget every remembered rejection (for tests, or after a provider upgrade)."""
    _REJECTED.clear()


_MAX_PLANS = 512
P = ParamSpec("P")


def _remembered(build: Callable[P, OutputPlan]) -> Callable[P, OutputPlan]:
    """`build` with its last `_MAX_PLANS` plans kept, keyed on its arguments: the
    schema and profile (the first two) by identity (a cached plan holds them, so their ids
    cannot be reused meanwhile), the rest by value."""
    plans: OrderedDict[tuple[Any, ...], OutputPlan] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(build)
    def plan(*args: P.args, **kwargs: P.kwargs) -> OutputPlan:
        key = (id(args[0]), id(args[1]), *args[2:], *kwargs.items())
        with lock:
            found = plans.get(key)
            if found is not None:
                plans.move_to_end(key)
                return found
        made = build(*args, **kwargs)
        with lock:
            plans[key] = made
            if len(plans) > _MAX_PLANS:
                plans.popitem(last=False)
        return made

    return plan


@_remembered
def _plan(
    schema: AgentOutputSchemaBase,
    profile: OutputSupport,
    strategy: OutputStrategy,
    rest: tuple[OutputStrategy, ...],
    has_tools: bool,
    tool_name: str | None,
) -> OutputPlan:
    json_schema = schema.json_schema()
    wire_schema = json_schema
    if strategy in ("native", "tool") and profile.json_schema_transform is not None:
        wire_schema = profile.json_schema_transform(json_schema)
    if strategy == "prompted":
        instructions: str | None = prompts.prompted(json_schema)
    elif strategy == "json_mode":
        instructions = prompts.json_mode(json_schema)
    elif strategy == "tool":
        if tool_name is None:
            raise UserError("The final-output tool strategy needs a tool name")
        instructions = prompts.final_tool(tool_name, has_tools)
    else:
        instructions = None
    return OutputPlan(
        strategy=strategy,
        schema=schema,
        profile=profile,
        has_tools=has_tools,
        tool_name=tool_name,
        rest=rest,
        wire_schema=wire_schema,
        strict=schema.is_strict_json_schema(),
        instructions=instructions,
    )


def forced_strategy(schema: AgentOutputSchemaBase) -> OutputStrategy | None:
    """The strategy the user chose on the output schema, if any."""
    forced = getattr(schema, "strategy", None)
    if forced is None:
        return None
    if forced not in OUTPUT_STRATEGIES:
        raise UserError(
            f"Output strategy must be one of {', '.join(OUTPUT_STRATEGIES)}, got {forced!r}"
        )
    strategy: OutputStrategy = forced
    return strategy


def choose_plan(
    schema: AgentOutputSchemaBase | None,
    profile: OutputSupport,
    *,
    tool_names: Sequence[str],
    endpoint: Endpoint | None,
) -> OutputPlan | None:
    """The plan for one request; None for plain-text output.

    `tool_names` are the agent's own function tools and handoffs (the final-output tool's
    name must not clash with them); `endpoint` keys the remembered rejections.
    """
    if schema is None or schema.is_plain_text():
        return None
    has_tools = bool(tool_names)
    forced = forced_strategy(schema)
    if forced is not None:
        order: tuple[OutputStrategy, ...] = (forced,)
    else:
        order = strategy_order(profile, has_tools, _REJECTED.get(endpoint, has_tools))
    tool_name = final_tool_name(tool_names) if "tool" in order else None
    return _plan(schema, profile, order[0], order[1:], has_tools, tool_name)


def _rejects_request(err: ModelProviderError) -> bool:
    return isinstance(err, ProviderBadRequestError | ProviderUnprocessableError)


def _fallback_for(
    plan: OutputPlan | None, endpoint: Endpoint | None, err: ModelProviderError
) -> tuple[OutputPlan, tuple[OutputStrategy, ...]] | None:
    if plan is None or not plan.rest or not _rejects_request(err):
        return None
    retry, skipped = plan.next(err.message)
    logger.info(
        "%s rejected the %r structured-output strategy for model %r (%s); trying %r",
        endpoint[0] if endpoint else "The provider",
        plan.strategy,
        endpoint[1] if endpoint else None,
        err.message[:200],
        retry.strategy,
    )
    return retry, skipped


class _StrategyWalk:
    """One request's way down its output strategies: which plan is current, the first
    rejection (raised if every strategy fails), and the strategies skipped so far (remembered
    for the endpoint once a later one succeeds)."""

    def __init__(self, plan: OutputPlan | None, endpoint: Endpoint | None) -> None:
        self.current = plan
        self.endpoint = endpoint
        self.first_error: ModelProviderError | None = None
        self.skipped: tuple[OutputStrategy, ...] = ()

    def advance(self, err: ModelProviderError) -> ModelProviderError | None:
        """Move to the next strategy after `err`; or the error to give up with (`err`
        itself, or the first rejection when a later strategy failed too)."""
        if self.first_error is not None and not _rejects_request(err):
            return err
        fallback = _fallback_for(self.current, self.endpoint, err)
        if fallback is None:
            return self.first_error or err
        self.first_error = self.first_error or err
        self.current, more = fallback
        self.skipped += more
        return None

    def succeeded(self) -> None:
        if self.skipped and self.current is not None:
            _REJECTED.add(self.endpoint, self.skipped, self.current.has_tools)


async def call_with_fallback(
    plan: OutputPlan | None,
    endpoint: Endpoint | None,
    send: Callable[[OutputPlan | None], Awaitable[T]],
) -> T:
    """`send(plan)`; on a 400 (or 422) with a fallback strategy left, `send` again with the
    next one, down the whole chain (native, JSON mode, tool, prompted).

    The rejections are remembered only when a later strategy succeeds: a request the provider
    refuses for another reason fails every way, and then the first error is raised.
    """
    walk = _StrategyWalk(plan, endpoint)
    while True:
        try:
            result = await send(walk.current)
        except ModelProviderError as err:
            give_up = walk.advance(err)
            if give_up is err:
                raise
        else:
            walk.succeeded()
            return result
        if give_up is not None:
            raise give_up


async def stream_with_fallback(
    plan: OutputPlan | None,
    endpoint: Endpoint | None,
    start: Callable[[OutputPlan | None], AsyncIterator[T]],
) -> AsyncIterator[T]:
    """`call_with_fallback` for a stream: the next strategy is tried only while nothing has
    been passed on (a rejected request fails before its first event)."""
    walk = _StrategyWalk(plan, endpoint)
    started = False
    while True:
        try:
            async for event in start(walk.current):
                if not started:
                    started = True
                    walk.succeeded()
                yield event
            return
        except ModelProviderError as err:
            give_up = err if started else walk.advance(err)
            if give_up is err:
                raise
        if give_up is not None:
            raise give_up
