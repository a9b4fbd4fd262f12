"""Hand-built reports and audits for the renderer, table, check and batch tests (no parser or engine needed).

The layouts are found by plain line scanning, an obvious reference independent of the real parser.
"""

from __future__ import annotations

from claims.models import Claim, Finding, Reference, Report, Severity, StatedCounts, TableLayout
from verifier.models import Audit, ClaimResult, Evidence, ReferenceResult, ReportInfo

TSV_REPORT = (
    "\n\nIntermediate Tasks & <Transfer>\n\nAssignee Research\n\nJune 25, 2026\n\n"
    "1 Introduction\n\nThis paper examines: English Intermediate-Task Training Improves Zero-Shot Cross-Lingual "
    "Transfer Too. Research question: Does it help?.\n\n"
    "3 Results\n\n13 papers retrieved. 4 claims extracted; 3 independently verified. Quality review score: 7.0/10.\n\n"
    "5 Extracted Claims\n\n"
    "Claim\tVerified\tConfidence\n"
    "Intermediate-task training on SQuAD yields a target-task improvement of 8.2 points on the development set.\t✓\t0.19\n"
    "The MNLI intermediate task contains 392,702 training examples.\t×\t0.09\n"
    "XNLI does not see benefits from intermediate training.\t✓\t0.15\n"
    "Applying intermediate-task training to BUCC and Tatoeba yields dramatic improvements with almost every intermediate tra\t✓\t0.21\n"
    "\nReferences\n\n- <http://arxiv.org/abs/2005.13013v2>\n\n- <http://arxiv.org/abs/2104.07412v2>"
)

PIPE_REPORT = (
    "\n\nSemantic Similarity | Degradation\n\nAssignee Research\n\nJune 29, 2026\n\n"
    "3 Results\n\n14 papers retrieved. 3 claims extracted; 3 independently verified. Quality review score: 9.2/10.\n\n"
    "5 Extracted Claims\n\n"
    "| Claim | Verified | Confidence |\n"
    "|---|----------|------------|\n"
    "| Multi-task intermediate-task training on all 9 tasks performs best, improving by 8.7 points. | ✓ | 0.25 |\n"
    "| XLM-R \\| mBERT comparison shows XLM-R wins on average by 5.4 points. | ✓ | 0.33 |\n"
    "| We study the effect of intermediate-task training (STILTs; Phang et al., 2018) with nine different English intermediate | ✓ | 0.28 |\n"
    "\nReferences\n\n- <http://arxiv.org/abs/2005.13013v2>\n"
)

VERDICTS_TSV = [("supported", 0.91), ("supported", 0.88), ("contradicted", 0.83), ("unsupported", 0.4)]
VERDICTS_PIPE = [("supported", 0.77), ("contradicted", 0.7), ("partial", 0.55)]


def _numbered(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def build_report(text: str, source: str) -> Report:
    """A Report for one of the sample texts, its table located by scanning lines."""
    lines = _numbered(text)
    header = next(n for n, line in enumerate(lines, 1) if line.replace("|", " ").split()[:1] == ["Claim"])
    pipe = lines[header - 1].lstrip().startswith("|")
    first = header + (2 if pipe else 1)
    last = first
    while last < len(lines) and lines[last].strip():
        last += 1
    claims = []
    for index, number in enumerate(range(first, last + 1), start=1):
        row = lines[number - 1]
        cells = [c.strip() for c in (row.strip().strip("|").replace("\\|", "\x00").split("|") if pipe else row.split("\t"))]
        text_cell = cells[0].replace("\x00", "|")
        claims.append(Claim(index=index, line=number, text=text_cell, truncated=not text_cell.endswith("."),
                            reported_verified=cells[1] == "✓", reported_confidence=float(cells[2])))
    stated_line = next(n for n, line in enumerate(lines, 1) if "claims extracted" in line)
    stated_words = lines[stated_line - 1].split()
    stated = StatedCounts(claims_extracted=int(stated_words[stated_words.index("claims") - 1]),
                          claims_verified=int(stated_words[stated_words.index("independently") - 1]), line=stated_line)
    references = [Reference(arxiv_id=line.split("/abs/")[1][:10], version=line.rstrip(">")[-2:], url=line[3:-1], line=n)
                  for n, line in enumerate(lines, 1) if "/abs/" in line]
    layout = TableLayout(style="pipe" if pipe else "tsv", columns=["Claim", "Verified", "Confidence"], header_line=header,
                         separator_line=header + 1 if pipe else None, first_row_line=first, last_row_line=last)
    return Report(source=source, title=lines[2].strip(), date="2026-06-25", stated=stated, claims=claims,
                  references=references, table=layout)


def build_audit(report: Report, verdicts: list[tuple[str, float]], findings: list[Finding] | None = None) -> Audit:
    """An Audit of `report` with the given (verdict, confidence) per claim and deterministic evidence."""
    claims = []
    for claim, (verdict, confidence) in zip(report.claims, verdicts):
        evidence = [] if verdict in ("unsupported", "unverifiable") else [
            Evidence(arxiv_id="2005.13013", version="v2", page=claim.index + 2,
                     quote=f"We find that {claim.text[:60]} <b>& more</b> | tab\there.", lexical=0.8, semantic=0.7)
        ]
        claims.append(ClaimResult(
            **claim.model_dump(), verdict=verdict, confidence=confidence, evidence=evidence,
            agrees_with_report=(verdict == "supported") == bool(claim.reported_verified),
            explanation=f"Sample explanation for claim {claim.index}.",
        ))
    info = ReportInfo(source=report.source, title=report.title, date=report.date, stated=report.stated)
    references = [ReferenceResult(arxiv_id=r.arxiv_id, version=r.version, url=r.url, status="resolved",
                                  title="English Intermediate-Task Training Improves Zero-Shot Cross-Lingual Transfer Too",
                                  line=r.line) for r in report.references]
    return Audit(report=info, references=references, claims=claims, findings=list(findings or []))


def finding(code: str, severity: str = "error", line: int | None = 17, claim_index: int | None = None) -> Finding:
    """A finding with a fixed message naming its code."""
    return Finding(code=code, severity=Severity(severity), message=f"Sample {code} finding.", line=line,
                   claim_index=claim_index)


def tsv_case(source: str = "reports/sample-tsv.txt") -> tuple[Report, Audit]:
    """The TSV sample with two findings (one error, one warning)."""
    report = build_report(TSV_REPORT, source)
    findings = [finding("count_mismatch", "error", report.stated.line),
                finding("truncated_claim", "warning", report.claims[3].line, claim_index=4)]
    return report, build_audit(report, VERDICTS_TSV, findings)


def pipe_case(source: str = "reports/sample-pipe.md") -> tuple[Report, Audit]:
    """The pipe sample with no findings."""
    report = build_report(PIPE_REPORT, source)
    return report, build_audit(report, VERDICTS_PIPE)
