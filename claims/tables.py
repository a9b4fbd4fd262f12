"""Finding and reading the claims table: tab-separated, markdown pipe, or space-separated columns (PDF text).

Rows with the wrong number of cells are reported (`malformed_row`) and skipped; the rest of the table is still read.
A table may continue across PDF pages (page numbers, running headers and a repeated header row are skipped).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from claims.cells import CellProblem, has_unescaped_pipe, read_confidence, read_mark, split_pipe_row
from claims.document import SECTION_NAMES, SourceLine, heading_name, squash_spaces
from claims.models import Claim, Finding, Severity, TableLayout

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d+(?:\s*(?:of|/)\s*\d+)?\s*$", re.IGNORECASE)
T = TypeVar("T")
_MAX_RUNNING_LINES = 2
_MAX_RUNNING_LENGTH = 100
_KNOWN = frozenset(SECTION_NAMES.values())
_SPACED_HEADER_WORDS = frozenset({"claim", "claims", "verified", "mark", "confidence", "conf", "score", "status"})


@dataclass
class Columns:
    """Which header cell holds what."""

    claim: int
    mark: int | None
    confidence: int | None
    count: int


@dataclass
class ClaimsTable:
    """The claims table as read: layout, claims, problems met while reading, and the lines it occupies."""

    layout: TableLayout
    claims: list[Claim] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    occupied: set[tuple[int, int | None]] = field(default_factory=set)


def column_roles(cells: list[str]) -> Columns | None:
    """Roles of header cells; None unless there are at least two cells and one names the claim."""
    names = [re.sub(r"[^a-z%✓]", "", cell.lower()) for cell in cells]
    claim = next((i for i, name in enumerate(names) if "claim" in name or "statement" in name), None)
    if claim is None or len(cells) < 2:
        return None
    mark = next((i for i, n in enumerate(names) if i != claim and any(k in n for k in ("verif", "mark", "status", "support", "✓"))), None)
    confidence = next((i for i, n in enumerate(names) if i not in (claim, mark) and any(k in n for k in ("conf", "score", "prob", "%"))), None)
    return Columns(claim, mark, confidence, len(cells))


def is_separator(text: str) -> bool:
    """A markdown table's `|---|:--:|` line (any number of dashes, outer pipes optional)."""
    return "-" in text and bool(_SEPARATOR.match(text))


def find_claims_table(lines: list[SourceLine], *, spaced: bool = False) -> ClaimsTable | None:
    """The first claims table in `lines` (`spaced=True` also accepts space-separated columns, for PDF text)."""
    for index, source in enumerate(lines):
        text = source.text
        if not text.strip():
            continue
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        if has_unescaped_pipe(text) and is_separator(following):
            cells, outer = split_pipe_row(text)
            columns = column_roles(cells)
            if columns:
                return _read_rows(lines, index, cells, columns, "pipe", outer)
        if "\t" in text:
            cells = _tsv_cells(text, 1)
            columns = column_roles(cells)
            if columns:
                return _read_rows(lines, index, cells, columns, "tsv", False)
        if spaced:
            columns = _spaced_header(text)
            if columns:
                return _read_rows(lines, index, text.split(), columns, "spaced", False)
    return None


def _spaced_header(text: str) -> Columns | None:
    words = text.split()
    if len(words) < 2 or any(word.lower().strip(":?") not in _SPACED_HEADER_WORDS for word in words):
        return None
    columns = column_roles(words)
    return columns if columns and columns.claim == 0 else None


def _read_rows(
    lines: list[SourceLine], header_index: int, cells: list[str], columns: Columns, style: str, outer: bool
) -> ClaimsTable:
    header = lines[header_index]
    separator = lines[header_index + 1] if style == "pipe" else None
    layout = TableLayout(
        style=style, columns=cells, header_line=header.line, header_page=header.page,
        separator_line=separator.line if separator else None, outer_pipes=outer,
        claim_column=columns.claim, mark_column=columns.mark, confidence_column=columns.confidence,
    )
    table = ClaimsTable(layout)
    table.occupied.add((header.line, header.page))
    if separator:
        table.occupied.add((separator.line, separator.page))
    start = header_index + (2 if separator else 1)
    reader = _RowReader(lines, table, columns, style, header.text)
    reader.run(start)
    return table


