"""Which wrapped lines of a PDF claims table belong to which row.

In a table drawn with space-separated columns (PDF text), a claim cell that wraps spreads over several lines while
the mark and confidence sit on one of them: the first line when cells are top-aligned, the last when
bottom-aligned (reportlab's default), a middle one when centred. The lines without marks between two rows hold
the end of the row above and the start of the row below; where they split is decided by, in order:

1. geometry: lines of one cell follow each other at the line pitch, rows are further apart (cell padding);
2. text: a claim starts with a capital, a digit or an opening bracket or quote, so a line starting in lower case
   continues the row above;
3. the alignment the rest of the table showed (all top, all bottom).

When none of these decides, the rows cannot be aligned and the caller reports it (`unaligned_rows`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from claims.document import SourceLine

TOP, BOTTOM, MIDDLE = "top", "bottom", "middle"


@dataclass(frozen=True)
class RowSettings:
    """Tunables of row alignment."""

    tolerance_share: float = 0.2
    """A gap counts as a row break when it exceeds the line pitch by this share of the line height."""
    min_tolerance: float = 1.0
    """... and by at least this many points."""
    max_gap_share: float = 3.0
    """Gaps larger than this many line heights (to a page foot, a heading) say nothing about the table's rows."""


SETTINGS = RowSettings()


@dataclass(frozen=True)
class Geometry:
    """Vertical spacing of a table's lines: `pitch` (the smallest distance between the tops of two consecutive
    lines, i.e. lines of one cell), `tolerance`, and whether some rows are further apart than that (`padded`)."""

    pitch: float | None = None
    tolerance: float = 0.0
    padded: bool = False

    def same_cell(self, upper: SourceLine, lower: SourceLine) -> bool | None:
        """True when `lower` follows `upper` at the line pitch (one cell), False when further apart in a padded
        table (a row break), None when geometry cannot tell (unpadded table, no positions, page break)."""
        distance = gap(upper, lower)
        if distance is None or self.pitch is None or not self.padded:
            return None
        return distance <= self.pitch + self.tolerance


    def at_pitch(self, upper: SourceLine, lower: SourceLine) -> bool:
        """True when `lower` follows `upper` no further than the line pitch (padded table or not)."""
        distance = gap(upper, lower)
        return distance is not None and self.pitch is not None and distance <= self.pitch + self.tolerance


def gap(upper: SourceLine, lower: SourceLine) -> float | None:
    """Distance between the tops of two lines on the same page; None without positions or across pages."""
    if upper.top is None or lower.top is None or upper.page != lower.page:
        return None
    return lower.top - upper.top


def table_geometry(lines: Sequence[SourceLine], settings: RowSettings = SETTINGS) -> Geometry:
    """The geometry of a table's lines (header to last row, furniture left out)."""
    heights = [line.bottom - line.top for line in lines if line.top is not None and line.bottom is not None]
    if not heights:
        return Geometry()
    height = sorted(heights)[len(heights) // 2]
    gaps = [g for a, b in zip(lines, lines[1:])
            if (g := gap(a, b)) is not None and 0 < g <= settings.max_gap_share * height]
    if not gaps:
        return Geometry()
    pitch = min(gaps)
    tolerance = max(settings.min_tolerance, settings.tolerance_share * height)
    return Geometry(pitch=pitch, tolerance=tolerance, padded=any(g > pitch + tolerance for g in gaps))


def starts_claim(text: str) -> bool:
    """Whether a line can be the first line of a claim: it starts with a capital, a digit, a bracket or a quote."""
    stripped = text.lstrip()
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit() or stripped[0] in "([\"'“‘«*")


def split_by_geometry(before: SourceLine, run: Sequence[SourceLine], row: SourceLine, geometry: Geometry) -> int | None:
    """How many lines of `run` (between the last line of the row above, `before`, and the next row's line `row`)
    belong to the row above, when geometry shows exactly one row break; None otherwise."""
    sequence = [before, *run, row]
    breaks = [position for position in range(len(sequence) - 1)
              if geometry.same_cell(sequence[position], sequence[position + 1]) is False]
    if len(breaks) != 1 or any(geometry.same_cell(a, b) is None for a, b in zip(sequence, sequence[1:])):
        return None
    return breaks[0]


def candidate_splits(run: Sequence[SourceLine], row: SourceLine, row_has_text: bool = True) -> list[int]:
    """Splits `s` (the first `s` lines to the row above) that let the row below start like a claim (a row line
    with marks but no text needs at least one line of the run)."""
    texts = [line.text for line in run] + [row.text]
    return [s for s in range(len(run) + 1) if starts_claim(texts[s]) and (row_has_text or s < len(run))]


def mode_split(mode: str | None, run: Sequence[SourceLine]) -> int | None:
    """The split a table-wide alignment implies: top -> all lines to the row above, bottom -> all to the row below."""
    return len(run) if mode == TOP else 0 if mode == BOTTOM else None


def choose_split(before: SourceLine, run: Sequence[SourceLine], row: SourceLine, geometry: Geometry,
                 mode: str | None, row_has_text: bool = True) -> tuple[int, bool]:
    """(lines of `run` for the row above, decided). Undecided: all lines to the row above (the split a table with
    marks on each claim's first line has), and the caller reports that the rows could not be aligned."""
    by_geometry = split_by_geometry(before, run, row, geometry)
    if by_geometry is not None:
        return by_geometry, True
    candidates = candidate_splits(run, row, row_has_text)
    if len(candidates) == 1:
        return candidates[0], True
    implied = mode_split(mode, run)
    if implied is not None and implied in candidates:
        return implied, True
    return len(run), False


def alignment_of(split: int, run_length: int) -> str:
    """The alignment a decided split shows: top (marks on the first line), bottom (last) or middle."""
    return TOP if split == run_length else BOTTOM if split == 0 else MIDDLE


def merge_mode(mode: str | None, seen: str) -> str | None:
    """The table-wide alignment after one more observation (None once observations disagree or show middle)."""
    if seen == MIDDLE:
        return MIDDLE
    if mode is None or mode == seen:
        return seen
    return MIDDLE
