"""Table primitives, pure: ruling lines, rotated labels, cell text tests and the tunables of table finding.

Coordinates are PDF points from the top-left corner of the page, as in papers.layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from papers.layout import Word

CAPTION_START = re.compile(r"^(?:Table|TABLE|Tab\.)\s*([0-9]+|[IVX]+)\s*(?:[:.|]|$)")
NUMERIC = re.compile(r"^[(\[]?[-+\u2212\u2013\u00b1~<>\u2248]?\s*[$]?(?:\d|\.\d)[\d.,/]*(?:[eE][-+\u2212]?\d+)?"
                     r"(?:[-\u2013]\d[\d.,]*)?[%x\u00d7KMBkmb^\d]*[)\]]?[*\u2020\u2021]*$")
# "12", ".296", "1.13e-03", "0.1-0.5", "(2.5)", "88.7%*"
UNIT_MARKS = {"%", "pp"}  # a part of a cell that only marks the number before it: "88.7 %"
SIGN_GAP = re.compile(r"(^|\s|\()([-+\u2212])\s+(?=\d)")


@dataclass(frozen=True)
class TableSettings:
    """Tunables of table finding and structure (sizes are multiples of the table's font size)."""

    rule_max_thickness: float = 2.0  # pt: a filled rectangle or image thinner than this is a rule
    rule_min_length: float = 15.0  # pt
    vertical_min_length: float = 5.0  # pt
    rule_merge_gap: float = 1.5  # pt: two edges of one filled rectangle
    chain_max_span: float = 400.0  # pt between the first and last rule of one table
    cell_gap: float = 0.5  # a gap at least this wide (x size) separates cells
    min_cell_gap: float = 3.0  # pt
    caption_column_gap: float = 1.5  # a gap this wide ends a caption line (the other column starts)
    caption_line_gap: float = 0.9  # caption lines are at most this far apart
    caption_max_lines: int = 12
    caption_distance: float = 3.5  # a table starts at most this far from its caption
    row_gap: float = 1.8  # rows of one rule-less table are at most this far apart (x size)
    row_gap_growth: float = 3.0  # ... and at most this many times the widest gap between its rows so far
    prose_fill: float = 0.72  # a row of running text fills this share of its column
    prose_gap: float = 1.2  # running text has no gap this wide (x size), even justified
    justified_spread: float = 0.35  # the spaces of one justified line differ by less than this (x size)
    prose_min_words: int = 4
    max_rows: int = 60  # rows grown from a caption without rules
    uncaptioned_min_rows: int = 2  # a ruled region without a caption is a table with this many rows of numbers
    symmetry: float = 0.3  # a spanning header is centred over its columns within this share of a column pitch


SETTINGS = TableSettings()


@dataclass
class Rule:
    """A horizontal rule: a thin line, filled rectangle or image."""

    x0: float
    x1: float
    y: float


@dataclass
class VerticalRule:
    """A vertical rule between columns."""

    x: float
    top: float
    bottom: float


@dataclass
class RotatedLabel:
    """Text set sideways (a rotated row-group label such as "No MLM")."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def is_numeric(text: str) -> bool:
    """A cell value: a number with its sign, unit or marks ("+8.3", "88.7 ± 0.17", "70.5 (± 2.5)", "3.3 / 6.8%",
    "88.7 %", "0.1–0.5", "-")."""
    text = clean_value(text)
    if text in {"-", "\u2013", "\u2014", "\u2212", "n/a", "N/A", "\u2013 \u2013"}:
        return True
    # "(± 2.5)": the "(" left of the split is no part; nor is the "%" of "88.7 %"
    parts = [p for p in re.split(r"\s*(?:\u00b1|/|\s)\s*", text) if p.strip("()[]") and p not in UNIT_MARKS]
    return bool(parts) and all(NUMERIC.match(p) for p in parts)


def clean_value(text: str) -> str:
    """A cell's text with a sign joined to its number ("+ 8.3" -> "+8.3")."""
    return SIGN_GAP.sub(lambda m: m.group(1) + ("-" if m.group(2) == "\u2212" else m.group(2)), text).strip()


def gap_limit(words: list[Word], settings: TableSettings = SETTINGS) -> float:
    """The horizontal gap that separates two cells for words of this size."""
    sizes = sorted(w.size for w in words) or [8.0]
    return max(settings.min_cell_gap, settings.cell_gap * sizes[len(sizes) // 2])


def segments(words: list[Word], gap: float) -> list[list[Word]]:
    """Words of one row (left to right) grouped where the gap between neighbours is narrower than `gap`."""
    groups: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.x0):
        if groups and w.x0 - groups[-1][-1].x1 < gap:
            groups[-1].append(w)
        else:
            groups.append([w])
    return groups


def text_of(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def merge_rules(rules: list[Rule], settings: TableSettings = SETTINGS) -> list[Rule]:
    """One rule per drawn line (a filled rectangle has two edges); sorted top to bottom."""
    merged: list[Rule] = []
    for rule in sorted(rules, key=lambda r: (r.y, r.x0)):
        near = [m for m in merged[-6:] if rule.y - m.y < settings.rule_merge_gap and rule.x0 <= m.x1 + 1
                and rule.x1 >= m.x0 - 1]
        if near:
            last = near[-1]
            last.x0, last.x1 = min(last.x0, rule.x0), max(last.x1, rule.x1)
        else:
            merged.append(Rule(rule.x0, rule.x1, rule.y))
    return merged
