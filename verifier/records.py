"""Turning a parsed `Report` into the contract's record shape (verdict fields empty until the engine fills them)."""

from __future__ import annotations

from claims.models import Report
from verifier.models import Audit, ClaimResult, ReferenceResult, ReportInfo


def audit_skeleton(report: Report) -> Audit:
    """The contract's object for `report` with no verdicts, statuses or evidence yet."""
    info = ReportInfo(
        source=report.source,
        title=report.title,
        date=report.date,
        examined_title=report.examined_title,
        research_question=report.research_question,
        stated=report.stated,
    )
    references = [
        ReferenceResult(arxiv_id=ref.arxiv_id, version=ref.version, url=ref.url, line=ref.line)
        for ref in report.references
    ]
    claims = [ClaimResult(**claim.model_dump()) for claim in report.claims]
    return Audit(report=info, references=references, claims=claims, findings=list(report.findings))
