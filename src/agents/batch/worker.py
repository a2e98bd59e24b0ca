"""One process's share of a batch: build the agent once, run rows, turn each into a record.

The agent comes from a factory (a ``module:function`` path or a picklable callable), so a
Ray worker builds its own agent and its own clients instead of receiving them: clients hold
locks and connection pools that must never travel between processes. A row's failure is
caught here and becomes that row's ``error``; it never stops the batch.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import time
from collections.abc import Callable
from collections.abc import Iterable
from typing import Any

from agents.agent import Agent
from agents.batch.dataset import BatchRow
from agents.batch.limits import ProviderLimits
from agents.exceptions import UserError
from agents.run import Runner
from agents.run_config import RunConfig
from agents.usage import Usage

__all__ = ["AgentFactory", "RowWorker", "load_factory", "run_rows"]

AgentFactory = Callable[[], Agent[Any]]

DEFAULT_MAX_TURNS = 10


def load_factory(path: str) -> AgentFactory:
    """The callable at ``module:function`` (``package.module:name`` also works)."""
    module_name, sep, attr = path.partition(":")
    if not sep or not module_name or not attr:
        raise UserError(
            f"agent factory {path!r} must be 'module:function', e.g. 'myapp.agents:build' "
            "(a function that returns an Agent)"
        )
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise UserError(f"agent factory {path!r}: cannot import {module_name!r} ({exc})") from exc
    target: Any = module
    for part in attr.split("."):
        if not hasattr(target, part):
            raise UserError(f"agent factory {path!r}: {module_name!r} has no {attr!r}")
        target = getattr(target, part)
    if isinstance(target, Agent):
        agent = target
        return lambda: agent
    if not callable(target):
        raise UserError(f"agent factory {path!r} is a {type(target).__name__}, not a function")
    return target  # type: ignore[no-any-return]


def as_factory(agent: Agent[Any] | AgentFactory | str) -> AgentFactory:
    if isinstance(agent, str):
        return load_factory(agent)
    if isinstance(agent, Agent):
        return lambda: agent
    if callable(agent):
        return agent
    raise UserError(
        f"a batch needs an Agent, a function returning one, or a 'module:function' path; "
        f"got {type(agent).__name__}"
    )


def usage_record(usage: Usage) -> dict[str, Any]:
    return {
        "requests": usage.requests,
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "total_tokens": usage.total_tokens,
        "cached_tokens": usage.input_tokens_details.cached_tokens or 0,
        "reasoning_tokens": usage.output_tokens_details.reasoning_tokens or 0,
    }


def _jsonable(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def _input_of(row: BatchRow, input_field: str) -> str | list[Any]:
    value = row.data[input_field]
    if isinstance(value, str | list):
        return value
    raise UserError(
        f"row {row.key!r}: {input_field!r} must be a string or a list of input items, "
        f"got {type(value).__name__}"
    )


class RowWorker:
    """Runs rows with one agent, one run configuration and one set of provider limits."""

    def __init__(
        self,
        factory: AgentFactory,
        *,
        run_config: RunConfig | None = None,
        limits: ProviderLimits | None = None,
        input_field: str = "input",
        max_turns: int = DEFAULT_MAX_TURNS,
    ) -> None:
        agent = factory()
        if not isinstance(agent, Agent):
            raise UserError(f"the agent factory returned a {type(agent).__name__}, not an Agent")
        self.agent: Agent[Any] = agent
        self.run_config = run_config if run_config is not None else RunConfig()
        self.limits = limits if limits is not None else ProviderLimits()
        self.input_field = input_field
        self.max_turns = max_turns
        self._attach_clients()

    def _attach_clients(self) -> None:
        """Put every OpenAI client this agent (and those it hands off to) calls under the
        limits; named models are resolved once through the run's provider, which keeps
        the client it made, so the runs use the hooked client."""
        seen: set[int] = set()
        pending: list[Any] = [self.agent]
        models: list[Any] = [self.run_config.model]
        while pending:
            agent = pending.pop()
            if id(agent) in seen:
                continue
            seen.add(id(agent))
            models.append(agent.model)
            pending.extend(h for h in agent.handoffs if isinstance(h, Agent))
        for model in models:
            if model is None or isinstance(model, str):
                if self.run_config.model is not None and model is None:
                    continue
                try:
                    model = self.run_config.model_provider.get_model(model)
                except Exception:  # a missing key shows up in every row's error instead
                    continue
            client = getattr(model, "_client", None)
            if client is not None:
                self.limits.attach(client)

    async def run(self, row: BatchRow) -> dict[str, Any]:
        """The row's result record; exceptions become the record's ``error``."""
        started = time.perf_counter()
        record: dict[str, Any] = {"key": row.key, "index": row.index}
        try:
            result = await Runner.run(
                self.agent,
                _input_of(row, self.input_field),
                max_turns=self.max_turns,
                run_config=self.run_config,
            )
        except Exception as exc:
            record.update(final_output=None, usage=None, cost=None)
            record["error"] = {"type": type(exc).__name__, "message": str(exc)}
        else:
            usage = result.context_wrapper.usage
            record.update(
                final_output=_jsonable(result.final_output),
                usage=usage_record(usage),
                cost=usage.cost,
                error=None,
            )
        record["seconds"] = round(time.perf_counter() - started, 4)
        return record


async def run_rows(
    worker: RowWorker,
    rows: Iterable[BatchRow],
    concurrency: int,
    on_result: Callable[[dict[str, Any]], None],
) -> None:
    """Run `rows` with at most `concurrency` in flight, reporting each as it finishes."""
    if concurrency < 1:
        raise UserError(f"batch concurrency must be at least 1, got {concurrency}")
    running: set[asyncio.Task[dict[str, Any]]] = set()
    try:
        for row in rows:
            if len(running) >= concurrency:
                finished, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in finished:
                    on_result(task.result())
            running.add(asyncio.create_task(worker.run(row)))
        while running:
            finished, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in finished:
                on_result(task.result())
    finally:
        for task in running:
            task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)
