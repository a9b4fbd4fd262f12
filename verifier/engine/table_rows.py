"""Table rows as the engine reads them: table number, caption, row label path and cells (column header path and
value).

`row_of(passage)` is the one way the engine reads a table passage: from the structure the extractor attaches
(`Passage.table`), or, for table passages that carry none (older caches, hand-made passages), by parsing the text
the extractor writes ("Table 2: caption | group / row label | header / sub-header: value | ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from papers.models import Passage, TableRowRecord
from verifier.engine.quantities import Quantity

_CAPTION = re.compile(r"^\s*Table\s+(?P<number>[A-Za-z]?\d+[a-z]?)\s*[:.]\s*(?P<caption>.*)$", re.IGNORECASE | re.DOTALL)
PATH_SEPARATOR = " / "


@dataclass(frozen=True)
class Cell:
    header: str  # the column header path, joined: "Target tasks / Avg."
    value: str

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.header.split(PATH_SEPARATOR)) if self.header else ()


@dataclass(frozen=True)
class TableRow:
    """One row of a table with its caption and headers."""

    number: str | None
    caption: str
    label: str  # the row label path, joined: "No MLM / SQuAD"
    cells: tuple[Cell, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        """"Table 2" (or "the table" when unnumbered)."""
        return f"Table {self.number}" if self.number else "the table"

    @property
    def path(self) -> tuple[str, ...]:
        """The row label path, group first (`("No MLM", "SQuAD")`)."""
        return tuple(self.label.split(PATH_SEPARATOR)) if self.label else ()


@dataclass(frozen=True)
class TableRowRef:
    """A row of a table as comparisons read it: its passage index, the row, and each column's number."""

    index: int  # passage index
    row: TableRow
    values: dict[str, Quantity]
    passages: dict[str, int] = field(default_factory=dict)  # read by columns: the row passage of each value

    def passage_of(self, column: str) -> int:
        """The passage that gives this row's value in `column`: its own, or for a table read by columns
        (`table_comparisons.transposed`) the row passage the value sits in."""
        return self.passages.get(column, self.index)


def row_of(passage: Passage) -> TableRow | None:
    """The row a table passage holds, or None for other passages and text that does not read as a row."""
    if passage.kind != "table":
        return None
    record = getattr(passage, "table", None)
    if record is not None:
        return from_record(record)
    return parse_table_row(passage.text)


def from_record(record: TableRowRecord) -> TableRow:
    """The engine's row from the extractor's structure (no round trip through text)."""
    match = _CAPTION.match(record.caption or "")
    caption = match.group("caption").strip() if match else (record.caption or "").strip()
    number = record.number or (match.group("number") if match else None)
    cells = tuple(Cell(PATH_SEPARATOR.join(c.column), c.value.strip()) for c in record.cells)
    return TableRow(number, caption, PATH_SEPARATOR.join(record.row), cells)


def parse_table_row(text: str) -> TableRow | None:
    """The parts of a table passage's text, or None when `text` is not one."""
    parts = [part.strip() for part in text.split(" | ")]
    if len(parts) < 2:
        return None
    match = _CAPTION.match(parts[0])
    number, caption = (match.group("number"), match.group("caption").strip()) if match else (None, parts[0])
    label = parts[1].rpartition(": ")[2] if ": " in parts[1] else parts[1]
    cells = []
    for part in parts[2:]:
        header, sep, value = part.rpartition(": ")
        cells.append(Cell(header.strip(), value.strip()) if sep else Cell("", part))
    return TableRow(number, caption, label, tuple(cells))
