"""Batch runs: one agent over a dataset, resumable, within each provider's rate limits.

`run_batch` (and `freeagents batch`) reads JSONL, CSV or Parquet rows, runs the agent on
each, and appends one JSON line per row (final output, usage, cost, error) to a results
file that doubles as the record of what is done. Engines: asyncio in this process, or Ray
(``engine="ray"``), where worker actors build the agent from a factory. Nothing here is
imported by ``import agents``; Ray loads only when its engine is chosen.
"""

from agents.batch.dataset import BatchRow
from agents.batch.dataset import read_rows
from agents.batch.limits import ProviderLimits
from agents.batch.limits import ProviderState
from agents.batch.progress import BatchProgress
from agents.batch.results import ResultsFile
from agents.batch.results import read_results
from agents.batch.run import BatchSummary
from agents.batch.run import run_batch
from agents.batch.run import run_batch_sync
from agents.batch.worker import AgentFactory
from agents.batch.worker import RowWorker
from agents.batch.worker import load_factory

__all__ = [
    "AgentFactory",
    "BatchProgress",
    "BatchRow",
    "BatchSummary",
    "ProviderLimits",
    "ProviderState",
    "ResultsFile",
    "RowWorker",
    "load_factory",
    "read_results",
    "read_rows",
    "run_batch",
    "run_batch_sync",
]
