#!/usr/bin/env bash
# Set up a virtual environment with everything the tests import, then lint, type-check and test.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e ".[dev,litellm,otel,mcp]"
ruff check
ruff format --check
mypy
lint-imports  # the layer contracts in .importlinter (docs/architecture.md)
pytest -q -n auto "$@"
