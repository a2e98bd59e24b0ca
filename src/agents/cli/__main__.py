"""`python -m agents.cli`: the `freeagents` command."""

from .main import main

raise SystemExit(main())
