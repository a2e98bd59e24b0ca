#!/usr/bin/env bash
# Set up a virtual environment with everything the tests import, then lint, type-check and test.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e ".[dev,litellm,otel,mcp,sqlalchemy,redis,encrypt,ray,dbos,temporal,instrumentations,docs]"
# Plug-ins that declare openai-agents (it would overwrite `agents`): without their dependencies.
python -m pip install --quiet --no-deps "dbos-openai-agents>=0.3"
python -m pip install --quiet --no-deps "temporalio-openai-agents>=1.1,<2"
if python -m pip show --quiet openai-agents 2>/dev/null; then
  echo "openai-agents was installed into the test environment; it overwrites agents" >&2; exit 1
fi
# A merge must never land its conflict markers.
if git grep -nE '^(<<<<<<<|>>>>>>>)( |$)' -- ':!*.md' 2>/dev/null; then
  echo 'conflict markers left in the tree' >&2; exit 1
fi
ruff check
ruff format --check
mypy
lint-imports  # the layer contracts in .importlinter (docs/architecture.md)
# The documentation site, warnings as errors (API reference from the docstrings).
NO_MKDOCS_2_WARNING=1 mkdocs build --strict --quiet --site-dir "$(mktemp -d)"
if [ "$#" -eq 0 ]; then
  # The whole suite, with branch coverage; the run fails below the floor (README: Development).
  pytest -q -n auto --dist loadgroup --cov=agents --cov-branch --cov-report=term:skip-covered --cov-fail-under=80
else
  pytest -q -n auto --dist loadgroup "$@"
fi
