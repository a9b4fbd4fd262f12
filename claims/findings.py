"""Findings about a parsed report, computed from the `Report` alone (one place for every caller):
`count_mismatch`, `truncated_claim`, `duplicate_claim`, `duplicate_reference`, `bad_confidence` and
`missing_section`.

Problems met while reading table cells (`malformed_row`, `bad_mark`, unreadable confidences) are found by the
table reader, because the raw cell text is gone afterwards.
"""

from __future__ import annotations

import re
from typing import Literal

from claims.limits import check_time
from claims.models import Claim, Finding, Report, Severity

CLAIM_WIDTH = 120
"""The width at which the report generator cuts claims (observed: 119-121 characters)."""
WIDTH_TOLERANCE = 8
DUPLICATE_SIMILARITY = 90.0
"""rapidfuzz `ratio` (0-100) at or above which two claims count as near-duplicates."""

_CLOSED = re.compile(r"(?:[.!?…][\"'”’)\]]*|[)\]\"”])\s*$")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"\b\w*[A-Z]\w*\b")

Truncation = Literal["width", "unpunctuated"]


def ends_sentence(text: str) -> bool:
    """The text ends with closing punctuation (`.`, `!`, `?`, `…`, maybe followed by a quote or bracket)."""
    return bool(_CLOSED.search(text))


def punctuated_style(texts: list[str]) -> bool:
    """Most claims of the report end with closing punctuation (so one that does not was probably cut)."""
    return sum(ends_sentence(text) for text in texts) * 2 > len(texts)


def truncation_kind(text: str, punctuated: bool) -> Truncation | None:
    """`width`: cut at the generator's width without closing punctuation; `unpunctuated`: shorter, but lacks the
    closing punctuation the report's other claims have; None: looks complete."""
    if ends_sentence(text):
        return None
    if len(text) >= CLAIM_WIDTH - WIDTH_TOLERANCE:
        return "width"
    return "unpunctuated" if punctuated else None


