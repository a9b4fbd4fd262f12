"""Audit many reports in one run: parse them all (a broken report is reported and skipped), fetch every distinct
cited paper once with up to `jobs` fetches in parallel, audit each report against the shared papers, then add the
cross-report `inconsistent_mark` findings and summarise."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claims.models import Reference, Report
from papers.models import Paper
from verifier.audit.cross_report import add_inconsistent_marks
from verifier.audit.library import open_library
from verifier.models import VERDICTS, Audit
from verifier.progress import Progress, SilentProgress
from verifier.settings import Settings
from verifier.tally import findings_by_code, verdict_counts


@dataclass
class BatchResult:
    """Audits in input order (with the parsed reports they came from), the errors of inputs that could not be read
    or audited, the number of distinct papers cited, texts embedded, passage indexes built, claims judged afresh,
    and the wall time."""

    audits: list[Audit] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    errors: list[Exception] = field(default_factory=list)
    papers: int = 0
    embedded: int = 0
    indexes: int = 0
    checked: int = 0  # claims judged by the engine (the others were remembered from an earlier run)
    seconds: float = 0.0
    audit_seconds: list[float] = field(default_factory=list)
    """Time spent auditing each report of `audits` (same order; the shared fetch is not included)."""
    warnings: list[str] = field(default_factory=list)
    """What the paper library refused while fetching (local files that link out of their folder, FIFOs, devices)."""


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


def audit_all(
    reports: list[Report], audit_one: Callable[[Report], Audit], progress: Progress
) -> tuple[list[tuple[Report, Audit]], list[Exception]]:
    """Audit each report; one that fails is reported and the others go on."""
    from claims.errors import ClaimsError
    from papers.errors import PapersError
    from verifier.errors import VerifierError

    audits: list[tuple[Report, Audit]] = []
    errors: list[Exception] = []
    progress.stage("audit", len(reports))
    for report in reports:
        try:
            audits.append((report, audit_one(report)))
            progress.advance(report.source)
        except (ClaimsError, PapersError, VerifierError, OSError) as error:
            errors.append(VerifierError(f"{report.source}: {error}") if not str(error).startswith(report.source) else error)
            progress.advance(f"{report.source} (failed)")
    return audits, errors


def fetch_papers(reports: list[Report], settings: Settings, progress: Progress,
                 warnings: list[str] | None = None, on_extract: Callable[[], None] | None = None) -> list[Paper]:
    """Every distinct paper cited by `reports`, each fetched once, `settings.jobs` at a time, through the library's
    one fetch loop (a paper that cannot be fetched comes back `unavailable` with the reason). The library's
    warnings (local files refused) are added to `warnings` when given; `on_extract` is called once before the
    first paper is extracted (none is when all are cached)."""
    references = distinct_references(reports)
    progress.stage("fetch", len(references))
    if not references:
        return []

    def advance(paper: Paper) -> None:
        label = f"{paper.arxiv_id}{paper.version or ''}"
        progress.advance(label if paper.status == "resolved" else f"{label} ({paper.status}: {paper.message})")

    with open_library(settings, progress=advance, on_extract=on_extract) as library:
        papers = library.get_many([(r.arxiv_id, r.version) for r in references if r.arxiv_id], jobs=settings.jobs)
        if warnings is not None:
            warnings.extend(library.warnings())
        return papers


def run_batch(paths: list[Path], settings: Settings, *, embedder=None, progress: Progress | None = None) -> BatchResult:
    """Parse, fetch (each distinct paper once, `settings.jobs` in parallel), audit and cross-check `paths`."""
    from claims.collect import parse_paths
    from verifier.audit.report import audit_report, default_embedder
    from verifier.embedding.cache import cached_embedder
    from verifier.engine.checker import ClaimChecker
    from verifier.engine.judgement_store import JUDGEMENTS_FILE, JudgementStore

    progress = progress or SilentProgress()
    started = time.perf_counter()
    reports, errors = parse_paths(list(paths))
    result = BatchResult(errors=list(errors))  # the caller reports them (once)
    cached = cached_embedder(embedder) if embedder is not None else default_embedder(settings)
    # new papers are extracted in worker processes: meanwhile this one gets the model ready for their passages
    papers = fetch_papers(reports, settings, progress, result.warnings, on_extract=cached.prepare)
    result.papers = len({paper.arxiv_id for paper in papers})  # cited with and without version: one paper
    if embedder is not None:  # a caller's embedder: kept in memory only, and so are its judgements
        checker = ClaimChecker(cached, settings=settings.engine)
    else:  # the settings' model: embeddings and judgements remembered in the cache folder
        store = JudgementStore(settings.cache_dir / JUDGEMENTS_FILE)
        checker = ClaimChecker(cached, settings=settings.engine, store=store)
    def audit_one(report: Report) -> Audit:
        began = time.perf_counter()
        audit = audit_report(report, papers, settings, checker=checker)
        result.audit_seconds.append(time.perf_counter() - began)
        return audit

    try:
        audits, audit_errors = audit_all(reports, audit_one, progress)
    finally:
        if checker.store is not None:
            checker.store.close()
    result.reports = [report for report, _ in audits]
    result.audits = [audit for _, audit in audits]
    result.errors += audit_errors
    add_inconsistent_marks(result.audits)
    result.embedded, result.indexes, result.checked = cached.computed, checker.indexes_built, checker.claims_checked
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
    """Print the summary table on `stream` (escape sequences only on a terminal without NO_COLOR; nothing with -q)."""
    from verifier.terminal import is_quiet, rich_console

    if not is_quiet():
        rich_console(stream, highlight=False).print(summary_table(result))
