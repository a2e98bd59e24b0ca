"""Entry point of the `freeagents` command: parses arguments and dispatches to a subcommand.

Subcommand modules are imported only when chosen, so `freeagents providers` does not pay for
what `freeagents chat` needs. Expected failures end as one line on stderr and a documented
exit code (errors.ExitCode), never a traceback; `--debug` shows the traceback too.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import textwrap
import traceback
from collections.abc import Callable
from collections.abc import Sequence

from agents.cli.errors import CliError
from agents.cli.errors import ExitCode

EXIT_CODES_HELP = """exit codes:
  0    success
  1    the run failed, or the endpoint is unusable (unreachable, auth refused, chat fails)
  2    usage error (bad arguments, unknown provider prefix)
  3    setup error (an API key or base-URL variable is not set, an extra is not installed)
  4    doctor --strict: the endpoint works but disagrees with the SDK's profile
  130  interrupted (Ctrl-C)
"""


def _finite(low: float, high: float | None, *, above: bool = False) -> Callable[[str], float]:
    """An argparse type: a finite number in range (NaN, infinities and negatives are usage
    errors, not settings that make a working endpoint look broken)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        too_low = value <= low if above else value < low
        if not math.isfinite(value) or too_low or (high is not None and value > high):
            wanted = f"more than {low:g}" if above else f"at least {low:g}"
            if high is not None:
                wanted = f"from {low:g} to {high:g}"
            raise argparse.ArgumentTypeError(f"must be a number {wanted}, got {text!r}")
        return value

    return parse


EXAMPLES = {
    "demo": "freeagents demo",
    "run": 'freeagents run -m groq/llama-3.1-8b-instant "Name three French rivers"',
    "chat": "freeagents chat -m gemini/gemini-2.5-flash",
    "providers": "freeagents providers --capabilities",
    "doctor": "freeagents doctor -m groq/llama-3.1-8b-instant   (no -m: check the install)",
    "compat": "freeagents compat install --release 0.22.0",
    "batch": "freeagents batch questions.jsonl -m groq/llama-3.1-8b-instant --output answers.jsonl",
}
"""One example line shown in each subcommand's --help."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version

    try:
        return version("freeagents")
    except PackageNotFoundError:
        return "unknown"


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        "-m",
        metavar="MODEL",
        help="provider/model, e.g. groq/llama-3.1-8b-instant (default: $FREEAGENTS_MODEL)",
    )
    parser.add_argument(
        "--instructions", "-i", metavar="TEXT", help="the agent's instructions (system prompt)"
    )
    parser.add_argument(
        "--temperature", type=_finite(0, 2), metavar="T", help="sampling temperature (0 to 2)"
    )
    parser.add_argument("--max-tokens", type=int, metavar="N", help="output token limit")


DOCTOR_DESCRIPTION = (
    "Probe an OpenAI-compatible endpoint: reachability, auth, the model being listed, "
    "chat, streaming, stream usage, tools, tool_choice 'required', strict tools, "
    "parallel tool calls, json_schema and json_object. Prints the results next to the "
    "profile the SDK would use and where they disagree. Either --model provider/model "
    "(the provider table gives URL and key) or --base-url with --api-key-env and --model."
)


def _doctor_options(doctor: argparse.ArgumentParser) -> None:
    doctor.add_argument(
        "--model", "-m", help="provider/model, or with --base-url the endpoint's model name"
    )
    doctor.add_argument("--base-url", metavar="URL", help="the endpoint's base URL (…/v1)")
    doctor.add_argument(
        "--api-key-env",
        metavar="VAR",
        help="the environment variable holding the key (its value is never printed)",
    )
    doctor.add_argument(
        "--timeout",
        type=_finite(0, None, above=True),
        default=60.0,
        metavar="SECONDS",
        help="per probe (default 60)",
    )
    doctor.add_argument("--json", action="store_true", help="print the results as JSON")
    doctor.add_argument(
        "--strict",
        action="store_true",
        help="exit 4 when the endpoint works but disagrees with the profile",
    )


def _run_options(run: argparse.ArgumentParser) -> None:
    _model_options(run)
    run.add_argument("--stream", "-s", action="store_true", help="print text as it arrives")
    run.add_argument(
        "--json", action="store_true", help="print the final output and usage as one JSON object"
    )
    run.add_argument("prompt", nargs="?", help="what to ask ('-' reads stdin)")


def _providers_options(providers: argparse.ArgumentParser) -> None:
    providers.add_argument(
        "--capabilities", action="store_true", help="add each profile's capability columns"
    )
    providers.add_argument("--json", action="store_true", help="print the table as JSON")


def _batch_options(batch: argparse.ArgumentParser) -> None:
    from agents.cli.batch_args import add_batch_arguments

    add_batch_arguments(batch)


def _compat_options(compat: argparse.ArgumentParser) -> None:
    from agents.cli.compat import add_parser as add_compat_parser

    add_compat_parser(compat)


def _no_options(parser: argparse.ArgumentParser) -> None:
    """The demo takes no options."""


_COMMANDS: tuple[tuple[str, str, str, Callable[[argparse.ArgumentParser], None]], ...] = (
    (
        "demo",
        "run the guide's patterns on built-in loopback providers (no key, no network)",
        "Several providers, a tool, structured output, streaming and a multi-model route, "
        "on scripted providers on 127.0.0.1; prints where each step went and a usage table.",
        _no_options,
    ),
    (
        "run",
        "one agent run: print the final output",
        "Run one agent on MODEL with PROMPT and print the final output. PROMPT '-' (or no "
        "PROMPT with piped input) reads the prompt from stdin.",
        _run_options,
    ),
    (
        "chat",
        "an interactive, streamed conversation; /model switches provider mid-conversation",
        "Chat with MODEL. The conversation's history carries over when /model switches "
        "provider. Commands: /model provider/model, /usage, /clear, /help, /exit. Works on a "
        "terminal and with piped input (one message per line).",
        _model_options,
    ),
    (
        "providers",
        "list the provider table and which keys are set (never a key's value)",
        "The built-in providers: model-string prefix, key variable and whether it is set, "
        "base URL (and the variable overriding it).",
        _providers_options,
    ),
    (
        "batch",
        "run one agent over a dataset (JSONL/CSV/Parquet), results to JSONL, resumable",
        "Run an agent on every row of DATASET and append one JSON line per row (final "
        "output, usage, cost, error) to the results file. A re-run skips rows already "
        "there. --engine ray fans chunks of rows out to a Ray cluster. Exit 1 when a row "
        "failed.",
        _batch_options,
    ),
    (
        "doctor",
        "probe an endpoint's capabilities and compare them with the SDK's profile",
        DOCTOR_DESCRIPTION,
        _doctor_options,
    ),
    (
        "compat",
        "satisfy plug-ins that require openai-agents without replacing freeagents",
        "Build (and install) a wheel named openai-agents, version X.Y.Z+freeagents, that "
        "depends on freeagents and ships no files, so pip and uv consider an openai-agents "
        "requirement met and never write the reference SDK over the agents package.",
        _compat_options,
    ),
)
"""Each subcommand: name, one-line help, description, and what adds its options."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="freeagents",
        description="Agents on every model provider (the OpenAI Agents SDK's API).",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"freeagents {_version()}")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an error as well"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help, description, add_options in _COMMANDS:
        example = EXAMPLES.get(name)
        add_options(
            commands.add_parser(
                name,
                help=help,
                description=textwrap.fill(description, 78),
                epilog=(f"example:\n  {example}\n\n" if example else "") + EXIT_CODES_HELP,
                formatter_class=argparse.RawDescriptionHelpFormatter,
            )
        )
    return parser


