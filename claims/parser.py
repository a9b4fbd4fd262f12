"""The report parser: text, bytes or a file in, a `Report` with its findings out."""

from __future__ import annotations

from pathlib import Path

from claims.decoding import check_length, check_size, decode_report, read_limited
from claims.document import SourceLine, split_lines, split_sections
from claims.errors import ClaimsError, NotAReportError, printable_path
from claims.findings import ends_sentence, mark_truncated, report_findings, sort_findings
from claims.limits import check_time, time_budget
from claims.models import Finding, Report
from claims.prose import (
    prose_paragraphs,
    read_abstract,
    read_date,
    read_examined_title,
    read_research_question,
    read_stated_counts,
    read_title,
)
from claims.references import read_references, references_in_text
from claims.tables import find_claims_table

REPORT_SUFFIXES = (".txt", ".md", ".pdf")
_PDF_MAGIC = b"%PDF-"


def parse_text(text: str, source: str = "<text>") -> Report:
    """Parse a report given as text. Raises ClaimsError when it is empty, too long or not a report."""
    check_length(len(text), source)
    with time_budget(source):
        lines = split_lines(text, source)
        if not any(line.text.strip() for line in lines):
            raise ClaimsError("file is empty", path=source)
        return parse_lines(lines, source)


def parse_bytes(data: bytes, source: str = "<bytes>") -> Report:
    """Parse a report given as bytes: PDF when it starts with `%PDF-`, else text (UTF-8, cp1252/latin-1 fallback)."""
    check_length(len(data), source)
    with time_budget(source):
        if data.lstrip().startswith(_PDF_MAGIC):
            return _parse_pdf(data, source)
        return parse_text(decode_report(data, source), source)


def parse_file(path: Path, source: str | None = None) -> Report:
    """Parse a `.txt`, `.md` or `.pdf` report. `source` (default: the path as given) names it in records and errors.
    Raises ClaimsError naming the file (and line where known) for anything that is not a readable report."""
    path = Path(path)
    source = source or printable_path(path)
    if not path.exists():
        raise ClaimsError("no such file or folder", path=source)
    if path.is_dir():
        raise ClaimsError("is a folder, not a report file", path=source)
    if path.suffix.lower() not in REPORT_SUFFIXES:
        raise ClaimsError(f"unsupported file type {path.suffix or '(none)'!r}; reports are .txt, .md or .pdf", path=source)
    try:
        check_size(path)
        with time_budget(source):
            if path.suffix.lower() == ".pdf":
                return _parse_pdf(read_limited(path), source)
            return parse_bytes(read_limited(path), source)
    except OSError as error:
        raise ClaimsError(f"cannot read file: {error.strerror or error}", path=source) from None


def _parse_pdf(pdf: bytes, source: str) -> Report:
    from claims.pdf_text import pdf_lines

    lines, page_count = pdf_lines(pdf, source)
    report = parse_lines(lines, source, spaced=True)
    report.pages = page_count
    return report


def parse_lines(lines: list[SourceLine], source: str, *, spaced: bool = False) -> Report:
    """Parse numbered lines (from text or PDF) into a Report with findings.
    `spaced=True` (PDF text) also accepts tables whose columns are separated by spaces."""
    table = find_claims_table(lines, spaced=spaced)
    check_time()
    occupied = table.occupied if table else set()
    sections = split_sections(lines, skip=frozenset(occupied))
    paras = prose_paragraphs(sections, exclude=("references", "claims"))
    report = Report(source=source, table=table.layout if table else None, claims=table.claims if table else [])
    found = {
        "title": read_title(lines, occupied),
        "date": read_date(sections, lines),
        "abstract": read_abstract(sections),
        "examined_title": read_examined_title(paras),
        "research_question": read_research_question(paras),
    }
    for name, item in found.items():
        if item is not None:
            setattr(report, name, item.value)
            _locate(report, name, item.at)
    check_time()
    problems = list(table.problems) if table else []
    report.stated, stated_at = read_stated_counts(sections, problems)
    if stated_at is not None:
        _locate(report, "stated", stated_at)
    check_time()
    listed: list[Finding] = []
    report.references, heading = read_references(sections, listed)
    if heading is not None:
        _locate(report, "references", heading)
    elif not report.references:
        listed = []
        report.references = references_in_text(lines, occupied, listed)
    problems.extend(listed)
    check_time()
    if report.table is not None:
        report.section_lines["claims_table"] = report.table.header_line
        if report.table.header_page is not None:
            report.section_pages["claims_table"] = report.table.header_page
    if not _looks_like_report(report):
        raise NotAReportError("not a synthesis report: no claims table, stated claim counts or examined paper found", path=source)
    mark_truncated(report.claims)
    report.abstract_truncated = bool(report.abstract and not ends_sentence(report.abstract))
    report.findings = sort_findings([*problems, *report_findings(report)])
    return report


def _locate(report: Report, name: str, at: SourceLine) -> None:
    report.section_lines[name] = at.line
    if at.page is not None:
        report.section_pages[name] = at.page


def _looks_like_report(report: Report) -> bool:
    """A claims table, stated claim counts or a "This paper examines:" sentence make a synthesis report; a reference
    list alone does not (papers have those too, and folder walks must skip paper sources)."""
    return report.table is not None or report.stated.claims_extracted is not None or report.examined_title is not None


__all__ = ["REPORT_SUFFIXES", "parse_bytes", "parse_file", "parse_lines", "parse_text"]
