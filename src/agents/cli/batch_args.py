"""The arguments of `freeagents batch`, kept apart so building the parser imports nothing."""

from __future__ import annotations

import argparse


def add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dataset", help="a .jsonl, .csv or .parquet file, one input per row ('-': JSONL on stdin)"
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="results JSONL (default: DATASET.results.jsonl)"
    )
    who = parser.add_mutually_exclusive_group()
    who.add_argument(
        "--agent", "-a", metavar="MODULE:FUNCTION", help="a function that returns the Agent"
    )
    who.add_argument("--model", "-m", metavar="MODEL", help="provider/model for a plain agent")
    parser.add_argument(
        "--instructions", "-i", metavar="TEXT", help="the plain agent's instructions"
    )
    parser.add_argument("--input-field", default="input", help="the input column (default input)")
    parser.add_argument("--id-field", default="id", help="the row id column (default id)")
    parser.add_argument(
        "--concurrency", "-c", type=int, default=16, help="rows and requests per provider in flight"
    )
    parser.add_argument("--max-turns", type=int, default=10, help="turns per row (default 10)")
    parser.add_argument("--engine", choices=("asyncio", "ray"), default="asyncio")
    parser.add_argument("--ray-address", metavar="ADDR", help="join this Ray cluster")
    parser.add_argument("--ray-workers", type=int, metavar="N", help="worker actors")
    parser.add_argument("--chunk-size", type=int, default=32, help="rows per Ray chunk")
    parser.add_argument(
        "--retry-failed", action="store_true", help="run again the rows that failed last time"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress display")
