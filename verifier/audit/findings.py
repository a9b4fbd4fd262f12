"""Report-level findings of an audit: missing or unreadable references, a title that matches no cited paper,
marks that disagree with the verdicts, and claims that match another version of a cited paper."""

from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from claims.models import Finding, Reference, Report, Severity
from papers.models import Paper
from verifier.models import Audit, ClaimResult

TITLE_MATCH = 88.0  # rapidfuzz token_set_ratio at or above which two titles name the same paper


def paper_for(reference: Reference, papers: list[Paper]) -> Paper | None:
    """The fetched paper for a reference: same id, the cited version when present."""
    same = [p for p in papers if reference.arxiv_id and p.arxiv_id == reference.arxiv_id]
    exact = [p for p in same if reference.version is None or p.version == reference.version]
    return (exact or same or [None])[0]


def reference_findings(report: Report, audit: Audit, papers: list[Paper]) -> list[Finding]:
    """`reference_not_found` (error) and `reference_unavailable` (warning), one per affected reference."""
    findings = []
    for reference, result in zip(report.references, audit.references):
        paper = paper_for(reference, papers)
        reason = (paper.message if paper and paper.message else "").rstrip(".")
        if result.status == "not_found":
            why = reason or ("it is not an arXiv identifier" if reference.arxiv_id is None else "arXiv has no such paper or version")
            findings.append(Finding(code="reference_not_found", severity=Severity.error, line=reference.line,
                                    message=f"Reference {reference.url} was not found: {why}; fix or remove the citation."))
        elif result.status == "unavailable":
            why = reason or "no local source and no download"
            findings.append(Finding(code="reference_unavailable", severity=Severity.warning, line=reference.line,
                                    message=f"Reference {reference.url} could not be read ({why}); claims were checked "
                                            "against the other sources only."))
    return findings


def titles_match(a: str, b: str) -> bool:
    x, y = default_process(a), default_process(b)
    return bool(x and y) and (fuzz.token_set_ratio(x, y) >= TITLE_MATCH or fuzz.ratio(x, y) >= TITLE_MATCH)


def title_finding(report: Report, cited: list[Paper]) -> Finding | None:
    """`title_mismatch` when the examined title matches none of the cited papers' titles (known titles only)."""
    titles = [p.title for p in cited if p.title]
    if not report.examined_title or not titles:
        return None
    if any(titles_match(report.examined_title, t) for t in titles):
        return None
    closest = max(titles, key=lambda t: fuzz.token_set_ratio(default_process(report.examined_title), default_process(t)))
    return Finding(code="title_mismatch", severity=Severity.error, line=report.section_lines.get("examined_title"),
                   message=f"The examined paper \u201c{report.examined_title}\u201d matches none of the cited papers "
                           f"(closest: \u201c{closest}\u201d); cite the examined paper or correct the title.")


def mark_findings(audit: Audit) -> list[Finding]:
    """`mark_disagrees` for every claim whose ✓/× disagrees with its verdict. An `unverifiable` claim (no source
    text at all) gets none: nothing was checked, and the `reference_unavailable` findings already say why."""
    findings = []
    for claim in audit.claims:
        if claim.agrees_with_report is not False or claim.verdict == "unverifiable":
            continue
        if claim.reported_verified:
            message = f"Claim {claim.index} is marked \u2713 but is {claim.verdict}: {claim.explanation}"
        else:
            place = f"{claim.evidence[0].arxiv_id}{claim.evidence[0].version or ''} p. {claim.evidence[0].page}" \
                if claim.evidence else "a cited paper"
            message = f"Claim {claim.index} is marked \u00d7 but {place} states it; mark it \u2713."
        findings.append(Finding(code="mark_disagrees", severity=Severity.warning, line=claim.line,
                                claim_index=claim.index, message=message))
    return findings


def version_drift_finding(claim: ClaimResult, other) -> Finding:
    """The claim is stated in another version of a cited paper, not in the cited one."""
    evidence = other.evidence[0]
    cited = ", ".join(sorted({f"{e.arxiv_id}{e.version or ''}" for e in claim.evidence})) or "the cited version"
    return Finding(code="version_drift", severity=Severity.warning, line=claim.line, claim_index=claim.index,
                   message=f"Claim {claim.index} is stated in {evidence.arxiv_id}{evidence.version or ''} "
                           f"p. {evidence.page} but not in {cited}; cite the version it comes from.")
