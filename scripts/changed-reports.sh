#!/usr/bin/env bash
# Print the reports for the GitHub Action to check, one per line, in $GITHUB_OUTPUT's multi-line form:
#     list<<END_OF_REPORTS
#     reports/a report with spaces.md
#     END_OF_REPORTS
# INPUT_REPORTS (explicit, one per line) wins; a line that is not an existing path is split on spaces, so
# "a.txt b.txt" still names two files. Otherwise: the .txt/.md/.pdf files under REPORTS_DIR that were added or
# changed since BASE_SHA; when BASE_SHA is empty or unknown (first push, shallow clone), every report under it.
# Names are read NUL-separated from git, so spaces and other odd characters survive.
set -euo pipefail
delimiter=END_OF_REPORTS
files=()
if [ -n "${INPUT_REPORTS:-}" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
        [ -z "${line// /}" ] && continue
        if [ -e "$line" ]; then
            files+=("$line")
        else
            read -r -a words <<< "$line"
            files+=("${words[@]}")
        fi
    done <<< "$INPUT_REPORTS"
else
    dir="${REPORTS_DIR:-reports}"
    dir="${dir%/}"
    pattern="^${dir//./\\.}/.*\.(txt|md|pdf)$"
    if [ -n "${BASE_SHA:-}" ] && [ "${BASE_SHA}" != "0000000000000000000000000000000000000000" ] \
        && git cat-file -e "${BASE_SHA}^{commit}" 2>/dev/null; then
        listing=(git diff -z --name-only --diff-filter=ACMR "${BASE_SHA}" HEAD)
    elif [ -d "$dir" ]; then
        listing=(git ls-files -z -- "$dir")
    else
        listing=(true)
    fi
    while IFS= read -r -d '' name; do
        if [[ "$name" =~ $pattern ]]; then
            files+=("$name")
        fi
    done < <("${listing[@]}")
fi
echo "list<<${delimiter}"
for name in "${files[@]+"${files[@]}"}"; do
    printf '%s\n' "$name"
done
echo "${delimiter}"
