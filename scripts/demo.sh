#!/usr/bin/env bash
# Set up a virtual environment and run the keyless demo on the built-in loopback providers.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install --quiet -e .
freeagents demo
