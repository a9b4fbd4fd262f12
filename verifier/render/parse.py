"""What `verifier parse` prints: the contract's JSON records, or the claims as md, tsv or csv tables."""

from __future__ import annotations

import csv
import io
import json

from claims.cells import write_confidence, write_mark
from claims.models import Report
from claims.table_text import render_table
from verifier.errors import VerifierError
from verifier.audit.records import audit_skeleton

CLAIM_COLUMNS = ["#", "Line", "Claim", "Verified", "Confidence", "Truncated"]
CSV_COLUMNS = ["source", "index", "line", "page", "claim", "verified", "confidence", "truncated"]


def render_parsed(reports: list[Report], fmt: str, many: bool) -> str:
    """Render parsed reports. `json`: one contract object (verdict fields null) or, when `many`, an array;
    `md`: a pipe table per report under a `## source` heading; `tsv`: one table (a Source column when `many`);
    `csv`: one table with a source column. md and tsv tables parse back to the same claims."""
    if fmt == "json":
        records = [audit_skeleton(report).model_dump(mode="json") for report in reports]
        return json.dumps(records if many else records[0], ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return "\n".join(_markdown_section(report) for report in reports)
    if fmt == "tsv":
        return _tsv(reports, many)
    if fmt == "csv":
        return _csv(reports)
    raise VerifierError(f"unknown output format {fmt!r}; use json, md, tsv or csv")


def claim_cells(report: Report) -> list[list[str]]:
    """One row of CLAIM_COLUMNS cells per claim."""
    return [
        [str(claim.index), _where(claim.line, claim.page), claim.text, write_mark(claim.reported_verified),
         write_confidence(claim.reported_confidence), "yes" if claim.truncated else ""]
        for claim in report.claims
    ]


def _where(line: int, page: int | None) -> str:
    return f"{line}" if page is None else f"p{page}:{line}"


def _markdown_section(report: Report) -> str:
    table = render_table(CLAIM_COLUMNS, claim_cells(report), "pipe")
    return f"## {report.source}\n\n" + "\n".join(table) + "\n"


def _tsv(reports: list[Report], many: bool) -> str:
    header = ["Source", *CLAIM_COLUMNS] if many else CLAIM_COLUMNS
    rows = [[report.source, *cells] if many else cells for report in reports for cells in claim_cells(report)]
    return "\n".join(render_table(header, rows, "tsv")) + "\n"


def _csv(reports: list[Report]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for report in reports:
        for claim in report.claims:
            verified = "" if claim.reported_verified is None else str(claim.reported_verified).lower()
            confidence = "" if claim.reported_confidence is None else repr(claim.reported_confidence)
            writer.writerow([report.source, claim.index, claim.line, claim.page or "", claim.text, verified, confidence,
                             str(claim.truncated).lower()])
    return buffer.getvalue()
