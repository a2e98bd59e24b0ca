"""The CLI's finish: an example in each subcommand's help, piped prompts without the newline."""

from __future__ import annotations

import argparse
import io

import pytest

from agents.cli.main import EXAMPLES
from agents.cli.main import build_parser
from agents.cli.run import _prompt


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices)


def test_every_subcommand_has_an_example() -> None:
    assert set(_subcommands()) == set(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_help_shows_the_example(name: str) -> None:
    text = _subcommands()[name].format_help()
    assert f"example:\n  {EXAMPLES[name]}" in text
    assert EXAMPLES[name].startswith(f"freeagents {name}")


@pytest.mark.parametrize("piped", ["What is 2+2?\n", "What is 2+2?\r\n", "What is 2+2?"])
def test_piped_prompt_loses_its_trailing_newline(piped: str) -> None:
    assert _prompt(argparse.Namespace(prompt=None), io.StringIO(piped)) == "What is 2+2?"
    assert _prompt(argparse.Namespace(prompt="-"), io.StringIO(piped)) == "What is 2+2?"
