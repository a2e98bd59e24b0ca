#!/usr/bin/env bash
# Set up a virtual environment with everything the tests import, then lint, type-check and test.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e ".[dev,litellm,otel,sqlalchemy,redis,encrypt]"
ruff check
ruff format --check
mypy
pytest -q -n auto "$@"
