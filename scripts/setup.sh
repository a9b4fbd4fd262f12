#!/usr/bin/env bash
# Create .venv/ in the repository root (once) and install claims-verifier into it.
# Idempotent: a second run only checks that everything is present.
# torch is installed first, pinned to the local CPU build, so no CUDA build is pulled.
# pip's chatter goes to .venv/setup.log; on failure its tail is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "setting up .venv/ (first run: a few minutes)" >&2
    "$PY" -m venv .venv
fi
log=.venv/setup.log
pip_install() {
    if ! .venv/bin/python -m pip install --quiet "$@" >>"$log" 2>&1; then
        echo "error: pip install $* failed; last lines of $log:" >&2
        tail -n 20 "$log" >&2
        exit 1
    fi
}
if ! .venv/bin/python -c "import torch" >/dev/null 2>&1; then
    pip_install --upgrade pip
    pip_install "torch==2.13.0"
fi
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
stamp=".venv/.installed$extras"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    pip_install -e ".$extras"
    touch "$stamp"
fi
# An editable install leaves the project's modules uncompiled; compile them once, as a regular install does, so
# every `verifier` run does not recompile ~140 modules (~0.3 s) where PYTHONDONTWRITEBYTECODE is set.
.venv/bin/python -m compileall -q -j 0 grammar claims papers verifier >/dev/null 2>&1 || true
# The test suite measures real-PDF extraction against poppler's pdftotext (a Debian package).
if [ "${1:-}" = "--test" ] && ! command -v pdftotext >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing poppler-utils (pdftotext)" >&2
        { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q poppler-utils; } >>"$log" 2>&1 \
            || echo "warning: could not install poppler-utils; extraction checks against pdftotext will be skipped" >&2
    else
        echo "warning: pdftotext (poppler-utils) not found; extraction checks against it will be skipped" >&2
    fi
fi
