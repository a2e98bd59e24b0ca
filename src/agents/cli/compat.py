"""`freeagents compat`: the metadata-only openai-agents wheel that keeps freeagents installed
when a plug-in requires openai-agents (see freeagents.compat)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from agents.cli.errors import CliError
from agents.cli.errors import ExitCode


def compat_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from freeagents.compat import build_wheel
    from freeagents.compat import install_wheel

    out = out or sys.stdout
    try:
        if args.action == "build":
            wheel = build_wheel(args.out, args.release)
            out.write(f"{wheel}\n")
            return ExitCode.OK
        with tempfile.TemporaryDirectory() as tmp:
            wheel = build_wheel(args.wheel_dir or tmp, args.release)
            done = install_wheel(wheel)
    except ValueError as exc:
        raise CliError(str(exc), ExitCode.USAGE) from exc
    if done.returncode != 0:
        raise CliError(f"pip could not install {wheel.name}: {done.stderr.strip()[-500:]}")
    out.write(
        f"installed openai-agents {wheel.name.split('-')[1]} (metadata only, depends on "
        "freeagents): plug-ins requiring openai-agents now find it installed\n"
    )
    return ExitCode.OK


def add_parser(command: argparse.ArgumentParser) -> None:
    actions = command.add_subparsers(dest="action", metavar="ACTION", required=True)
    install = actions.add_parser(
        "install",
        help="build the wheel and pip-install it here",
        epilog="example: freeagents compat install --release 0.22.0",
    )
    build = actions.add_parser(
        "build",
        help="only build the wheel (for --find-links and constraints files)",
        epilog="example: freeagents compat build --out wheels/",
    )
    for parser in (install, build):
        parser.add_argument(
            "--release",
            default="0.24.0",
            metavar="X.Y.Z",
            help="the openai-agents release to stand for (default 0.24.0, the API freeagents "
            "implements); pick the one your plug-in's requirement allows",
        )
    install.add_argument("--wheel-dir", type=Path, metavar="DIR", help="keep the wheel here")
    build.add_argument("--out", type=Path, default=Path("."), metavar="DIR", help="where to write")
