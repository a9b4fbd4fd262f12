#!/usr/bin/env bash
# Set up .venv/ and audit the bundled example reports offline against their bundled sources.
# The terminal gets the progress and a short batch summary; the full audits go to files:
#   $DEMO_OUT/audit.md    (Markdown: summary, then every claim with its evidence)
#   $DEMO_OUT/audit.html  (one self-contained page: open it in a browser)
# DEMO_OUT defaults to runs/demo (ignored by git). Extra arguments are passed to `verifier audit`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
out="${DEMO_OUT:-runs/demo}"
mkdir -p "$out"
audit=(.venv/bin/verifier audit reports/examples --papers reports/examples/papers --offline)
"${audit[@]}" --format md -o "$out/audit.md" "$@"
"${audit[@]}" --format html -o "$out/audit.html" "$@" 2>/dev/null
echo "full audit: $out/audit.md (Markdown, $(wc -l < "$out/audit.md") lines) and $out/audit.html (open in a browser)"