def mark_truncated(claims: list[Claim]) -> None:
    """Set each claim's `truncated` flag from its text and the report's punctuation style."""
    punctuated = punctuated_style([claim.text for claim in claims])
    for claim in claims:
        claim.truncated = truncation_kind(claim.text, punctuated) is not None


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Report-wide findings (no line) first, then by page, line and code."""
    return sorted(findings, key=lambda f: (f.line is not None, f.page or 0, f.line or 0, f.code))


def report_findings(report: Report) -> list[Finding]:
    """Every finding derivable from the parsed report, in a stable order."""
    return [
        *missing_sections(report),
        *count_mismatches(report),
        *truncations(report),
        *duplicates(report.claims),
        *duplicate_references(report),
        *bad_confidences(report.claims),
    ]


def duplicate_references(report: Report) -> list[Finding]:
    """`duplicate_reference` for each reference citing a paper (and version) already cited above it."""
    first: dict[tuple[str, str | None], int] = {}
    findings = []
    for reference in report.references:
        if reference.arxiv_id is None:
            continue
        key = (reference.arxiv_id, reference.version)
        if key in first:
            cited = f"{reference.arxiv_id}{reference.version or ''}"
            findings.append(Finding(code="duplicate_reference", severity=Severity.info, line=reference.line,
                                    page=reference.page,
                                    message=f"{cited} is cited again (first at line {first[key]})"))
        else:
            first[key] = reference.line
    return findings


def missing_sections(report: Report) -> list[Finding]:
    """One `missing_section` finding per part the report should have but does not."""
    checks = (
        (report.table is None, Severity.error, "no claims table found (a header with a Claim column)"),
        (report.title is None, Severity.warning, "no title line found"),
        (report.examined_title is None, Severity.warning, "no 'This paper examines: ...' sentence found"),
        (report.stated.claims_extracted is None, Severity.warning, "no stated claim counts ('N claims extracted') found"),
        ("references" not in report.section_lines and not report.references, Severity.warning, "no References section found"),
        ("references" not in report.section_lines and bool(report.references), Severity.info,
         "no References section found; arXiv ids written in the text are used as references"),
        (report.date is None, Severity.info, "no date found"),
        (report.abstract is None, Severity.info, "no Abstract section found"),
        (report.research_question is None, Severity.info, "no 'Research question: ...' found"),
    )
    return [Finding(code="missing_section", severity=severity, message=message) for absent, severity, message in checks if absent]


def count_mismatches(report: Report) -> list[Finding]:
    """`count_mismatch` when the stated claims or verified counts differ from the table."""
    if report.table is None:
        return []
    stated = report.stated
    found: list[Finding] = []
    rows = len(report.claims)
    ticked = sum(1 for claim in report.claims if claim.reported_verified)
    if stated.claims_extracted is not None and stated.claims_extracted != rows:
        found.append(_count_finding(report, f"report states {stated.claims_extracted} claims extracted but its table has {rows}"))
    if stated.claims_verified is not None and stated.claims_verified != ticked:
        found.append(_count_finding(report, f"report states {stated.claims_verified} claims verified but its table marks {ticked} with ✓"))
    return found


def _count_finding(report: Report, message: str) -> Finding:
    return Finding(code="count_mismatch", severity=Severity.error, message=message, line=report.stated.line,
                   page=report.section_pages.get("stated"))


def truncations(report: Report) -> list[Finding]:
    """`truncated_claim` for every claim flagged truncated (warning when cut at the width) and a cut abstract."""
    punctuated = punctuated_style([claim.text for claim in report.claims])
    found = [
        Finding(
            code="truncated_claim",
            severity=Severity.warning if truncation_kind(claim.text, punctuated) == "width" else Severity.info,
            message=f"claim {claim.index} is cut off after {len(claim.text)} characters: ...{claim.text[-30:]!r}",
            line=claim.line, page=claim.page, claim_index=claim.index,
        )
        for claim in report.claims
        if claim.truncated
    ]
    if report.abstract_truncated and report.abstract:
        found.append(Finding(
            code="truncated_claim", severity=Severity.info,
            message=f"the abstract is cut off after {len(report.abstract)} characters",
            line=report.section_lines.get("abstract"), page=report.section_pages.get("abstract"),
        ))
    return found


def duplicates(claims: list[Claim]) -> list[Finding]:
    """`duplicate_claim` for each claim that nearly repeats an earlier one with the same numbers and names.
    Claims are compared only within groups sharing numbers and names, so large tables stay fast."""
    groups: dict[tuple[frozenset[str], frozenset[str]], list[Claim]] = {}
    for claim in claims:
        groups.setdefault(_facts(claim.text), []).append(claim)
    found = [finding for group in groups.values() if len(group) > 1 for finding in _group_duplicates(group)]
    return sorted(found, key=lambda finding: finding.claim_index or 0)


def _group_duplicates(group: list[Claim]) -> list[Finding]:
    from rapidfuzz import fuzz

    texts = [" ".join(claim.text.lower().split()) for claim in group]
    found: list[Finding] = []
    for later in range(1, len(group)):
        check_time(group[later].line)
        for earlier in range(later):
            shortest, total = min(len(texts[earlier]), len(texts[later])), len(texts[earlier]) + len(texts[later])
            if 200 * shortest < DUPLICATE_SIMILARITY * total:
                continue  # ratio can never reach the threshold with lengths this far apart
            score = fuzz.ratio(texts[earlier], texts[later], score_cutoff=DUPLICATE_SIMILARITY)
            if score:
                found.append(Finding(
                    code="duplicate_claim", severity=Severity.warning,
                    message=f"claim {group[later].index} nearly repeats claim {group[earlier].index} ({score:.0f}% similar)",
                    line=group[later].line, page=group[later].page, claim_index=group[later].index,
                ))
                break
    return found


def _facts(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The numbers and names a claim states: near-identical wording about other numbers or names
    (SQuAD 8.2 vs MNLI 7.5) is not a duplicate."""
    return frozenset(_NUMBER.findall(text)), frozenset(_names(text))


def _names(text: str) -> set[str]:
    """Capitalised words other than the first word (entity names such as SQuAD, MNLI, XLM-R)."""
    words = _NAME.findall(text)
    first = text.split()[0] if text.split() else ""
    return {word for word in words if word != first}


def bad_confidences(claims: list[Claim]) -> list[Finding]:
    """`bad_confidence` for confidences outside 0..1."""
    return [
        Finding(code="bad_confidence", severity=Severity.warning,
                message=f"claim {claim.index}: confidence {claim.reported_confidence:g} is outside 0..1",
                line=claim.line, page=claim.page, claim_index=claim.index)
        for claim in claims
        if claim.reported_confidence is not None and not 0.0 <= claim.reported_confidence <= 1.0
    ]
