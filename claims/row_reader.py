"""Reading the rows of a claims table, from the line after its header to where the table ends, and recognising
the lines a row reader meets: rows in the table's style (tab-separated, markdown pipe, or space-separated columns
from PDF text), markdown separator lines and page furniture.

Rows with the wrong number of cells are reported (`malformed_row`) and skipped; the rest of the table is still read.
A table may continue across PDF pages (page numbers, running headers and a repeated header row are skipped).
In a PDF table with wrapped claim cells, the lines without marks go to the row above or below as
`claims.row_alignment` decides (top-, bottom- or centre-aligned cells); when it cannot, `unaligned_rows` says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from claims.cells import CellProblem, has_unescaped_pipe, read_confidence, read_mark, split_pipe_row
from claims.document import SECTION_NAMES, SourceLine, heading_name, squash_spaces
from claims.finding_codes import finding_code
from claims.limits import check_time
from claims.models import Claim, Finding
from claims.row_alignment import Geometry, alignment_of, choose_split, merge_mode, starts_claim, table_geometry
from claims.table_records import ClaimsTable, Columns

_SEPARATOR_CELL = re.compile(r":?-++:?")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d+(?:\s*(?:of|/)\s*\d+)?\s*$", re.IGNORECASE)
T = TypeVar("T")
_MAX_RUNNING_LINES = 2
_MAX_RUNNING_LENGTH = 100
_KNOWN = frozenset(SECTION_NAMES.values())


def is_separator(text: str) -> bool:
    """A markdown table's `|---|:--:|` line (any number of dashes, outer pipes optional). Plain string scanning,
    linear in the line's length."""
    body = text.strip()
    if "-" not in body:
        return False
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") else body
    return all(_SEPARATOR_CELL.fullmatch(cell.strip()) for cell in body.split("|"))


def tsv_cells(text: str, expected: int) -> list[str]:
    """The cells of a tab-separated line, empty trailing cells beyond `expected` dropped."""
    cells = [cell.strip() for cell in text.split("\t")]
    while len(cells) > expected and not cells[-1]:
        cells.pop()
    return cells


