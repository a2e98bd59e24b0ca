"""`python -m agents.cli`: the `freeagents` command."""

from agents.cli.main import main

raise SystemExit(main())
