#!/usr/bin/env bash
# Set up .venv/ with the test extras, then lint (ruff), type-check (mypy) and run the whole test suite
# (slow tests included). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
echo "ruff check" >&2
.venv/bin/ruff check .
echo "mypy" >&2
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
