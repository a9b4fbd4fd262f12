"""Tables as structures: a found table (caption, column header paths, labelled rows of values) and its row passages.

Finding is in papers.table_finding (captions, ruled and rule-less regions), structure in papers.table_structure
(columns, spanning headers, row groups). Every data row becomes one passage that carries the structure
(`Passage.table`) and, for readers of plain text, the same row as a string:
"Table 2: WikiANN F1 | No MLM / Stacked adapters | Low res. / am: 47.9 | rw: 60.3 | Avg: 50.2"
(row path and column paths joined " / "). Markdown pipe tables from text sources give the same structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from papers.layout import Row
from papers.models import TableCell, TableRowRecord
from papers.table_finding import Area, find_regions
from papers.table_geometry import (
    CAPTION_START,
    SETTINGS,
    RotatedLabel,
    Rule,
    TableSettings,
    VerticalRule,
    clean_value,
    is_numeric,
    merge_rules,
)
from papers.table_structure import BodyRow, build_structure
from papers.text import normalise

__all__ = ["CAPTION_START", "Rule", "RotatedLabel", "TableBlock", "VerticalRule", "detect_tables", "markdown_table",
           "merge_rules", "row_passage"]


@dataclass
class TableBlock:
    """A detected table: its box (caption included), caption, header (one text per column) and data rows.

    `header` and `rows` are the flat view (`rows`: label first, then one value per column); `columns` (each
    column's header path), `label_columns` and `body` (rows with their label paths) are the structure. Built from
    the flat view alone, the structure is one header level per column and the first cell as the row label.
    """

    x0: float
    x1: float
    top: float
    bottom: float
    caption: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    number: str | None = None
    columns: list[list[str]] | None = None
    label_columns: int = 1
    body: list[BodyRow] | None = None

    def __post_init__(self) -> None:
        if self.number is None:
            match = CAPTION_START.match(self.caption or "")
            self.number = match.group(1) if match else None
        if self.columns is None:
            self.columns = [[h] if h else [] for h in self.header]
        if self.body is None:
            self.body = [BodyRow([row[0]] if row and row[0] else [], list(row), 0.0, 0.0) for row in self.rows]

    def records(self, page: int = 0) -> list[TableRowRecord]:
        """One record per data row that has a value: the row's label path and each value with its column path."""
        out = []
        columns = self.columns or []
        for row in self.body or []:
            cells = []
            for index in range(self.label_columns, len(row.values)):
                value = row.values[index]
                if not value:
                    continue
                path = columns[index] if index < len(columns) else []
                bbox = row.boxes[index] if index < len(row.boxes) else None
                cells.append(TableCell(column=list(path), value=value, bbox=bbox))
            if not cells:
                continue
            box = (round(self.x0, 1), round(row.top, 1), round(self.x1, 1), round(row.bottom, 1)) if row.bottom > row.top else None
            out.append(TableRowRecord(number=self.number, caption=self.caption, row=list(row.label), cells=cells,
                                      page=page, bbox=box))
        return out

    def row_texts(self) -> list[str]:
        """One passage text per data row that has a value."""
        return [record_text(record) for record in self.records()]

    def row_passages(self, page: int = 0) -> list[tuple[str, TableRowRecord]]:
        """(passage text, structure) of each data row that has a value."""
        return [(record_text(record), record) for record in self.records(page)]


def record_text(record: TableRowRecord) -> str:
    """"caption | group / label | header / sub-header: value | ..." (a value without a header is given alone)."""
    parts = [record.caption or "Table"]
    if record.row:
        parts.append(" / ".join(record.row))
    for cell in record.cells:
        parts.append(f"{' / '.join(cell.column)}: {cell.value}" if cell.column else cell.value)
    return " | ".join(parts)


def row_passage(caption: str, header: list[str], row: list[str]) -> str:
    """The passage text of one flat row: label first, then values under `header` (its first entry names labels)."""
    block = TableBlock(0, 0, 0, 0, caption, header, [row])
    texts = block.row_texts()
    return texts[0] if texts else " | ".join([caption or "Table"] + ([row[0]] if row and row[0] else []))


def detect_tables(rows: list[Row], rules: list[Rule], area: Area | None = None,
                  verticals: list[VerticalRule] | None = None, rotated: list[RotatedLabel] | None = None,
                  settings: TableSettings = SETTINGS) -> list[TableBlock]:
    """The tables of a page: ruled, or rule-less next to a "Table N" caption; `area(x0, x1)` gives the extent of
    the column a table sits in (where its caption is)."""
    if area is None:
        left = min((r.words[0].x0 for r in rows if r.words), default=0.0)
        right = max((r.words[-1].x1 for r in rows if r.words), default=0.0)

        def area(x0: float, x1: float) -> tuple[float, float]:
            return left, right

    tables = []
    for region in find_regions(rows, rules, verticals or [], area, settings):
        structure = build_structure(rows, region, rotated or [], settings)
        if structure is None or not structure.body:
            continue
        numeric = sum(any(is_numeric(v) for v in b.values[structure.label_columns:]) for b in structure.body)
        if region.caption is None and numeric < settings.uncaptioned_min_rows:
            continue  # rules around a figure or a boxed note, not a table
        caption = region.caption
        x0, x1, top, bottom = region.x0, region.x1, region.top, region.bottom
        if caption is not None:
            x0, x1 = min(x0, caption.x0), max(x1, caption.x1)
            top, bottom = min(top, caption.top), max(bottom, caption.bottom)
        header = [" / ".join(path) for path in structure.columns]
        flat = [[" / ".join(b.label)] + b.values[structure.label_columns:] for b in structure.body]
        tables.append(TableBlock(x0 - 1, x1 + 1, top - 1, bottom + 1, caption.text if caption else "", header, flat,
                                 caption.number if caption else None, structure.columns, structure.label_columns,
                                 structure.body))
    return tables


# -- markdown --------------------------------------------------------------------------------------------------
def is_markdown_row(line: str) -> bool:
    return line.strip().startswith("|") and line.strip().endswith("|") and line.count("|") >= 3


def markdown_cells(line: str) -> list[str]:
    return [clean_value(normalise(cell.strip().strip("*_`")).strip()) for cell in line.strip()[1:-1].split("|")]


def is_separator(line: str) -> bool:
    return bool(re.fullmatch(r"\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?", line.strip()))


def markdown_table(lines: list[str], caption: str) -> TableBlock:
    """A pipe table (header, separator, rows) as a TableBlock with no geometry; a header cell "A / B" is a
    two-level column path, a row whose only cell is its first is a group row carried to the rows under it."""
    header = markdown_cells(lines[0])
    columns = [[part.strip() for part in h.split(" / ") if part.strip()] for h in header]
    body: list[BodyRow] = []
    group: str | None = None
    for line in lines[1:]:
        if is_separator(line):
            continue
        cells = markdown_cells(line)
        if cells and cells[0] and not any(cells[1:]):
            group = cells[0]
            continue
        label = ([group] if group else []) + ([cells[0]] if cells and cells[0] else [])
        body.append(BodyRow(label, cells, 0.0, 0.0))
    flat = [[" / ".join(b.label)] + b.values[1:] for b in body]
    return TableBlock(0, 0, 0, 0, caption, header, flat, None, columns, 1, body)
