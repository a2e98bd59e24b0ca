"""The `freeagents` command's entry point: checks that `agents` is freeagents' before
running the CLI, so a clobbered install ends with the cause and the fix, not a traceback."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from freeagents.install_check import inspect_install
    from freeagents.install_check import report

    state = inspect_install()
    if not state.agents_is_freeagents:
        sys.stderr.write("freeagents: error: the installation is broken\n" + report(state))
        return 3
    from agents.cli.main import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
