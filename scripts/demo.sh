#!/usr/bin/env bash
# Set up .venv/ and audit the bundled example reports offline against their bundled sources.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
exec .venv/bin/verifier audit reports/examples --papers reports/examples/papers --offline --format md "$@"
