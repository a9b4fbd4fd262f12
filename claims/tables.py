"""Finding the claims table in a report's lines: the first header row naming a claim column, tab-separated,
markdown pipe (header then `|---|` separator), or, for PDF text, space-separated header words. The rows under it
are read by `claims.row_reader`; `claims.table_records` holds the records both return.
"""

from __future__ import annotations

import re
from typing import Literal

from claims.cells import has_unescaped_pipe, split_pipe_row
from claims.document import SourceLine
from claims.models import TableLayout
from claims.row_reader import RowReader, is_separator, tsv_cells
from claims.table_records import ClaimsTable, Columns

_SPACED_HEADER_WORDS = frozenset({"claim", "claims", "verified", "mark", "confidence", "conf", "score", "status"})


def column_roles(cells: list[str]) -> Columns | None:
    """Roles of header cells; None unless there are at least two cells and one names the claim."""
    names = [re.sub(r"[^a-z%✓]", "", cell.lower()) for cell in cells]
    claim = next((i for i, name in enumerate(names) if "claim" in name or "statement" in name), None)
    if claim is None or len(cells) < 2:
        return None
    mark = next((i for i, n in enumerate(names) if i != claim and any(k in n for k in ("verif", "mark", "status", "support", "✓"))), None)
    confidence = next((i for i, n in enumerate(names) if i not in (claim, mark) and any(k in n for k in ("conf", "score", "prob", "%"))), None)
    return Columns(claim, mark, confidence, len(cells))


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
            cells = tsv_cells(text, 1)
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
    lines: list[SourceLine], header_index: int, cells: list[str], columns: Columns,
    style: Literal["tsv", "pipe", "spaced"], outer: bool,
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
    reader = RowReader(lines, table, columns, style, header.text)
    reader.run(start)
    return table