class RowReader:
    """Walks the lines after a header, turning rows into claims until the table ends."""

    def __init__(self, lines: list[SourceLine], table: ClaimsTable, columns: Columns, style: str, header: str):
        self.lines, self.table, self.columns, self.style, self.header = lines, table, columns, style, header.strip()
        self.last_row: SourceLine | None = None
        self.repeated = _repeated_on_pages(lines)
        self.consumed: list[SourceLine] = [line for line in lines if (line.line, line.page) in table.occupied]
        self.pending: list[SourceLine] = []  # wrapped lines that start the next row's claim (PDF, spaced style)
        self.last_row_claimed = False  # the last row became a claim (it was not skipped as malformed)
        self.mode: str | None = None  # the cell alignment the table has shown so far (top, bottom, middle)
        self.region_geometry: Geometry | None = None

    def run(self, index: int) -> None:
        while index < len(self.lines):
            source = self.lines[index]
            check_time(source.line)
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
            cells = tsv_cells(text, self.columns.count) if "\t" in text else None
        else:
            cells = _spaced_cells(text, self.columns)
        return None if cells == self.table.layout.columns else cells

    def is_data_like(self, text: str) -> bool:
        return ("\t" in text) if self.style == "tsv" else has_unescaped_pipe(text) if self.style == "pipe" else False

    def take(self, source: SourceLine, cells: list[str]) -> None:
        self.table.occupied.add((source.line, source.page))
        self.last_row, self.last_row_claimed = source, False
        pending, self.pending = self.pending, []
        self.consumed.append(source)
        layout = self.table.layout
        layout.first_row_line = layout.first_row_line or source.line
        layout.last_row_line, layout.last_row_page = source.line, source.page
        if len(cells) != self.columns.count:
            self.problem(source, "malformed_row", f"table row has {_columns(len(cells))}, the header has {self.columns.count}; row skipped")
            return
        text = squash_spaces(" ".join([*(line.text.strip() for line in pending), cells[self.columns.claim]]))
        if not text:
            self.problem(source, "malformed_row", "table row has an empty claim cell; row skipped")
            return
        index = len(self.table.claims) + 1
        first = pending[0] if pending else source
        self.last_row_claimed = True
        claim = Claim(index=index, line=first.line, page=first.page, text=text)
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
            Finding(code=code, severity=finding_code(code).severity,
                    message=message, line=source.line, page=source.page, claim_index=claim_index)
        )

    def resume_after(self, index: int) -> int | None:
        """Where the table goes on after the non-row line at `index`, or None when it has ended."""
        if self.style == "pipe":
            return self.resume_across_page(index)
        nxt = self.next_row_before_break(index)
        if nxt is not None:
            if self.style == "spaced":
                self.split_run(index, nxt)
            else:
                for stray in range(index, nxt):
                    self.take(self.lines[stray], [self.lines[stray].text.strip()])
            return nxt
        if self.style == "spaced":
            index = self.absorb_tail(index)
        return self.resume_across_page(index)

    def geometry(self) -> Geometry:
        """Line spacing of the table's lines: from under the header to the next section heading, furniture and
        marks-only lines left out (computed once)."""
        if self.region_geometry is None:
            start = next((k for k, line in enumerate(self.lines) if line.text.strip() == self.header
                          and (line.line, line.page) in self.table.occupied), 0) + 1
            region = []
            for line in self.lines[start:]:
                if heading_name(line.text) in _KNOWN:
                    break
                if not self.is_furniture(line) and not self.marks_only(line):
                    region.append(line)
            self.region_geometry = table_geometry(region)
        return self.region_geometry

    def marks_only(self, source: SourceLine) -> bool:
        """A row line with the marks but no claim text: a centred cell with an even number of lines puts the marks
        between two text lines, on a line of their own (half a line pitch from each)."""
        cells = self.row_cells(source.text) if self.style == "spaced" else None
        return cells is not None and not cells[self.columns.claim]

    def split_run(self, index: int, nxt: int) -> None:
        """Give the wrapped lines `index:nxt` (no marks) to the row above and/or the row at `nxt`."""
        run = [self.lines[k] for k in range(index, nxt) if not self.is_furniture(self.lines[k])]
        self.table.occupied.update((self.lines[k].line, self.lines[k].page) for k in range(index, nxt))
        if self.last_row is None or not self.table.claims:  # right under the header: the first claim's start
            self.pending = run
            return
        row = self.lines[nxt]
        before = self.consumed[-1]
        split, decided = choose_split(before, run, row, self.geometry(), self.mode,
                                      row_has_text=not self.marks_only(row))
        if decided:
            self.mode = merge_mode(self.mode, alignment_of(split, len(run)))
        else:
            claim = self.table.claims[-1].index
            self.problem(run[0], "unaligned_rows",
                         f"claims table rows cannot be aligned: {_lines(len(run))} between claim {claim} and the next "
                         f"could end claim {claim} or start the next one (read as the end of claim {claim}); "
                         "check both claims")
        self.append_to_last(run[:split])
        self.pending = run[split:]

    def append_to_last(self, lines: list[SourceLine]) -> None:
        """Append wrapped lines (PDF) to the claim of the previous row."""
        if not lines:
            return
        extra = " ".join(line.text.strip() for line in lines)
        if self.last_row_claimed:
            self.table.claims[-1].text = squash_spaces(f"{self.table.claims[-1].text} {extra}")
        self.consumed.extend(lines)
        self.table.occupied.update((line.line, line.page) for line in lines)

    def absorb_tail(self, index: int) -> int:
        """After the last row of a page (or of the table), take the lines that continue its claim cell: at the line
        pitch in a padded table, or starting in lower case; a wrapped line at the foot of a page is not a footer.
        Returns the index of the first line not taken."""
        if self.last_row is None or not self.table.claims:
            return index
        taken: list[SourceLine] = []
        probe = index
        while probe < len(self.lines):
            source = self.lines[probe]
            previous = taken[-1] if taken else self.consumed[-1]
            if not source.text.strip() or source.page != previous.page or heading_name(source.text):
                break
            geometry = self.geometry()
            same = geometry.same_cell(previous, source)
            if self.is_furniture(source) and not (same is True and self.only_repeated(source)):
                break  # a line repeated at the foot of pages is a running foot, unless it sits in the cell
            if same is None and starts_claim(source.text) and geometry.at_pitch(previous, source):
                claim = self.table.claims[-1].index
                self.problem(source, "unaligned_rows",
                             f"claims table rows cannot be aligned: the line after claim {claim} could continue it or "
                             f"follow the table (read as following the table); check claim {claim}")
            if same is False or (same is None and starts_claim(source.text)):
                break
            taken.append(source)
            probe += 1
        self.append_to_last(taken)
        return probe

    def leading_run(self, probe: int) -> int | None:
        """On a new page: when the lines from `probe` follow each other at the line pitch down to a row, they are
        the start of that row's claim (bottom- or centre-aligned cells), not running heads; the row's index, else
        None."""
        if self.style != "spaced":
            return None
        run: list[SourceLine] = []
        for k in range(probe, len(self.lines)):
            source = self.lines[k]
            geometry = self.geometry()
            if run and not (geometry.same_cell(run[-1], source) or geometry.at_pitch(run[-1], source)):
                return None
            if self.row_cells(source.text) is not None:
                if not run:
                    return None
                self.pending = run
                self.table.occupied.update((line.line, line.page) for line in run)
                return k
            if not source.text.strip() or heading_name(source.text) or self.is_furniture(source):
                return None
            run.append(source)
        return None

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

    def resume_across_page(self, index: int) -> int | None:
        """Skip page furniture around a page break to the next row: page numbers, a repeated header, lines repeated
        on several pages, and up to two other short lines at the foot of the old page and the head of the new one
        (running heads). A known section heading ends the table."""
        if self.last_row is None or self.last_row.page is None:
            return None
        page: int | None = self.last_row.page
        others = 0
        for probe in range(index, len(self.lines)):
            source = self.lines[probe]
            if source.page != page:
                if page != self.last_row.page:
                    return None
                page, others = source.page, 0
            if source.page != self.last_row.page and self.row_cells(source.text) is not None:
                return probe
            if self.is_furniture(source):
                continue
            if source.page != self.last_row.page:
                row = self.leading_run(probe)
                if row is not None:
                    return row
            others += 1
            if others > _MAX_RUNNING_LINES or len(source.text) > _MAX_RUNNING_LENGTH or heading_name(source.text) in _KNOWN:
                return None
        return None

    def only_repeated(self, source: SourceLine) -> bool:
        """Furniture only because the same text ends other pages too (the same wrapped tail of similar claims)."""
        stripped = source.text.strip()
        return (source.line, source.page) in self.repeated and not (
            _PAGE_NUMBER.match(stripped) or stripped == self.header or is_separator(stripped))

    def is_furniture(self, source: SourceLine) -> bool:
        """Blank lines, page numbers, the repeated header or separator, and running heads and feet (a text among the
        first or last lines of several pages, at such a place)."""
        stripped = source.text.strip()
        return (
            not stripped or bool(_PAGE_NUMBER.match(stripped)) or stripped == self.header
            or is_separator(stripped) or (source.line, source.page) in self.repeated
        )


