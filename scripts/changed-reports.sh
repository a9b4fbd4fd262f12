#!/usr/bin/env bash
# Print `list=<files>` for the GitHub Action: the reports to check.
# INPUT_REPORTS (explicit list) wins; otherwise the .txt/.md/.pdf files under REPORTS_DIR that were added or
# changed since BASE_SHA; when BASE_SHA is empty or unknown (first push, shallow clone), every report under it.
set -euo pipefail
if [ -n "${INPUT_REPORTS:-}" ]; then
    echo "list=${INPUT_REPORTS}"
    exit 0
fi
dir="${REPORTS_DIR:-reports}"
dir="${dir%/}"
pattern="^${dir//./\\.}/.*\.(txt|md|pdf)$"
files=""
if [ -n "${BASE_SHA:-}" ] && [ "${BASE_SHA}" != "0000000000000000000000000000000000000000" ] \
    && git cat-file -e "${BASE_SHA}^{commit}" 2>/dev/null; then
    files=$(git diff --name-only --diff-filter=ACMR "${BASE_SHA}" HEAD | grep -E "$pattern" || true)
elif [ -d "$dir" ]; then
    files=$(git ls-files "$dir" | grep -E "$pattern" || true)
fi
echo "list=$(echo $files)"
