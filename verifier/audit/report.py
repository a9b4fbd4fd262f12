"""`verifier audit`: every claim of a report checked against the passages of the papers it cites.

`audit_report` is pure apart from the embedder's cache (no network): it takes the already fetched papers.
Parsing many reports and fetching each distinct cited paper once is `verifier.audit.batch.run_batch`.
"""

from __future__ import annotations

from claims.models import Report
from papers.models import EVIDENCE_KINDS, Paper, Passage
from verifier.audit.findings import (
    mark_findings,
    match_papers,
    reference_findings,
    title_finding,
    version_drift_finding,
)
from verifier.embedding.cache import CachedEmbedder, cached_embedder
from verifier.embedding.embedders import Embedder, load_embedder
from verifier.engine.checker import ClaimChecker, ClaimToCheck
from verifier.engine.judgement_store import Ruling
from verifier.models import Audit, ClaimResult
from verifier.records import audit_skeleton
from verifier.settings import Settings

NO_SOURCE = "No text of any cited paper was available; supply the papers with --papers or run without --offline."


def default_embedder(settings: Settings) -> CachedEmbedder:
    """The settings' model behind the embedding cache in the settings' cache folder."""
    return cached_embedder(load_embedder(settings.model), settings.cache_dir)


def _cited_papers(matched: list[Paper | None]) -> list[Paper]:
    chosen: dict[tuple[str, str | None], Paper] = {}
    for paper in matched:
        if paper is not None:
            chosen.setdefault((paper.arxiv_id, paper.version), paper)
    return list(chosen.values())


def _fill_references(audit: Audit, report: Report, matched: list[Paper | None]) -> None:
    for result, reference, paper in zip(audit.references, report.references, matched):
        if paper is None:
            result.status = "not_found" if reference.arxiv_id is None else "unavailable"
        else:
            result.status = paper.status
            result.title = paper.title


def agrees(reported: bool | None, verdict: str) -> bool | None:
    """The contract's rule: ✓ agrees with `supported`, × with any other verdict; no mark, or a claim that could not
    be checked (`unverifiable`), no answer."""
    if reported is None or verdict == "unverifiable":
        return None
    return reported == (verdict == "supported")


def audit_report(report: Report, papers: list[Paper], settings: Settings, embedder: Embedder | None = None,
                 checker: ClaimChecker | None = None) -> Audit:
    """The contract's audit of `report` against `papers` (fetched beforehand; no network here)."""
    audit = audit_skeleton(report)
    matched = match_papers(report.references, papers)  # once per report: each reference's paper
    _fill_references(audit, report, matched)
    cited = _cited_papers(matched)
    passages = [p for paper in cited if paper.status == "resolved" for p in paper.passages if p.kind in EVIDENCE_KINDS]
    if checker is None:
        checker = ClaimChecker(embedder or default_embedder(settings), settings=settings.engine)
    if passages:
        _judge_claims(audit, report, passages, cited, checker)
    else:
        for result in audit.claims:
            result.verdict, result.confidence, result.explanation = "unverifiable", None, NO_SOURCE
            result.agrees_with_report = agrees(result.reported_verified, "unverifiable")
    audit.findings.extend(reference_findings(report, audit, matched))
    finding = title_finding(report, cited)
    if finding:
        audit.findings.append(finding)
    audit.findings.extend(mark_findings(audit))
    return audit


def _judge_claims(audit: Audit, report: Report, passages: list[Passage], cited: list[Paper], checker: ClaimChecker) -> None:
    claims = [ClaimToCheck(c.text, c.truncated) for c in report.claims]
    rulings = checker.rulings(passages, claims)
    for result, ruling in zip(audit.claims, rulings):
        _apply(result, ruling.judgement)
    _check_other_versions(audit, claims, rulings, cited, checker)


def _apply(result: ClaimResult, judgement) -> None:
    result.verdict = judgement.verdict
    result.confidence = judgement.confidence
    result.evidence = judgement.evidence
    result.explanation = judgement.explanation
    result.agrees_with_report = agrees(result.reported_verified, judgement.verdict)


def _check_other_versions(audit: Audit, claims: list[ClaimToCheck], outcomes: list[Ruling], cited: list[Paper],
                          checker: ClaimChecker) -> None:
    """A claim the cited versions do not support, but another version of a cited paper does: `version_drift`."""
    others = [p for paper in cited for passages in paper.other_versions.values() for p in passages
              if p.kind in EVIDENCE_KINDS]
    pending = [i for i, o in enumerate(outcomes) if o.judgement.verdict != "supported"]
    if not others or not pending:
        return
    rechecked = checker.rulings(others, [claims[i] for i in pending])
    for i, outcome in zip(pending, rechecked):
        gain = outcome.probabilities["supported"] - outcomes[i].probabilities["supported"]
        if outcome.judgement.verdict == "supported" and gain > 0.2:
            audit.findings.append(version_drift_finding(audit.claims[i], outcome.judgement))
