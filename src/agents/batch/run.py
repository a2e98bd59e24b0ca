"""`run_batch`: one agent over a dataset, results to JSONL, resumable, on asyncio or Ray."""

from __future__ import annotations

import asyncio
import pickle
import time
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any
from typing import Literal

from agents.agent import Agent
from agents.batch.dataset import read_rows
from agents.batch.limits import ProviderLimits
from agents.batch.progress import BatchProgress
from agents.batch.results import ResultsFile
from agents.batch.worker import DEFAULT_MAX_TURNS
from agents.batch.worker import AgentFactory
from agents.batch.worker import RowWorker
from agents.batch.worker import as_factory
from agents.batch.worker import run_rows
from agents.exceptions import UserError
from agents.run_config import RunConfig
from agents.usage import Usage

__all__ = ["BatchSummary", "run_batch", "run_batch_sync"]

Engine = Literal["asyncio", "ray"]


@dataclass
class BatchSummary:
    """What one call of `run_batch` did (rows done by earlier calls are `skipped`)."""

    output: Path
    rows: int = 0
    """Rows run by this call."""
    skipped: int = 0
    """Rows already in the results file, not run again."""
    failed: int = 0
    usage: Usage = field(default_factory=Usage)
    cost: float | None = None
    seconds: float = 0.0
    rate_limited: dict[str, int] = field(default_factory=dict)
    """429 answers per provider host (asyncio engine; Ray workers keep their own)."""

    @property
    def succeeded(self) -> int:
        return self.rows - self.failed


def _add_usage(summary: BatchSummary, record: dict[str, Any]) -> None:
    usage = record.get("usage")
    if usage:
        summary.usage.requests += usage.get("requests", 0)
        summary.usage.input_tokens += usage.get("input_tokens", 0)
        summary.usage.output_tokens += usage.get("output_tokens", 0)
        summary.usage.total_tokens += usage.get("total_tokens", 0)
    if record.get("cost") is not None:
        summary.cost = (summary.cost or 0.0) + float(record["cost"])


def _check_ray_agent(agent: Agent[Any] | AgentFactory | str) -> None:
    """An Agent instance may go to Ray workers only if it pickles; say what to do if not."""
    if isinstance(agent, str):
        return
    try:
        from ray import cloudpickle

        cloudpickle.dumps(agent)  # type: ignore[no-untyped-call, unused-ignore]
    except UserError:
        raise
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        raise UserError(
            f"the agent cannot be sent to Ray workers ({exc}); pass a factory instead: "
            "agent='myapp.agents:build' (a module-level function that returns the Agent), so "
            "each worker builds its own agent and clients"
        ) from exc
    except ImportError:
        return  # import_ray reports the missing package


def _check_arguments(
    agent: Agent[Any] | AgentFactory | str,
    engine: Engine,
    max_concurrency: int,
    run_config: RunConfig | None,
) -> None:
    """Refuse before any row runs what would fail on every row (or on a Ray worker)."""
    if engine not in ("asyncio", "ray"):
        raise UserError(f"unknown batch engine {engine!r}; use 'asyncio' or 'ray'")
    if max_concurrency < 1:
        raise UserError(f"max_concurrency must be at least 1, got {max_concurrency}")
    if engine == "ray":
        if run_config is not None:
            raise UserError(
                "run_config is not sent to Ray workers; put the model and settings on the "
                "agent its factory builds"
            )
        _check_ray_agent(agent)


async def run_batch(
    agent: Agent[Any] | AgentFactory | str,
    dataset: str | Path | Iterable[dict[str, Any]],
    output: str | Path,
    *,
    input_field: str = "input",
    id_field: str | None = "id",
    run_config: RunConfig | None = None,
    max_turns: int = DEFAULT_MAX_TURNS,
    max_concurrency: int = 16,
    engine: Engine = "asyncio",
    ray_address: str | None = None,
    ray_workers: int | None = None,
    chunk_size: int = 32,
    retry_failed: bool = False,
    progress: bool | None = None,
) -> BatchSummary:
    """Run `agent` on every row of `dataset`, appending one JSON line per row to `output`.

    `agent` is an Agent, a function returning one, or a ``"module:function"`` path (the
    form the Ray engine prefers: each worker imports it and builds its own agent). Rows
    whose key is already in `output` are skipped, so calling again after an interruption
    finishes the batch; `retry_failed=True` also runs the rows that failed last time.
    `max_concurrency` bounds the rows in flight and the requests in flight per provider,
    which shrink on 429s and grow back on success. A row that fails gets its ``error`` in
    `output`; the batch goes on.
    """
    _check_arguments(agent, engine, max_concurrency, run_config)
    started = time.monotonic()
    out = Path(output)
    all_rows = list(read_rows(dataset, input_field=input_field, id_field=id_field))
    with ResultsFile(out, retry_failed=retry_failed) as results:
        todo = [row for row in all_rows if row.key not in results.done]
        summary = BatchSummary(output=out, skipped=len(all_rows) - len(todo))
        bar = BatchProgress(len(all_rows), already_done=summary.skipped, enabled=progress)

        def on_result(record: dict[str, Any]) -> None:
            results.write(record)
            summary.rows += 1
            summary.failed += record.get("error") is not None
            _add_usage(summary, record)
            bar.update(record)

        try:
            if engine == "ray":
                from agents.batch.ray_engine import run_on_ray

                await run_on_ray(
                    agent if isinstance(agent, str) else as_factory(agent),
                    todo,
                    on_result,
                    input_field=input_field,
                    max_turns=max_turns,
                    max_concurrency=max_concurrency,
                    address=ray_address,
                    workers=ray_workers,
                    chunk_size=chunk_size,
                )
            else:
                limits = ProviderLimits(max_concurrency)
                worker = RowWorker(
                    as_factory(agent),
                    run_config=run_config,
                    limits=limits,
                    input_field=input_field,
                    max_turns=max_turns,
                )
                await run_rows(worker, todo, max_concurrency, on_result)
                summary.rate_limited = {
                    host: state.rate_limited for host, state in limits.providers.items()
                }
        finally:
            bar.close()
    summary.seconds = time.monotonic() - started
    return summary


def run_batch_sync(*args: Any, **kwargs: Any) -> BatchSummary:
    """`run_batch` from synchronous code (not from inside a running event loop)."""
    return asyncio.run(run_batch(*args, **kwargs))
