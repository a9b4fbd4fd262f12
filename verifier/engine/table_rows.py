"""Table passages as the extractor writes them: "Table 2: caption | row label | column: value | column: value"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CAPTION = re.compile(r"^\s*Table\s+(?P<number>[A-Za-z]?\d+[a-z]?)\s*[:.]\s*(?P<caption>.*)$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Cell:
    header: str
    value: str


@dataclass(frozen=True)
class TableRow:
    """One row of a table with its caption and headers."""

    number: str | None
    caption: str
    label: str
    cells: tuple[Cell, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        """"Table 2" (or "the table" when unnumbered)."""
        return f"Table {self.number}" if self.number else "the table"


def parse_table_row(text: str) -> TableRow | None:
    """The parts of a table passage, or None when `text` is not one."""
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
