"""What `verifier parse` prints: the contract's JSON records, or the claims as md, tsv or csv tables."""

from __future__ import annotations

import csv
import io
import math

from claims.cells import write_confidence, write_mark
from claims.models import Report
from claims.table_text import render_table
from verifier.errors import VerifierError
from verifier.escaping import csv_cell, data_text, json_text, markdown_name
from verifier.records import audit_skeleton

CLAIM_COLUMNS = ["#", "Line", "Claim", "Verified", "Confidence", "Truncated"]
CSV_COLUMNS = ["source", "index", "line", "page", "claim", "verified", "confidence", "truncated"]


def render_parsed(reports: list[Report], fmt: str, many: bool) -> str:
    """Render parsed reports. `json`: one contract object (verdict fields null) or, when `many`, an array;
    `md`: a pipe table per report under a `## source` heading; `tsv`: one table (a Source column when `many`);
    `csv`: one table with a source column. md and tsv tables parse back to the same claims. Report text in md, tsv
    and csv has no control characters (`data_text`), md headings escape the name and csv cells never start a
    formula (`csv_cell`)."""
    if fmt == "json":
        records = [audit_skeleton(report).model_dump(mode="json") for report in reports]
        return json_text(records if many else records[0]) + "\n"
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
        [str(claim.index), _where(claim.line, claim.page), data_text(claim.text), write_mark(claim.reported_verified),
         write_confidence(claim.reported_confidence), "yes" if claim.truncated else ""]
        for claim in report.claims
    ]


def _where(line: int, page: int | None) -> str:
    return f"{line}" if page is None else f"p{page}:{line}"


def _markdown_section(report: Report) -> str:
    table = render_table(CLAIM_COLUMNS, claim_cells(report), "pipe")
    return f"## {markdown_name(report.source)}\n\n" + "\n".join(table) + "\n"


def _tsv(reports: list[Report], many: bool) -> str:
    header = ["Source", *CLAIM_COLUMNS] if many else CLAIM_COLUMNS
    rows = [[data_text(report.source), *cells] if many else cells for report in reports for cells in claim_cells(report)]
    return "\n".join(render_table(header, rows, "tsv")) + "\n"


def _csv(reports: list[Report]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for report in reports:
        for claim in report.claims:
            verified = "" if claim.reported_verified is None else str(claim.reported_verified).lower()
            confidence = claim.reported_confidence
            confidence_cell = repr(confidence) if confidence is not None and math.isfinite(confidence) else ""
            cells = [data_text(report.source), claim.index, claim.line, claim.page or "", data_text(claim.text),
                     verified, confidence_cell, str(claim.truncated).lower()]
            writer.writerow([csv_cell(cell) for cell in cells])
    return buffer.getvalue()