class _RowReader:
    """Walks the lines after a header, turning rows into claims until the table ends."""

    def __init__(self, lines: list[SourceLine], table: ClaimsTable, columns: Columns, style: str, header: str):
        self.lines, self.table, self.columns, self.style, self.header = lines, table, columns, style, header.strip()
        self.last_row: SourceLine | None = None
        self.repeated = _repeated_on_pages(lines)

    def run(self, index: int) -> None:
        while index < len(self.lines):
            source = self.lines[index]
            cells = self.row_cells(source.text)
            if cells is not None:
                self.take(source, cells)
                index += 1
                continue
            resumed = self.resume_after(index)
            if resumed is None:
                break
            index = resumed

    def row_cells(self, text: str) -> list[str] | None:
        """The cells of a row line in this table's style, or None when `text` is not a row."""
        if not text.strip() or heading_name(text) is not None and not self.is_data_like(text):
            return None
        if self.style == "pipe":
            cells = split_pipe_row(text)[0] if has_unescaped_pipe(text) and not is_separator(text) else None
        elif self.style == "tsv":
            cells = _tsv_cells(text, self.columns.count) if "\t" in text else None
        else:
            cells = _spaced_cells(text, self.columns)
        return None if cells == self.table.layout.columns else cells

    def is_data_like(self, text: str) -> bool:
        return ("\t" in text) if self.style == "tsv" else has_unescaped_pipe(text) if self.style == "pipe" else False

    def take(self, source: SourceLine, cells: list[str]) -> None:
        self.table.occupied.add((source.line, source.page))
        self.last_row = source
        layout = self.table.layout
        layout.first_row_line = layout.first_row_line or source.line
        layout.last_row_line, layout.last_row_page = source.line, source.page
        if len(cells) != self.columns.count:
            self.problem(source, "malformed_row", f"table row has {_columns(len(cells))}, the header has {self.columns.count}; row skipped")
            return
        text = squash_spaces(cells[self.columns.claim])
        if not text:
            self.problem(source, "malformed_row", "table row has an empty claim cell; row skipped")
            return
        index = len(self.table.claims) + 1
        claim = Claim(index=index, line=source.line, page=source.page, text=text)
        claim.reported_verified = self.cell(source, index, self.columns.mark, read_mark, "bad_mark", cells)
        claim.reported_confidence = self.cell(source, index, self.columns.confidence, read_confidence, "bad_confidence", cells)
        self.table.claims.append(claim)

    def cell(self, source: SourceLine, index: int, column: int | None, reader: Callable[[str], T], code: str,
             cells: list[str]) -> T | None:
        """`reader(cells[column])`, or None (with a finding `code`) when the column is absent or unreadable."""
        if column is None:
            return None
        try:
            return reader(cells[column])
        except CellProblem as problem:
            self.problem(source, code, f"claim {index}: {problem}", index)
            return None

    def problem(self, source: SourceLine, code: str, message: str, claim_index: int | None = None) -> None:
        self.table.problems.append(
            Finding(code=code, severity=Severity.error if code == "malformed_row" else Severity.warning,
                    message=message, line=source.line, page=source.page, claim_index=claim_index)
        )

    def resume_after(self, index: int) -> int | None:
        """Where the table goes on after the non-row line at `index`, or None when it has ended."""
        if self.style == "pipe":
            return self.resume_across_page(index)
        nxt = self.next_row_before_break(index)
        if nxt is not None:
            if self.style == "spaced" and self.last_row is not None:
                self.continue_claim(index, nxt)
            else:
                for stray in range(index, nxt):
                    self.take(self.lines[stray], [self.lines[stray].text.strip()])
            return nxt
        return self.resume_across_page(index)

    def next_row_before_break(self, index: int) -> int | None:
        """Index of the next row when only non-blank, non-heading, same-page lines come before it."""
        page = self.lines[index].page
        for probe in range(index, len(self.lines)):
            source = self.lines[probe]
            if not source.text.strip() or heading_name(source.text) or source.page != page:
                return None
            if probe > index and self.row_cells(source.text) is not None:
                return probe
        return None

    def continue_claim(self, index: int, nxt: int) -> None:
        """Append wrapped text lines (PDF) to the claim of the previous row."""
        extra = " ".join(self.lines[k].text.strip() for k in range(index, nxt) if not self.is_furniture(self.lines[k].text))
        if extra and self.table.claims and self.table.claims[-1].line == self.last_row.line:
            self.table.claims[-1].text = squash_spaces(f"{self.table.claims[-1].text} {extra}")
        self.table.occupied.update((self.lines[k].line, self.lines[k].page) for k in range(index, nxt))

    def resume_across_page(self, index: int) -> int | None:
        """Skip page furniture around a page break to the next row: page numbers, a repeated header, lines repeated
        on several pages, and up to two other short lines at the foot of the old page and the head of the new one
        (running heads). A known section heading ends the table."""
        if self.last_row is None or self.last_row.page is None:
            return None
        page, others = self.last_row.page, 0
        for probe in range(index, len(self.lines)):
            source = self.lines[probe]
            if source.page != page:
                if page != self.last_row.page:
                    return None
                page, others = source.page, 0
            if source.page != self.last_row.page and self.row_cells(source.text) is not None:
                return probe
            if self.is_furniture(source.text):
                continue
            others += 1
            if others > _MAX_RUNNING_LINES or len(source.text) > _MAX_RUNNING_LENGTH or heading_name(source.text) in _KNOWN:
                return None
        return None

    def is_furniture(self, text: str) -> bool:
        """Blank lines, page numbers, the repeated header or separator, and lines repeated on several pages."""
        stripped = text.strip()
        return (
            not stripped or bool(_PAGE_NUMBER.match(stripped)) or stripped == self.header
            or is_separator(stripped) or stripped in self.repeated
        )


def _repeated_on_pages(lines: list[SourceLine]) -> frozenset[str]:
    """Texts that occur on two or more PDF pages (running heads and feet); empty for text reports."""
    pages_of: dict[str, set[int]] = {}
    for source in lines:
        if source.page is not None and source.text.strip():
            pages_of.setdefault(source.text.strip(), set()).add(source.page)
    return frozenset(text for text, pages in pages_of.items() if len(pages) > 1)


def _tsv_cells(text: str, expected: int) -> list[str]:
    cells = [cell.strip() for cell in text.split("\t")]
    while len(cells) > expected and not cells[-1]:
        cells.pop()
    return cells


def _spaced_cells(text: str, columns: Columns) -> list[str] | None:
    """Split `claim words ... ✓ 0.19` from the right; None unless the trailing cells read as mark/confidence."""
    parts = text.split()
    if len(parts) < columns.count:
        return None
    tail = parts[len(parts) - columns.count + 1 :]
    cells = [" ".join(parts[: len(parts) - columns.count + 1]), *tail]
    try:
        for position, cell in enumerate(cells):
            if position == columns.mark:
                read_mark(cell)
            elif position == columns.confidence:
                read_confidence(cell)
    except CellProblem:
        return None
    return cells


def _columns(count: int) -> str:
    return f"{count} column" if count == 1 else f"{count} columns"
