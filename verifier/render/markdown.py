"""The audit as Markdown: a summary, the findings, the references, then every claim with its evidence."""

from __future__ import annotations

from verifier.escaping import markdown_name, markdown_text
from verifier.models import VERDICTS, Audit, ClaimResult
from verifier.tally import (
    confidence_text,
    disagreement_count,
    evidence_link,
    findings_by_code,
    mark_symbol,
    paper_label,
    report_label,
    verdict_counts,
)


def escape_md(text: str) -> str:
    """`text` on one line with no control character, Markdown's active characters backslash-escaped and `<`, `>`,
    `&` as entities (no HTML, links or emphasis leak through); see `verifier.escaping.markdown_text`."""
    return markdown_text(text)


def render_markdown(audits: list[Audit]) -> str:
    """One Markdown document for all `audits` (an overview table first when there are several)."""
    parts = [_overview(audits)] if len(audits) > 1 else []
    parts.extend(_report_section(audit) for audit in audits)
    return "\n\n---\n\n".join(parts) + "\n"


def _overview(audits: list[Audit]) -> str:
    header = "| report | claims | " + " | ".join(VERDICTS) + " | marks disagree | findings |"
    rule = "|" + "---|" * (len(VERDICTS) + 4)
    rows = [header, rule]
    for audit in audits:
        counts = verdict_counts([audit])
        cells = [escape_md(audit.report.source), str(len(audit.claims))]
        cells += [str(counts[verdict]) for verdict in VERDICTS]
        cells += [str(disagreement_count(audit)), str(len(audit.findings))]
        rows.append("| " + " | ".join(cells) + " |")
    return f"# Audit of {len(audits)} reports\n\n" + "\n".join(rows)


def _report_section(audit: Audit) -> str:
    blocks = [_heading(audit), _summary(audit), _findings(audit), _references(audit), _claims(audit)]
    return "\n\n".join(block for block in blocks if block)


def _heading(audit: Audit) -> str:
    info = audit.report
    lines = [f"# Audit: {escape_md(report_label(audit))}", "", _source_line(info.source)]
    if info.date:
        lines.append(f"- Date: {escape_md(info.date)}")
    if info.examined_title:
        lines.append(f"- Examined paper: {escape_md(info.examined_title)}")
    if info.research_question:
        lines.append(f"- Research question: {escape_md(info.research_question)}")
    return "\n".join(lines)


def _source_line(source: str) -> str:
    """`- Source: `path`` for an ordinary path; any other name as escaped Markdown text (no newline, no tag)."""
    name = markdown_name(source)
    return f"- Source: `{name}`" if name == source else f"- Source: {name}"


def _summary(audit: Audit) -> str:
    counts = verdict_counts([audit])
    stated = audit.report.stated
    verdicts = ", ".join(f"{counts[v]} {v}" for v in VERDICTS)
    lines = [
        "## Summary",
        "",
        f"- Claims: {len(audit.claims)} ({verdicts})",
        f"- Report's marks: {sum(1 for c in audit.claims if c.reported_verified)} ✓ of {len(audit.claims)};"
        f" {disagreement_count(audit)} disagree with our verdict",
    ]
    if stated.claims_extracted is not None or stated.claims_verified is not None:
        lines.append(
            f"- Stated: {_number(stated.claims_extracted)} claims extracted;"
            f" {_number(stated.claims_verified)} independently verified"
        )
    by_code = findings_by_code([audit])
    if by_code:
        lines.append("- Findings: " + ", ".join(f"{n} `{code}`" for code, n in by_code.items()))
    return "\n".join(lines)


def _number(value: int | None) -> str:
    return "?" if value is None else str(value)


def _findings(audit: Audit) -> str:
    if not audit.findings:
        return "## Findings\n\nNone."
    lines = ["## Findings", ""]
    for finding in audit.findings:
        where = f" (line {finding.line})" if finding.line else ""
        lines.append(f"- **{finding.severity.value}** `{finding.code}`{where}: {escape_md(finding.message)}")
    return "\n".join(lines)


def _references(audit: Audit) -> str:
    if not audit.references:
        return ""
    lines = ["## References", "", "| arXiv | version | status | title |", "|---|---|---|---|"]
    for ref in audit.references:
        cells = [ref.arxiv_id or escape_md(ref.url), ref.version or "–", ref.status or "–", escape_md(ref.title or "–")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _claims(audit: Audit) -> str:
    if not audit.claims:
        return "## Claims\n\nThe report has no claims table."
    return "## Claims\n\n" + "\n\n".join(_claim(claim) for claim in audit.claims)


def _claim(claim: ClaimResult) -> str:
    verdict = claim.verdict or "unchecked"
    agree = {True: "agrees", False: "**disagrees**", None: "–"}[claim.agrees_with_report]
    if verdict == "unverifiable":
        agree = "not checked"
    lines = [
        f"### {claim.index}. {verdict} ({confidence_text(claim.confidence)}) — line {claim.line}",
        "",
        f"> {escape_md(claim.text)}{' …' if claim.truncated else ''}",
        "",
        f"- Verdict: **{verdict}**, confidence {confidence_text(claim.confidence)}",
        f"- Report: {mark_symbol(claim.reported_verified)} {confidence_text(claim.reported_confidence)} ({agree})",
    ]
    if claim.explanation:
        lines.append(f"- Why: {escape_md(claim.explanation)}")
    if claim.replication is not None:
        lines.append(f"- Replication: **{claim.replication.label}**: {escape_md(claim.replication.explanation)}")
    for evidence in claim.evidence[:3]:
        lines.append(
            f"- Evidence: [{paper_label(evidence)} p. {evidence.page}]({evidence_link(evidence)}):"
            f" “{escape_md(evidence.quote)}”"
        )
    if not claim.evidence:
        lines.append("- Evidence: none found")
    return "\n".join(lines)
