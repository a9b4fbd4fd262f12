"""`verifier audit` as a library call: batch-audit reports, attach replication results, render one format."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

from verifier.audit.gate import GatePolicy, GateResult
from verifier.settings import Settings


def attach_replication(result, replication: Path) -> None:
    """Label each audited claim that the replication run in `replication` (a result.json) speaks to."""
    from verifier.models import Replication
    from verifier.replicate.confirm import confirm_claims
    from verifier.replicate.results import read_result

    measured = read_result(replication)
    for report, audit in zip(result.reports, result.audits):
        by_index = {item.index: item for item in confirm_claims(report, measured)}
        for claim in audit.claims:
            item = by_index.get(claim.index)
            if item is not None:
                claim.replication = Replication(label=item.label, explanation=item.explanation)


def run_audit(paths: list[Path], settings: Settings, fmt: str, *, many: bool, replication: Path | None,
              write: Callable[[str], None], stderr: TextIO, environ: Mapping[str, str],
              policy: GatePolicy | None = None) -> list[Exception]:
    """Audit `paths` as one batch, render them as `fmt` and hand the text to `write` (unless nothing was audited;
    several reports in JSON always give their array, `[]` when every one failed);
    returns the inputs that failed. JUnit test cases fail what the gate would fail under `policy` (default: the
    default policy). Progress, errors, GitHub annotations and, for several reports, the batch summary (last, after
    the output) go to `stderr`."""
    from verifier.audit.batch import print_summary, run_batch
    from verifier.escaping import log_line
    from verifier.progress import progress_for
    from verifier.render import print_github_annotations, render_audits
    from verifier.terminal import warn

    result = run_batch(paths, settings, progress=progress_for(stderr, enabled=many))
    warn(stderr, result.warnings)
    for error in result.errors:
        stderr.write(f"error: {log_line(error)}\n")
    if replication is not None and result.audits:
        attach_replication(result, replication)
    print_github_annotations(result.audits, stderr, environ)
    if result.audits or (fmt == "json" and many):  # a batch's JSON is an array even when empty; one failed report: nothing
        gate = GateResult(result.audits, policy or GatePolicy(), [str(e) for e in result.errors], settings.offline,
                          list(result.audit_seconds))
        write(render_audits(result.audits, fmt, many=many, gate=gate))
    if many and result.audits:
        print_summary(result, stderr)
    return result.errors
