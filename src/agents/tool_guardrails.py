"""Tool guardrails: checks on a function tool's arguments before it runs, and on its output after.

A guardrail answers with a `ToolGuardrailFunctionOutput` whose behaviour says what happens:
`allow` (the default) lets the call go on, `reject_content` replaces the tool's output with a
message the model sees (the run goes on), `raise_exception` halts the run with
`ToolInputGuardrailTripwireTriggered` / `ToolOutputGuardrailTripwireTriggered`. Results are
kept on the run result (`tool_input_guardrail_results`, `tool_output_guardrail_results`).
"""

from __future__ import annotations

from collections.abc import Awaitable
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from typing import Generic
from typing import Literal
from typing import overload

from typing_extensions import TypedDict
from typing_extensions import TypeVar

from agents.exceptions import UserError
from agents.tool_context import ToolContext
from agents.util._await import maybe_await

if TYPE_CHECKING:
    from agents.agent import Agent

__all__ = [
    "AllowBehavior",
    "RaiseExceptionBehavior",
    "RejectContentBehavior",
    "ToolGuardrailFunctionOutput",
    "ToolInputGuardrail",
    "ToolInputGuardrailData",
    "ToolInputGuardrailResult",
    "ToolOutputGuardrail",
    "ToolOutputGuardrailData",
    "ToolOutputGuardrailResult",
    "tool_input_guardrail",
    "tool_output_guardrail",
]


class RejectContentBehavior(TypedDict):
    """The model sees `message` instead of the tool's output; the run goes on."""

    type: Literal["reject_content"]
    message: str


class RaiseExceptionBehavior(TypedDict):
    """The run stops with a tripwire exception."""

    type: Literal["raise_exception"]


class AllowBehavior(TypedDict):
    """The call goes on as if no guardrail were there."""

    type: Literal["allow"]


@dataclass
class ToolGuardrailFunctionOutput:
    """What a tool guardrail decided, and anything it wants to record about why."""

    output_info: Any
    """Free-form details of the checks (kept on the result for the caller)."""

    behavior: RejectContentBehavior | RaiseExceptionBehavior | AllowBehavior = field(
        default_factory=lambda: AllowBehavior(type="allow")
    )
    """allow, reject_content (with the message for the model) or raise_exception."""

    @classmethod
    def allow(cls, output_info: Any = None) -> ToolGuardrailFunctionOutput:
        return cls(output_info=output_info, behavior=AllowBehavior(type="allow"))

    @classmethod
    def reject_content(cls, message: str, output_info: Any = None) -> ToolGuardrailFunctionOutput:
        return cls(
            output_info=output_info,
            behavior=RejectContentBehavior(type="reject_content", message=message),
        )

    @classmethod
    def raise_exception(cls, output_info: Any = None) -> ToolGuardrailFunctionOutput:
        return cls(output_info=output_info, behavior=RaiseExceptionBehavior(type="raise_exception"))


@dataclass
class ToolInputGuardrailData:
    """What an input guardrail sees: the call (`context.tool_arguments`) and the agent."""

    context: ToolContext[Any]
    agent: Agent[Any]


@dataclass
class ToolOutputGuardrailData(ToolInputGuardrailData):
    """What an output guardrail sees: the input data plus the tool's output."""

    output: Any


TContext_co = TypeVar("TContext_co", bound=Any, covariant=True)


async def _call(kind: str, name: str, function: Any, data: Any) -> ToolGuardrailFunctionOutput:
    if not callable(function):
        raise UserError(f"Tool {kind} guardrail {name!r}: guardrail_function must be callable")
    result = await maybe_await(function(data))
    if not isinstance(result, ToolGuardrailFunctionOutput):
        raise UserError(
            f"Tool {kind} guardrail {name!r} must return ToolGuardrailFunctionOutput "
            f"(allow, reject_content or raise_exception), got {type(result).__name__}"
        )
    return result


@dataclass
class ToolInputGuardrail(Generic[TContext_co]):
    """Runs before a function tool, on its arguments."""

    guardrail_function: Callable[
        [ToolInputGuardrailData],
        ToolGuardrailFunctionOutput | Awaitable[ToolGuardrailFunctionOutput],
    ]
    name: str | None = None
    """Defaults to the function's name."""

    def get_name(self) -> str:
        return self.name or str(
            getattr(self.guardrail_function, "__name__", "tool_input_guardrail")
        )

    async def run(self, data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
        return await _call("input", self.get_name(), self.guardrail_function, data)


@dataclass
class ToolOutputGuardrail(Generic[TContext_co]):
    """Runs after a function tool, on its output."""

    guardrail_function: Callable[
        [ToolOutputGuardrailData],
        ToolGuardrailFunctionOutput | Awaitable[ToolGuardrailFunctionOutput],
    ]
    name: str | None = None
    """Defaults to the function's name."""

    def get_name(self) -> str:
        return self.name or str(
            getattr(self.guardrail_function, "__name__", "tool_output_guardrail")
        )

    async def run(self, data: ToolOutputGuardrailData) -> ToolGuardrailFunctionOutput:
        return await _call("output", self.get_name(), self.guardrail_function, data)


@dataclass
class ToolInputGuardrailResult:
    """One input guardrail's run: the guardrail and its decision."""

    guardrail: ToolInputGuardrail[Any]
    output: ToolGuardrailFunctionOutput


@dataclass
class ToolOutputGuardrailResult:
    """One output guardrail's run: the guardrail and its decision."""

    guardrail: ToolOutputGuardrail[Any]
    output: ToolGuardrailFunctionOutput


_InputFunc = Callable[
    [ToolInputGuardrailData], ToolGuardrailFunctionOutput | Awaitable[ToolGuardrailFunctionOutput]
]
_OutputFunc = Callable[
    [ToolOutputGuardrailData], ToolGuardrailFunctionOutput | Awaitable[ToolGuardrailFunctionOutput]
]


@overload
def tool_input_guardrail(func: _InputFunc) -> ToolInputGuardrail[Any]: ...


@overload
def tool_input_guardrail(
    *, name: str | None = None
) -> Callable[[_InputFunc], ToolInputGuardrail[Any]]: ...


def tool_input_guardrail(
    func: _InputFunc | None = None, *, name: str | None = None
) -> ToolInputGuardrail[Any] | Callable[[_InputFunc], ToolInputGuardrail[Any]]:
    """Make a function (sync or async) into a tool input guardrail; bare or with `name=`."""

    def build(f: _InputFunc) -> ToolInputGuardrail[Any]:
        return ToolInputGuardrail(guardrail_function=f, name=name or f.__name__)

    return build(func) if func is not None else build


@overload
def tool_output_guardrail(func: _OutputFunc) -> ToolOutputGuardrail[Any]: ...


@overload
def tool_output_guardrail(
    *, name: str | None = None
) -> Callable[[_OutputFunc], ToolOutputGuardrail[Any]]: ...


def tool_output_guardrail(
    func: _OutputFunc | None = None, *, name: str | None = None
) -> ToolOutputGuardrail[Any] | Callable[[_OutputFunc], ToolOutputGuardrail[Any]]:
    """Make a function (sync or async) into a tool output guardrail; bare or with `name=`."""

    def build(f: _OutputFunc) -> ToolOutputGuardrail[Any]:
        return ToolOutputGuardrail(guardrail_function=f, name=name or f.__name__)

    return build(func) if func is not None else build
