"""Cross-report finding `inconsistent_mark`: the same claim (fuzzy-equal) marked ✓ in one report and × in another.

Two claims are fuzzy-equal when their token sets agree (rapidfuzz `token_set_ratio` ≥ 90 on normalised text), the
shorter has at least 60 % as many distinct words as the longer (a short claim inside a long compound is not the same
claim), and the numbers of one are contained in the other's (8.2 points and 7.5 points are different claims).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process, utils

from claims.models import Finding, Severity
from verifier.models import Audit, ClaimResult

SIMILARITY_CUTOFF = 90.0
MIN_WORD_SHARE = 0.6
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers(text: str) -> set[str]:
    return {number.replace(",", "") for number in _NUMBER.findall(text)}


def compatible(first: str, second: str) -> bool:
    """The word-share and number rules of the module doc (the similarity score is checked by the caller)."""
    words = [set(utils.default_process(text).split()) for text in (first, second)]
    shorter, longer = sorted(len(w) for w in words)
    if not longer or shorter / longer < MIN_WORD_SHARE:
        return False
    numbers = [_numbers(first), _numbers(second)]
    return numbers[0] <= numbers[1] or numbers[1] <= numbers[0]


def marked_pairs(audits: list[Audit]) -> list[tuple[int, ClaimResult, int, ClaimResult]]:
    """(audit index, ✓ claim, audit index, × claim) for every fuzzy-equal pair across different reports."""
    checked = [(i, c) for i, a in enumerate(audits) for c in a.claims if c.reported_verified is True]
    crossed = [(i, c) for i, a in enumerate(audits) for c in a.claims if c.reported_verified is False]
    if not checked or not crossed:
        return []
    scores = process.cdist(
        [c.text for _, c in checked], [c.text for _, c in crossed],
        scorer=fuzz.token_set_ratio, processor=utils.default_process, score_cutoff=SIMILARITY_CUTOFF, workers=1,
    )
    pairs = []
    for row, column in zip(*scores.nonzero()):
        (i, yes), (j, no) = checked[row], crossed[column]
        if audits[i].report.source != audits[j].report.source and compatible(yes.text, no.text):
            pairs.append((i, yes, j, no))
    return pairs


def inconsistent_mark_findings(audits: list[Audit]) -> list[list[Finding]]:
    """For each audit, the `inconsistent_mark` findings on its claims (one per claim and other report)."""
    found: list[list[Finding]] = [[] for _ in audits]
    seen: set[tuple[int, int, int]] = set()
    for i, yes, j, no in marked_pairs(audits):
        for here, claim, there, other, mark, other_mark in ((i, yes, j, no, "✓", "×"), (j, no, i, yes, "×", "✓")):
            if (here, claim.index, there) in seen:
                continue
            seen.add((here, claim.index, there))
            message = (
                f"Claim {claim.index} is marked {mark} here but the same claim is marked {other_mark} in "
                f"{audits[there].report.source} (line {other.line}); at most one of the marks can be right."
            )
            found[here].append(Finding(code="inconsistent_mark", severity=Severity.warning, message=message,
                                       line=claim.line, claim_index=claim.index))
    return found


def add_inconsistent_marks(audits: list[Audit]) -> int:
    """Append the cross-report findings to each audit; return how many were added."""
    added = 0
    for audit, findings in zip(audits, inconsistent_mark_findings(audits)):
        audit.findings.extend(findings)
        added += len(findings)
    return added
