"""`freeagents run`: one agent run from the command line, plain, streamed, or as JSON."""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import TextIO

from agents.agent import Agent
from agents.cli.console import Spinner
from agents.cli.console import is_terminal
from agents.cli.console import std_streams
from agents.cli.errors import CliError
from agents.cli.errors import ExitCode
from agents.cli.model_names import default_model
from agents.cli.model_names import parse_model_name
from agents.cli.model_names import resolve_model
from agents.cli.usage_view import usage_dict
from agents.model_settings import ModelSettings
from agents.result import RunResultBase
from agents.run import Runner
from agents.stream_events import RawResponsesStreamEvent
from agents.stream_events import StreamEvent


def text_delta(event: StreamEvent) -> str | None:
    """The text of an output-text delta event; None for every other event."""
    if isinstance(event, RawResponsesStreamEvent) and event.data.type == (
        "response.output_text.delta"
    ):
        return str(event.data.delta)
    return None


def model_settings(args: argparse.Namespace) -> ModelSettings:
    return ModelSettings(temperature=args.temperature, max_tokens=args.max_tokens)


def _prompt(args: argparse.Namespace, stdin: TextIO) -> str:
    prompt: str | None = args.prompt
    if prompt is None or prompt == "-":
        if prompt is None and is_terminal(stdin):
            raise CliError('no prompt: freeagents run --model X "your prompt"', ExitCode.USAGE)
        prompt = stdin.read().rstrip("\r\n")  # `echo question |` adds a newline
    if not prompt.strip():
        raise CliError("the prompt is empty", ExitCode.USAGE)
    return prompt


async def _run(
    args: argparse.Namespace, name: str, prompt: str, out: TextIO, err: TextIO
) -> RunResultBase:
    agent = Agent(
        name="freeagents",
        instructions=args.instructions,
        model=resolve_model(name),
        model_settings=model_settings(args),
    )
    spinner = Spinner(f"waiting for {name}", stream=err)
    if not args.stream:
        with spinner:
            return await Runner.run(agent, prompt)
    streamed = Runner.run_streamed(agent, prompt)
    printed = ""
    spinner.start()
    try:
        async for event in streamed.stream_events():
            delta = text_delta(event)
            if delta:
                spinner.stop()
                printed += delta
                if not args.json:
                    out.write(delta)
                    out.flush()
    finally:
        spinner.stop()
    if not args.json:
        final = str(streamed.final_output or "")
        if not printed and final:  # a provider that answered without text deltas
            out.write(final)
        out.write("\n")
    return streamed


@std_streams
def run_command(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    name = default_model(args.model)
    parsed = parse_model_name(name)
    prompt = _prompt(args, stdin)
    result = asyncio.run(_run(args, name, prompt, out, err))
    if args.json:
        payload = {
            "model": name,
            "provider": parsed.provider,
            "final_output": result.final_output,
            "usage": usage_dict(result.context_wrapper.usage),
        }
        out.write(json.dumps(payload, ensure_ascii=False, default=str) + "\n")
    elif not args.stream:
        final = result.final_output
        out.write(f"{'' if final is None else final}\n")
    return ExitCode.OK
