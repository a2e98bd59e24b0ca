"""docs/cli.md: every shell example runs as written (providers pointed at loopback), and every
option the command has is documented."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest

from agents.cli.main import build_parser
from agents.models.providers.catalogue import list_providers
from agents.testing import LoopbackProvider

from .helpers.cli import capable
from .helpers.cli import cli_env
from .helpers.cli import shim_env

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
EXAMPLE_KEY = "doc-example-key-not-real"


def _commands() -> list[tuple[str, int]]:
    """(shell line, expected exit code) for each `freeagents` line of the bash blocks."""
    found = []
    for block in re.findall(r"```bash\n(.*?)```", DOC.read_text(), re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip()
            if "freeagents" not in line or line.startswith("#"):
                continue
            expected = re.search(r"#\s*exit (\d+)\s*$", line)
            found.append((line, int(expected.group(1)) if expected else 0))
    return found


@pytest.fixture(scope="module")
def server() -> Any:
    with LoopbackProvider("docs", responder=capable("Paris.")) as lb:
        yield lb


def test_the_doc_has_examples_of_every_subcommand() -> None:
    used = {shlex.split(line.split("|")[-1])[0:2][-1] for line, _ in _commands()}
    assert {"demo", "run", "chat", "providers", "doctor", "batch"} <= used


@pytest.mark.parametrize(("line", "expected"), _commands(), ids=lambda v: str(v)[:60])
def test_shell_example_runs(
    line: str, expected: int, server: LoopbackProvider, tmp_path: Path
) -> None:
    # No key of the user's, nothing leaves the machine, and `freeagents` is `python -m
    # agents.cli` forked from a Python that imported it once (see tests/helpers/cli.py).
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    env = cli_env(**shim_env(bin_dir))
    env["PATH"] = str(bin_dir) + os.pathsep + env.get("PATH", "")
    for spec in list_providers():  # every provider of the table is the loopback server
        if spec.name != "openai":  # OPENAI_BASE_URL would make it a gateway for every name
            env[spec.base_url_env] = server.url("/v1")
        if spec.api_key_env:
            env[spec.api_key_env] = EXAMPLE_KEY
    for var in re.findall(r"--api-key-env (\w+)", line):
        env[var] = EXAMPLE_KEY
    command = re.sub(r"--base-url \S+", f"--base-url {server.url('/v1')}", line)
    before = len(server.chat_requests)
    done = subprocess.run(
        ["bash", "-c", command],
        input="Hello\n/usage\n/exit\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,  # examples may write files (freeagents batch)
        timeout=120,
    )
    assert done.returncode == expected, f"{line}\n{done.stdout}\n{done.stderr}"
    assert EXAMPLE_KEY not in done.stdout + done.stderr
    reaches_a_model = re.search(r"freeagents (run|chat|doctor)", line) and expected in (0, 4)
    if reaches_a_model:
        assert len(server.chat_requests) > before, "the example did not reach the provider"
    if expected:
        assert done.stderr.count("freeagents: error:") <= 1


def _options(parser: argparse.ArgumentParser) -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _options(sub)
        found += [o for o in action.option_strings if o.startswith("--") and o != "--help"]
    return found


def test_every_option_and_exit_code_is_documented() -> None:
    text = DOC.read_text()
    missing = [option for option in _options(build_parser()) if f"`{option}" not in text]
    assert missing == []
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |", "| 130 |"):
        assert code in text


def test_documented_options_exist() -> None:
    known = set(_options(build_parser())) | {"--help"}
    # Sample output (```text blocks) may quote other programs' flags, such as vLLM's.
    prose = re.sub(r"```text\n.*?```", "", DOC.read_text(), flags=re.S)
    documented = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", prose))
    assert documented - known == set()
