"""Guardrails: checks on a run's input (alongside the first model call) and final output."""

from __future__ import annotations

from collections.abc import Awaitable
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from typing import Generic
from typing import overload

from agents.exceptions import UserError
from agents.items import TResponseInputItem
from agents.run_context import RunContextWrapper
from agents.run_context import TContext
from agents.util._await import maybe_await

if TYPE_CHECKING:
    from agents.agent import Agent


@dataclass
class GuardrailFunctionOutput:
    output_info: Any
    """Anything the guardrail wants to report (why it tripped, scores, ...)."""

    tripwire_triggered: bool
    """True stops the run with a *GuardrailTripwireTriggered exception."""


@dataclass
class InputGuardrailResult:
    guardrail: InputGuardrail[Any]
    output: GuardrailFunctionOutput


@dataclass
class OutputGuardrailResult:
    guardrail: OutputGuardrail[Any]
    agent_output: Any
    agent: Agent[Any]
    output: GuardrailFunctionOutput


InputGuardrailFunction = Callable[
    [RunContextWrapper[Any], "Agent[Any]", "str | list[TResponseInputItem]"],
    "GuardrailFunctionOutput | Awaitable[GuardrailFunctionOutput]",
]
OutputGuardrailFunction = Callable[
    [RunContextWrapper[Any], "Agent[Any]", Any],
    "GuardrailFunctionOutput | Awaitable[GuardrailFunctionOutput]",
]


async def _call(function: Callable[..., Any], name: str, *args: Any) -> GuardrailFunctionOutput:
    result = await maybe_await(function(*args))
    if not isinstance(result, GuardrailFunctionOutput):
        raise UserError(
            f"Guardrail {name!r} must return GuardrailFunctionOutput, got {type(result).__name__}"
        )
    return result


@dataclass
class InputGuardrail(Generic[TContext]):
    guardrail_function: InputGuardrailFunction
    name: str | None = None
    run_in_parallel: bool = True
    """True: runs alongside the first model call, which a trip cancels. False: runs (with the
    other blocking guardrails) before the model is called, so a tripped input costs no tokens."""

    def get_name(self) -> str:
        return self.name or str(getattr(self.guardrail_function, "__name__", "input_guardrail"))

    async def run(
        self,
        agent: Agent[Any],
        input: str | list[TResponseInputItem],
        context: RunContextWrapper[TContext],
    ) -> InputGuardrailResult:
        output = await _call(self.guardrail_function, self.get_name(), context, agent, input)
        return InputGuardrailResult(guardrail=self, output=output)


@dataclass
class OutputGuardrail(Generic[TContext]):
    guardrail_function: OutputGuardrailFunction
    name: str | None = None

    def get_name(self) -> str:
        return self.name or str(getattr(self.guardrail_function, "__name__", "output_guardrail"))

    async def run(
        self, context: RunContextWrapper[TContext], agent: Agent[Any], agent_output: Any
    ) -> OutputGuardrailResult:
        output = await _call(self.guardrail_function, self.get_name(), context, agent, agent_output)
        return OutputGuardrailResult(
            guardrail=self, agent_output=agent_output, agent=agent, output=output
        )


@overload
def input_guardrail(func: InputGuardrailFunction) -> InputGuardrail[Any]: ...


@overload
def input_guardrail(
    *, name: str | None = None, run_in_parallel: bool = True
) -> Callable[[InputGuardrailFunction], InputGuardrail[Any]]: ...


def input_guardrail(
    func: InputGuardrailFunction | None = None,
    *,
    name: str | None = None,
    run_in_parallel: bool = True,
) -> InputGuardrail[Any] | Callable[[InputGuardrailFunction], InputGuardrail[Any]]:
    """Make a function `(ctx, agent, input) -> GuardrailFunctionOutput` an input guardrail."""

    def wrap(f: InputGuardrailFunction) -> InputGuardrail[Any]:
        return InputGuardrail(guardrail_function=f, name=name, run_in_parallel=run_in_parallel)

    return wrap(func) if func is not None else wrap


@overload
def output_guardrail(func: OutputGuardrailFunction) -> OutputGuardrail[Any]: ...


@overload
def output_guardrail(
    *, name: str | None = None
) -> Callable[[OutputGuardrailFunction], OutputGuardrail[Any]]: ...


def output_guardrail(
    func: OutputGuardrailFunction | None = None, *, name: str | None = None
) -> OutputGuardrail[Any] | Callable[[OutputGuardrailFunction], OutputGuardrail[Any]]:
    """Make a function `(ctx, agent, output) -> GuardrailFunctionOutput` an output guardrail."""

    def wrap(f: OutputGuardrailFunction) -> OutputGuardrail[Any]:
        return OutputGuardrail(guardrail_function=f, name=name)

    return wrap(func) if func is not None else wrap
