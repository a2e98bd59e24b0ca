"""`freeagents batch`: one agent over a JSONL/CSV/Parquet dataset, results to JSONL."""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import sys
from pathlib import Path
from typing import TextIO

from agents.agent import Agent
from agents.batch import run_batch
from agents.cli.errors import CliError
from agents.cli.errors import ExitCode
from agents.cli.model_names import parse_model_name
from agents.cli.model_names import resolve_model
from agents.model_settings import ModelSettings

_PASSED_ON = (
    "input_field",
    "max_turns",
    "engine",
    "ray_address",
    "ray_workers",
    "chunk_size",
    "retry_failed",
)
"""Options of `freeagents batch` that go to `run_batch` under their own names, unchanged."""


def plain_agent(model: str, instructions: str | None) -> Agent[None]:
    """The agent `--model` describes; module-level so Ray workers can build it themselves."""
    return Agent(
        name="freeagents-batch",
        instructions=instructions,
        model=resolve_model(model),
        model_settings=ModelSettings(),
    )


def batch_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    if args.agent:
        agent: str | functools.partial[Agent[None]] = args.agent
    elif args.model:
        parse_model_name(args.model)
        agent = functools.partial(plain_agent, args.model, args.instructions)
    else:
        raise CliError("batch needs --agent MODULE:FUNCTION or --model MODEL", ExitCode.USAGE)
    if args.dataset == "-" and not args.output:
        raise CliError("reading the dataset from stdin ('-') needs --output FILE", ExitCode.USAGE)
    dataset = args.dataset if args.dataset == "-" else Path(args.dataset)
    output = Path(args.output) if args.output else Path(dataset).with_suffix(".results.jsonl")
    options = {name: getattr(args, name) for name in _PASSED_ON}
    summary = asyncio.run(
        run_batch(
            agent,
            dataset,
            output,
            id_field=args.id_field or None,
            max_concurrency=args.concurrency,
            progress=False if args.no_progress else None,
            **options,
        )
    )
    report = {
        "output": str(summary.output),
        "rows": summary.rows,
        "skipped": summary.skipped,
        "failed": summary.failed,
        "total_tokens": summary.usage.total_tokens,
        "cost": summary.cost,
        "seconds": round(summary.seconds, 3),
    }
    out.write(json.dumps(report) + "\n")
    return ExitCode.FAILED if summary.failed else ExitCode.OK
