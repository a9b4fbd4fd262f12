"""Report-level findings of an audit: missing or unreadable references, a title that matches no cited paper,
marks that disagree with the verdicts, and claims that match another version of a cited paper."""

from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from claims.models import Finding, Reference, Report, Severity
from papers.models import Paper
from verifier.models import Audit, ClaimResult

TITLE_MATCH = 88.0  # rapidfuzz token_set_ratio at or above which two titles name the same paper


def match_papers(references: list[Reference], papers: list[Paper]) -> list[Paper | None]:
    """The fetched paper of each reference (None when there is none), in one pass over `papers`: same id, then the
    cited version itself, else a paper that stood in for it (`cited_version`), else any version of it."""
    by_id: dict[str, list[Paper]] = {}
    for paper in papers:
        by_id.setdefault(paper.arxiv_id, []).append(paper)
    return [_best_version(reference, by_id.get(reference.arxiv_id, [])) if reference.arxiv_id else None
            for reference in references]


def _best_version(reference: Reference, same: list[Paper]) -> Paper | None:
    if reference.version is not None:
        for matches in (lambda p: p.version == reference.version and p.cited_version is None,
                        lambda p: p.cited_version == reference.version,
                        lambda p: p.version == reference.version):
            found = next((paper for paper in same if matches(paper)), None)
            if found is not None:
                return found
    return same[0] if same else None


def paper_for(reference: Reference, papers: list[Paper]) -> Paper | None:
    """The fetched paper for one reference (see `match_papers`, which matches a whole report at once)."""
    return match_papers([reference], papers)[0]


def substitution_message(reference: Reference, paper: Paper) -> str:
    """The `version_substituted` message: which version was cited, which one was read and from where."""
    read = f"{paper.arxiv_id}{paper.version or ''}"
    return (f"Reference {reference.url} cites {paper.arxiv_id}{paper.cited_version}, but only {read} was available "
            f"({paper.source or 'a local source'}); claims were checked against {paper.version or read}.")


def reference_findings(report: Report, audit: Audit, matched: list[Paper | None]) -> list[Finding]:
    """`reference_not_found` (error), `reference_unavailable` (warning) and `version_substituted` (warning: another
    version of the paper stood in for the cited one), one per affected reference. `matched` is each reference's
    paper (`match_papers`)."""
    findings = []
    readable = sum(1 for result in audit.references if result.status == "resolved")
    for reference, result, paper in zip(report.references, audit.references, matched):
        reason = (paper.message if paper and paper.message else "").rstrip(".")
        if result.status == "not_found":
            why = reason or ("it is not an arXiv identifier" if reference.arxiv_id is None else "arXiv has no such paper or version")
            findings.append(Finding(code="reference_not_found", severity=Severity.error, line=reference.line,
                                    message=f"Reference {reference.url} was not found: {why}; fix or remove the citation."))
        elif result.status == "resolved" and paper is not None and paper.cited_version:
            findings.append(Finding(code="version_substituted", severity=Severity.warning, line=reference.line,
                                    message=substitution_message(reference, paper)))
        elif result.status == "unavailable":
            why = reason or "no local source and no download"
            scope = ("claims were checked against the other sources only" if readable
                     else "no other cited paper could be read either, so no claim was checked")
            findings.append(Finding(code="reference_unavailable", severity=Severity.warning, line=reference.line,
                                    message=f"Reference {reference.url} could not be read ({why}); {scope}."))
    return findings


def titles_match(a: str, b: str) -> bool:
    x, y = default_process(a), default_process(b)
    return bool(x and y) and (fuzz.token_set_ratio(x, y) >= TITLE_MATCH or fuzz.ratio(x, y) >= TITLE_MATCH)


def title_finding(report: Report, cited: list[Paper]) -> Finding | None:
    """`title_mismatch` when the examined title matches none of the cited papers' titles (known titles only)."""
    titles = [p.title for p in cited if p.title]
    examined = report.examined_title
    if not examined or not titles:
        return None
    if any(titles_match(examined, t) for t in titles):
        return None
    closest = max(titles, key=lambda t: fuzz.token_set_ratio(default_process(examined), default_process(t)))
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