def _repeated_on_pages(lines: list[SourceLine]) -> frozenset[tuple[int, int | None]]:
    """(line, page) of the running heads and feet: lines among the first or last two of their page whose text is
    also among the first or last two of another page. A short wrapped line such as `languages.` in the middle of
    two pages is not one. Empty for text reports."""
    by_page: dict[int, list[SourceLine]] = {}
    for source in lines:
        if source.page is not None and source.text.strip():
            by_page.setdefault(source.page, []).append(source)
    margins = {page: [*texts[:_MAX_RUNNING_LINES], *texts[-_MAX_RUNNING_LINES:]] for page, texts in by_page.items()}
    pages_of: dict[str, set[int]] = {}
    for page, sources in margins.items():
        for source in sources:
            pages_of.setdefault(source.text.strip(), set()).add(page)
    return frozenset((source.line, source.page) for sources in margins.values() for source in sources
                     if len(pages_of[source.text.strip()]) > 1)


def _spaced_cells(text: str, columns: Columns) -> list[str] | None:
    """Split `claim words ... ✓ 0.19` from the right; None unless the trailing cells read as mark/confidence.
    A line of marks alone (`✓ 0.19`, a centred cell's marks between two text lines) gives an empty claim cell."""
    parts = text.split()
    if len(parts) == columns.count - 1 and columns.claim == 0:
        parts = ["", *parts]
    elif len(parts) < columns.count:
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


def _lines(count: int) -> str:
    return "1 line" if count == 1 else f"{count} lines"


def _columns(count: int) -> str:
    return f"{count} column" if count == 1 else f"{count} columns"
