"""Exit codes of the `freeagents` command, and the error that carries one.

Scripts and CI jobs branch on the exit status (`freeagents doctor` in a pipeline, a wrapper
retrying only when the endpoint failed), so each kind of failure keeps one documented code.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The documented exit statuses (docs/cli.md)."""

    OK = 0
    FAILED = 1
    """The run failed, or the endpoint is unusable (unreachable, auth refused, chat fails)."""
    USAGE = 2
    """The command line is wrong: a missing or bad argument, an unknown provider prefix."""
    SETUP = 3
    """The environment is missing something: an API key variable, a base-URL variable, an
    optional extra. The message names the variable or package."""
    DISAGREES = 4
    """`doctor --strict`: the endpoint works but disagrees with the profile the SDK uses."""
    INTERRUPTED = 130
    """Ctrl-C (the shell convention: 128 + SIGINT)."""


class CliError(Exception):
    """A failure the command reports as one line on stderr, exiting with `code`."""

    def __init__(self, message: str, code: ExitCode = ExitCode.FAILED) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
