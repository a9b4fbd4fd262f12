"""`verifier check` as a library call: audit a batch, apply the gate, and write its result in one run.

The chosen format goes to `-o FILE` (then the text lines still go to stdout) or, without `-o`, to stdout (then,
for a format other than text, the summary line goes to stderr). Progress, errors, GitHub annotations and, for
several reports, the batch summary go to stderr.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

from verifier.audit.gate import GatePolicy, GateResult
from verifier.settings import Settings


def run_check(paths: list[Path], settings: Settings, policy: GatePolicy, stdout: TextIO, stderr: TextIO,
              environ: Mapping[str, str], fmt: str = "text", write: Callable[[str], None] | None = None) -> int:
    """Audit `paths`, print the gate's output and return its exit code. `write` receives the `fmt` artifact
    (default: stdout)."""
    from verifier.audit.batch import print_summary, run_batch
    from verifier.escaping import log_line
    from verifier.progress import progress_for
    from verifier.render import print_github_annotations
    from verifier.render.gate_output import render_gate
    from verifier.terminal import warn

    batch = run_batch(paths, settings, progress=progress_for(stderr))
    warn(stderr, batch.warnings)
    for error in batch.errors:
        stderr.write(f"error: {log_line(error)}\n")
    result = GateResult(batch.audits, policy, [str(error) for error in batch.errors], settings.offline,
                        list(batch.audit_seconds))
    print_github_annotations(batch.audits, stderr, environ)
    if write is None:
        stdout.write(render_gate(result, fmt))
        if fmt != "text":
            stderr.write(result.summary() + "\n")
    else:
        write(render_gate(result, fmt))
        if fmt != "text":
            stdout.write(render_gate(result, "text"))
        else:
            stdout.write(result.summary() + "\n")
    stdout.flush()
    if batch.audits and len(batch.audits) + len(batch.errors) > 1:
        print_summary(batch, stderr)
    return result.exit_code
