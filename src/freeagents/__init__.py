"""Install tooling for the freeagents distribution, importable even when `agents` is not.

The SDK itself is the `agents` package. This package holds what must work when `agents` on
the path is not freeagents' (another distribution, openai-agents, wrote over it): the
installation check and the metadata-only compatibility wheel.
"""
