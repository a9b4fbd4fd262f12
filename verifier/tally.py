"""Counts and small text pieces shared by the renderers and the gate: verdict tallies, findings by code, evidence
links, confidence text."""

from __future__ import annotations

import math
from collections import Counter

from verifier.models import VERDICTS, Audit, ClaimResult, Evidence


def verdict_counts(audits: list[Audit]) -> dict[str, int]:
    """How many claims got each verdict (every verdict present as a key; `unchecked` for claims without one)."""
    counts: Counter[str] = Counter(claim.verdict or "unchecked" for audit in audits for claim in audit.claims)
    tally = {verdict: counts.get(verdict, 0) for verdict in VERDICTS}
    if counts.get("unchecked"):
        tally["unchecked"] = counts["unchecked"]
    return tally


def findings_by_code(audits: list[Audit]) -> dict[str, int]:
    """How many findings of each code, sorted by code."""
    counts = Counter(finding.code for audit in audits for finding in audit.findings)
    return dict(sorted(counts.items()))


def disagreement_count(audit: Audit) -> int:
    """Claims whose ✓/× mark disagrees with our verdict."""
    return sum(1 for claim in audit.claims if claim.agrees_with_report is False)


def paper_label(evidence: Evidence) -> str:
    """`2005.13013v2`: the arXiv id with its version when known."""
    return f"{evidence.arxiv_id}{evidence.version or ''}"


def evidence_link(evidence: Evidence) -> str:
    """`https://arxiv.org/pdf/ID#page=N` for the cited version of the paper."""
    return f"https://arxiv.org/pdf/{paper_label(evidence)}#page={evidence.page}"


def best_evidence(claim: ClaimResult) -> Evidence | None:
    """The evidence passage the engine ranked first, if any."""
    return claim.evidence[0] if claim.evidence else None


def short_quote(text: str, limit: int = 100) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters (an ellipsis marks the cut)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def mark_symbol(verified: bool | None) -> str:
    """The report's own mark as a symbol: ✓, × or an en dash when it gave none."""
    if verified is None:
        return "–"
    return "✓" if verified else "×"


def confidence_text(value: float | None) -> str:
    """`0.87`, or an en dash when absent (or not a finite number: `inf` would not read back)."""
    return "–" if value is None or not math.isfinite(value) else f"{value:.2f}"


def report_label(audit: Audit) -> str:
    """The report's title, falling back to its source path."""
    return audit.report.title or audit.report.source