def _handler(command: str) -> Callable[[argparse.Namespace], int]:
    if command == "demo":
        from agents.cli.demo import run_demo

        return lambda _args: run_demo(sys.stdout)
    if command == "run":
        from agents.cli.run import run_command

        return run_command
    if command == "chat":
        from agents.cli.chat import chat_command

        return chat_command
    if command == "batch":
        from agents.cli.batch import batch_command

        return batch_command
    if command == "providers":
        from agents.cli.providers import providers_command

        return providers_command
    if command == "compat":
        from agents.cli.compat import compat_command

        return compat_command
    from agents.cli.doctor import doctor_command

    return doctor_command


def _report(message: str, args: argparse.Namespace) -> None:
    from agents.cli.console import one_line
    from agents.cli.console import scrub

    key_var = getattr(args, "api_key_env", None)
    extra = [key_var] if key_var else []
    if args.debug or os.environ.get("FREEAGENTS_DEBUG"):
        # Scrubbed too: a chained provider error may quote the key.
        sys.stderr.write(scrub(traceback.format_exc(), extra))
    sys.stderr.write(f"freeagents: error: {scrub(one_line(message), extra)}\n")
    sys.stderr.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return ExitCode.USAGE
    import openai

    from agents.exceptions import AgentsException
    from agents.exceptions import ModelProviderError
    from agents.exceptions import UserError

    try:
        code = int(_handler(args.command)(args))
        sys.stdout.flush()  # here, so a reader that went away is handled below
        return code
    except CliError as exc:
        _report(exc.message, args)
        return int(exc.code)
    except UserError as exc:
        _report(exc.message, args)
        return ExitCode.SETUP
    except ModelProviderError as exc:
        _report(str(exc), args)
        return ExitCode.FAILED
    except AgentsException as exc:
        _report(f"{type(exc).__name__}: {exc}", args)
        return ExitCode.FAILED
    except openai.OpenAIError as exc:  # raised by the client outside a model call
        _report(f"{type(exc).__name__}: {exc}", args)
        return ExitCode.FAILED
    except KeyboardInterrupt:
        sys.stderr.write("\nfreeagents: interrupted\n")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`freeagents providers | head -1`); stay quiet, as cat does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return ExitCode.FAILED
    except Exception as exc:  # a bug: one line, and the traceback when asked for
        _report(f"unexpected {type(exc).__name__}: {exc} (rerun with --debug)", args)
        return ExitCode.FAILED


if __name__ == "__main__":
    raise SystemExit(main())
