"""Audit many reports in one run: parse them all (a broken report is reported and skipped), fetch every distinct
cited paper once with up to `jobs` fetches in parallel, audit each report against the shared papers, then add the
cross-report `inconsistent_mark` findings and summarise."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from claims.models import Reference, Report
from verifier.audit.cross_report import add_inconsistent_marks
from verifier.audit.library import open_library
from verifier.models import Audit
from verifier.progress import Progress, SilentProgress
from verifier.render.tally import VERDICTS, findings_by_code, verdict_counts
from verifier.settings import Settings


@dataclass
class BatchResult:
    """Audits in input order (with the parsed reports they came from), the errors of inputs that could not be read
    or audited, the number of distinct papers cited, texts embedded, passage indexes built, and the wall time."""

    audits: list[Audit] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    errors: list[Exception] = field(default_factory=list)
    papers: int = 0
    embedded: int = 0
    indexes: int = 0
    seconds: float = 0.0


def paper_key(reference: Reference) -> tuple[str, str | None] | None:
    """What identifies a paper to fetch: (arXiv id, cited version); None for a reference without an id."""
    return (reference.arxiv_id, reference.version) if reference.arxiv_id else None


def distinct_references(reports: Sequence[Report]) -> list[Reference]:
    """One reference per distinct (id, version) cited anywhere in `reports`, in first-seen order."""
    seen: dict[tuple[str, str | None], Reference] = {}
    for report in reports:
        for reference in report.references:
            key = paper_key(reference)
            if key is not None and key not in seen:
                seen[key] = reference
    return list(seen.values())


def fetch_all(references: list[Reference], fetch: Callable[[Reference], object], jobs: int, progress: Progress) -> list[Exception]:
    """Call `fetch` once per reference, `jobs` at a time; failures are collected, not raised (the audit marks
    those references unavailable or not found)."""
    errors: list[Exception] = []
    progress.stage("fetch", len(references))
    if not references:
        return errors
    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="fetch") as pool:
        futures = {pool.submit(fetch, reference): reference for reference in references}
        for future in as_completed(futures):
            reference = futures[future]
            label = f"{reference.arxiv_id}{reference.version or ''}"
            try:
                future.result()
            except Exception as error:  # noqa: BLE001 - one paper's failure must not stop the batch
                errors.append(error)
                label += f" (failed: {error})"
            progress.advance(label)
    return errors


def audit_all(
    reports: list[Report], audit_one: Callable[[Report], Audit], progress: Progress
) -> tuple[list[tuple[Report, Audit]], list[Exception]]:
    """Audit each report; one that fails is reported and the others go on."""
    from claims.errors import ClaimsError
    from papers.errors import PapersError
    from verifier.errors import VerifierError

    audits, errors = [], []
    progress.stage("audit", len(reports))
    for report in reports:
        try:
            audits.append((report, audit_one(report)))
            progress.advance(report.source)
        except (ClaimsError, PapersError, VerifierError, OSError) as error:
            errors.append(VerifierError(f"{report.source}: {error}") if not str(error).startswith(report.source) else error)
            progress.advance(f"{report.source} (failed)")
    return audits, errors


class MemoEmbedder:
    """An embedder that computes each distinct text once per batch (claims and passages shared by reports)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name = inner.name
        self.vectors: dict[str, object] = {}
        self.computed = 0

    def embed(self, texts):
        """Vectors for `texts`, asking the wrapped embedder only for texts not seen before."""
        import numpy as np

        missing = [text for text in dict.fromkeys(texts) if text not in self.vectors]
        if missing:
            self.vectors.update(zip(missing, self.inner.embed(missing)))
            self.computed += len(missing)
        if not texts:
            return self.inner.embed([])
        return np.stack([self.vectors[text] for text in texts])


class SharedIndexChecker:
    """A claim checker that builds the passage index of each distinct set of papers once per batch, so reports
    citing the same papers share one index (each passage is embedded once, not once per report)."""

    def __init__(self, checker) -> None:
        self.checker = checker
        self.indexes: dict[tuple[int, ...], object] = {}
        self.built = 0

    def index(self, passages: list) -> object:
        """The index of `passages` (the same passage objects give the same index)."""
        key = tuple(id(passage) for passage in passages)
        if key not in self.indexes:
            self.indexes[key] = self.checker.index(passages)
            self.built += 1
        return self.indexes[key]

    def check(self, index, claims):
        """Delegate to the wrapped checker."""
        return self.checker.check(index, claims)


def fetch_papers(reports: list[Report], settings: Settings, progress: Progress) -> tuple[list, list[Exception]]:
    """Every distinct paper cited by `reports`, each fetched once, `settings.jobs` at a time."""
    papers: list = []
    with open_library(settings) as library:
        def fetch(reference: Reference) -> None:
            papers.append(library.get(reference.arxiv_id, reference.version))

        errors = fetch_all(distinct_references(reports), fetch, settings.jobs, progress)
    return papers, errors


def run_batch(paths: list[Path], settings: Settings, *, embedder=None, progress: Progress | None = None) -> BatchResult:
    """Parse, fetch (each distinct paper once, `settings.jobs` in parallel), audit and cross-check `paths`."""
    from claims.collect import parse_paths
    from verifier.audit.report import audit_report, default_embedder
    from verifier.engine.checker import ClaimChecker

    progress = progress or SilentProgress()
    started = time.perf_counter()
    reports, errors = parse_paths(list(paths))
    result = BatchResult(errors=list(errors))  # the caller reports them (once)
    papers, fetch_errors = fetch_papers(reports, settings, progress)
    for error in fetch_errors:
        progress.log(f"warning: {error}")
    result.papers = len(papers)
    memo = MemoEmbedder(embedder or default_embedder(settings))
    checker = SharedIndexChecker(ClaimChecker(memo))
    audits, audit_errors = audit_all(reports, lambda report: audit_report(report, papers, settings, checker=checker), progress)
    result.reports = [report for report, _ in audits]
    result.audits = [audit for _, audit in audits]
    result.errors += audit_errors
    add_inconsistent_marks(result.audits)
    result.embedded, result.indexes = memo.computed, checker.built
    result.seconds = time.perf_counter() - started
    progress.close()
    return result


def summary_rows(result: BatchResult) -> list[tuple[str, str]]:
    """(label, value) rows of the end-of-run summary: reports, claims, verdict counts, findings by code."""
    audits = result.audits
    rows = [
        ("reports audited", str(len(audits))),
        ("reports failed", str(len(result.errors))),
        ("distinct papers", str(result.papers)),
        ("claims", str(sum(len(audit.claims) for audit in audits))),
    ]
    counts = verdict_counts(audits)
    rows += [(f"  {verdict}", str(counts[verdict])) for verdict in (*VERDICTS, "unchecked") if verdict in counts]
    codes = findings_by_code(audits)
    rows.append(("findings", str(sum(codes.values()))))
    rows += [(f"  {code}", str(count)) for code, count in codes.items()]
    rows.append(("seconds", f"{result.seconds:.1f}"))
    return rows


def summary_table(result: BatchResult):
    """The summary as a rich Table (printed on stderr by the CLI)."""
    from rich.table import Table

    table = Table(title="claims-verifier batch summary", show_header=False, title_justify="left", min_width=34)
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in summary_rows(result):
        table.add_row(label, value)
    return table


def print_summary(result: BatchResult, stream) -> None:
    """Print the summary table on `stream` (colours only on a terminal)."""
    from rich.console import Console

    Console(file=stream, highlight=False).print(summary_table(result))
