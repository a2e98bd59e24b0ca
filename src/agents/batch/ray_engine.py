"""The Ray engine: chunks of rows fanned out to long-lived worker actors.

One Ray task per row costs more in scheduling than a single-turn run takes, so rows travel
in chunks, to a fixed set of actors that each build the agent once (from its factory, in
their own process) and run their chunks concurrently on their own event loop with their own
provider limits. Only row data, result records and the factory's import path (or a
picklable callable) cross process boundaries; clients never do. The driver writes each
chunk's results as it comes back, so an interrupted batch loses only chunks in flight,
which the next run repeats.
"""

from __future__ import annotations

import asyncio
import itertools
import math
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from agents.batch.dataset import BatchRow
from agents.batch.limits import ProviderLimits
from agents.batch.worker import AgentFactory
from agents.batch.worker import RowWorker
from agents.batch.worker import as_factory
from agents.batch.worker import run_rows
from agents.exceptions import UserError

__all__ = ["ChunkActor", "run_on_ray"]


def import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise UserError(
            "the Ray engine needs Ray: pip install 'freeagents[ray]' (or use the default "
            "asyncio engine)"
        ) from None
    return ray


@dataclass
class ChunkActor:
    """A Ray actor body: one agent per process, many chunks run on it concurrently."""

    agent: str | AgentFactory
    input_field: str
    max_turns: int
    concurrency: int
    _worker: RowWorker | None = field(default=None, init=False, repr=False)
    """Made on first use, in the actor's own process and event loop."""

    def _rows_worker(self) -> RowWorker:
        if self._worker is None:
            self._worker = RowWorker(
                as_factory(self.agent),
                limits=ProviderLimits(self.concurrency),
                input_field=self.input_field,
                max_turns=self.max_turns,
            )
        return self._worker

    async def run_chunk(self, rows: list[tuple[str, int, dict[str, Any]]]) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = []
        batch = [BatchRow(key, index, data) for key, index, data in rows]
        await run_rows(self._rows_worker(), batch, self.concurrency, results.append)
        return results


def _chunks(rows: Iterable[BatchRow], size: int) -> Iterator[list[BatchRow]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _failed_chunk(chunk: list[BatchRow], exc: BaseException) -> list[dict[str, Any]]:
    error = {"type": type(exc).__name__, "message": f"the Ray worker failed: {exc}"}
    return [
        {
            "key": r.key,
            "index": r.index,
            "final_output": None,
            "usage": None,
            "cost": None,
            "error": error,
            "seconds": 0.0,
        }
        for r in chunk
    ]


async def run_on_ray(
    agent: str | AgentFactory,
    rows: Iterable[BatchRow],
    on_result: Callable[[dict[str, Any]], None],
    *,
    input_field: str,
    max_turns: int,
    max_concurrency: int,
    address: str | None = None,
    workers: int | None = None,
    chunk_size: int = 32,
) -> None:
    """Run `rows` on Ray actors; `address` joins a cluster (None starts or reuses a local one)."""
    ray = import_ray()
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    cpus = max(1.0, float(ray.cluster_resources().get("CPU", 1)))
    count = workers if workers is not None else int(cpus)
    if count < 1 or chunk_size < 1:
        raise UserError(f"ray workers and chunk size must be at least 1 ({count}, {chunk_size})")
    per_actor = max(1, math.ceil(max_concurrency / count))
    actor_class = ray.remote(num_cpus=min(1.0, cpus / count))(ChunkActor)
    actors = [actor_class.remote(agent, input_field, max_turns, per_actor) for _ in range(count)]
    pending: dict[asyncio.Future[Any], tuple[int, list[BatchRow]]] = {}
    load = [0] * count

    async def collect() -> None:
        done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for future in done:
            slot, chunk = pending.pop(future)
            load[slot] -= 1
            try:
                records = future.result()
            except Exception as exc:  # a worker that died: its rows fail, the batch goes on
                records = _failed_chunk(chunk, exc)
            for record in records:
                on_result(record)

    try:
        for chunk in _chunks(rows, chunk_size):
            while len(pending) >= 2 * count:
                await collect()
            slot = load.index(min(load))
            load[slot] += 1
            payload = [(r.key, r.index, r.data) for r in chunk]
            ref = actors[slot].run_chunk.remote(payload)
            pending[asyncio.wrap_future(ref.future())] = (slot, chunk)
        while pending:
            await collect()
    finally:
        for actor in actors:
            ray.kill(actor)
