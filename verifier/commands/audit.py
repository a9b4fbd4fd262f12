"""`verifier audit` as a library call: batch-audit reports, attach replication results, render one format."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping, TextIO

from verifier.settings import Settings


def attach_replication(result, replication: Path) -> None:
    """Label each audited claim that the replication run in `replication` (a result.json) speaks to."""
    from verifier.replicate.confirm import annotate_audit
    from verifier.replicate.results import read_result

    measured = read_result(replication)
    for report, audit in zip(result.reports, result.audits):
        annotate_audit(audit, report, measured)


def run_audit(paths: list[Path], settings: Settings, fmt: str, *, many: bool, replication: Path | None,
              write: Callable[[str], None], stderr: TextIO, environ: Mapping[str, str]) -> list[Exception]:
    """Audit `paths` as one batch, render them as `fmt` and hand the text to `write` (unless nothing was audited);
    returns the inputs that failed. Progress, errors, GitHub annotations and, for several reports, the batch
    summary (last, after the output) go to `stderr`."""
    from verifier.audit.batch import print_summary, run_batch
    from verifier.progress import progress_for
    from verifier.render import print_github_annotations, render_audits

    result = run_batch(paths, settings, progress=progress_for(stderr, enabled=many))
    for error in result.errors:
        stderr.write(f"error: {error}\n")
    if replication is not None and result.audits:
        attach_replication(result, replication)
    print_github_annotations(result.audits, stderr, environ)
    if result.audits or fmt == "json":
        write(render_audits(result.audits, fmt, many=many))
    if many and result.audits:
        print_summary(result, stderr)
    return result.errors
