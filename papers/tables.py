"""Tables, pure: rule-only (booktabs) tables found from their horizontal rules, cells found by clustering word
positions (a rule-only table has no vertical lines, so line-based table finders miss it), and markdown tables.

Every data row becomes one passage that carries the caption, the row label and each value with its column header:
"Table 2: WikiANN F1 | Stacked adapters | am: 47.9 | rw: 60.3 | Avg: 50.2".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from papers.layout import Row, Word
from papers.text import join_lines, normalise

CAPTION_START = re.compile(r"^(?:Table|TABLE|Tab\.)\s*[0-9IVX]+[:.]?")


@dataclass
class Rule:
    """A horizontal rule: a thin line or filled rectangle."""

    x0: float
    x1: float
    y: float


@dataclass
class TableBlock:
    """A detected table: its bounding box, caption, header cells and data rows (label first)."""

    x0: float
    x1: float
    top: float
    bottom: float
    caption: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def row_texts(self) -> list[str]:
        """One passage text per data row that has a value."""
        return [row_passage(self.caption, self.header, row) for row in self.rows if any(row[1:])]


def row_passage(caption: str, header: list[str], row: list[str]) -> str:
    """"caption | label | col: value | ..." (a value without a header is given alone)."""
    parts = [caption or "Table", row[0]] if row and row[0] else [caption or "Table"]
    for name, value in zip(header[1:], row[1:]):
        if value:
            parts.append(f"{name}: {value}" if name else value)
    return " | ".join(parts)


def merge_rules(rules: list[Rule]) -> list[Rule]:
    """One rule per drawn line (a filled rectangle has two edges); sorted top to bottom."""
    merged: list[Rule] = []
    for rule in sorted(rules, key=lambda r: (r.y, r.x0)):
        last = merged[-1] if merged else None
        if last and rule.y - last.y < 1.5 and rule.x0 < last.x1 and rule.x1 > last.x0:
            last.x0, last.x1 = min(last.x0, rule.x0), max(last.x1, rule.x1)
        else:
            merged.append(Rule(rule.x0, rule.x1, rule.y))
    return merged


def rule_chains(rules: list[Rule]) -> list[list[Rule]]:
    """Groups of two or more rules of the same horizontal extent, stacked one above the other."""
    chains: list[list[Rule]] = []
    for rule in merge_rules(rules):
        for chain in chains:
            head = chain[-1]
            if abs(head.x0 - rule.x0) < 5 and abs(head.x1 - rule.x1) < 5 and rule.y - head.y < 400:
                chain.append(rule)
                break
        else:
            chains.append([rule])
    return [chain for chain in chains if len(chain) >= 2]


def words_between(rows: list[Row], x0: float, x1: float, top: float, bottom: float) -> list[list[Word]]:
    """Per row, the words whose middle lies inside the box; empty rows dropped."""
    found = []
    for row in rows:
        words = [w for w in row.words if x0 <= (w.x0 + w.x1) / 2 <= x1 and top < (w.top + w.bottom) / 2 < bottom]
        if words:
            found.append(words)
    return found


def column_spans(rows: list[list[Word]]) -> list[tuple[float, float]]:
    """Column intervals: word extents merged where the horizontal gap between them is narrower than a cell gap."""
    words = sorted((w for row in rows for w in row), key=lambda w: w.x0)
    if not words:
        return []
    min_gap = max(3.5, 0.5 * sorted(w.size for w in words)[len(words) // 2])
    spans = [[words[0].x0, words[0].x1]]
    for w in words[1:]:
        if w.x0 - spans[-1][1] < min_gap:
            spans[-1][1] = max(spans[-1][1], w.x1)
        else:
            spans.append([w.x0, w.x1])
    return [(a, b) for a, b in spans]


def cells(words: list[Word], spans: list[tuple[float, float]]) -> list[str]:
    """The text of each column of one row (words assigned by their middle to the nearest column)."""
    out = [[] for _ in spans]
    for w in words:
        middle = (w.x0 + w.x1) / 2
        best = min(range(len(spans)), key=lambda i: 0 if spans[i][0] <= middle <= spans[i][1] else min(
            abs(middle - spans[i][0]), abs(middle - spans[i][1])))
        out[best].append(w.text)
    return [normalise(" ".join(parts)).strip() for parts in out]


def in_span(row: Row, x0: float, x1: float) -> list[Word]:
    return [w for w in row.words if x0 - 1 <= (w.x0 + w.x1) / 2 <= x1 + 1]


def caption_above(rows: list[Row], x0: float, x1: float, top: float) -> list[tuple[Row, str]]:
    """Rows just above the top rule, up to and including one that starts "Table N"; [] when there is none."""
    picked: list[tuple[Row, str]] = []
    edge = top
    for row in reversed([r for r in rows if r.bottom <= top + 1]):
        words = in_span(row, x0, x1)
        if not words:
            continue
        if edge - row.bottom > 2.2 * max(w.size for w in words) or len(picked) >= 5:
            return []
        text = " ".join(w.text for w in words)
        picked.insert(0, (row, text))
        edge = row.top
        if CAPTION_START.match(text):
            return picked
    return []


def caption_below(rows: list[Row], x0: float, x1: float, bottom: float) -> list[tuple[Row, str]]:
    """Rows just below the bottom rule when the first starts "Table N", to the end of that paragraph."""
    picked: list[tuple[Row, str]] = []
    edge = bottom
    for row in (r for r in rows if r.top >= bottom - 1):
        words = in_span(row, x0, x1)
        if not words:
            continue
        size = max(w.size for w in words)
        text = " ".join(w.text for w in words)
        if row.top - edge > (2.2 if not picked else 0.8) * size or len(picked) >= 6:
            break
        if not picked and not CAPTION_START.match(text):
            break
        picked.append((row, text))
        edge = row.bottom
    return picked


def caption_rows(rows: list[Row], x0: float, x1: float, top: float, bottom: float) -> tuple[str, float, float]:
    """The "Table N: ..." caption above (or else below) the rules: its text and vertical extent."""
    picked = caption_above(rows, x0, x1, top) or caption_below(rows, x0, x1, bottom)
    if not picked:
        return "", top, bottom
    text = join_lines([normalise(t) for _, t in picked])
    return text, min(r.top for r, _ in picked), max(r.bottom for r, _ in picked)


def detect_tables(rows: list[Row], rules: list[Rule], area: tuple[float, float] | None = None) -> list[TableBlock]:
    """Rule-only tables on a page; `area(x0, x1)` widens the caption search to the table's column."""
    tables = []
    for chain in rule_chains(rules):
        x0, x1 = chain[0].x0 - 2, chain[0].x1 + 2
        inside = words_between(rows, x0, x1, chain[0].y, chain[-1].y)
        if not inside:
            continue
        head_end = chain[1].y if len(chain) >= 3 else None
        header_rows = [r for r in inside if head_end is not None and r[0].bottom <= head_end + 1]
        data_rows = [r for r in inside if not header_rows or r[0].top >= head_end - 1]
        if head_end is None:
            header_rows, data_rows = inside[:1], inside[1:]
        spans = column_spans(data_rows or inside)
        if len(spans) < 2:
            continue
        header = [" ".join(c for c in column if c) for column in zip(*(cells(r, spans) for r in header_rows))] or [""] * len(spans)
        cx0, cx1 = area(x0, x1) if area else (x0, x1)
        caption, cap_top, cap_bottom = caption_rows(rows, cx0, cx1, chain[0].y, chain[-1].y)
        tables.append(TableBlock(
            min(x0, cx0) if caption else x0, max(x1, cx1) if caption else x1, min(chain[0].y, cap_top) - 1,
            max(chain[-1].y, cap_bottom) + 1, caption, header, [cells(r, spans) for r in data_rows],
        ))
    return tables


# -- markdown --------------------------------------------------------------------------------------------------
def is_markdown_row(line: str) -> bool:
    return line.strip().startswith("|") and line.strip().endswith("|") and line.count("|") >= 3


def markdown_cells(line: str) -> list[str]:
    return [normalise(cell.strip().strip("*_`")).strip() for cell in line.strip()[1:-1].split("|")]


def is_separator(line: str) -> bool:
    return bool(re.fullmatch(r"\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?", line.strip()))


def markdown_table(lines: list[str], caption: str) -> TableBlock:
    """A pipe table (header, separator, rows) as a TableBlock with no geometry."""
    header = markdown_cells(lines[0])
    body = [markdown_cells(line) for line in lines[1:] if not is_separator(line)]
    return TableBlock(0, 0, 0, 0, caption, header, body)
