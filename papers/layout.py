"""Page geometry, pure: characters -> words -> rows; the column gutter; one- and two-column regions.

Coordinates are PDF points measured from the top-left corner of the page (`top` grows downwards).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|medi|cmbx|cmssbx|\bbd\b|-bd|bx\d", re.IGNORECASE)


@dataclass(slots=True)
class Char:
    """One upright glyph; `base` is its baseline (glyph origin), which fonts with different descents share."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    base: float


@dataclass(slots=True)
class Word:
    """Characters without a gap between them. A table placeholder has `table` set (its index on the page)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: float  # fraction of bold characters
    table: int | None = None


@dataclass(slots=True)
class Row:
    """Words sharing a baseline, left to right (both columns of a two-column page at once)."""

    words: list[Word]
    top: float
    bottom: float

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)


@dataclass(slots=True)
class Line:
    """A row's words within one region and column: the unit of reading order."""

    words: list[Word]
    top: float
    bottom: float
    x0: float
    x1: float
    region: int
    column: int  # 0 left or full width, 1 right

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def size(self) -> float:
        return median(w.size for w in self.words)

    @property
    def bold(self) -> float:
        chars = sum(len(w.text) for w in self.words) or 1
        return sum(w.bold * len(w.text) for w in self.words) / chars


@dataclass
class Gutter:
    """The vertical strip between two columns."""

    x0: float
    x1: float

    @property
    def split(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Region:
    """A vertical band of the page: one column (`columns` 1) or two."""

    top: float
    bottom: float
    columns: int
    rows: list[Row] = field(default_factory=list)


def words_from_chars(chars: list[Char]) -> list[Word]:
    """Join characters of one row (sorted left to right) into words, splitting at spaces and gaps."""
    words: list[Word] = []
    current: list[Char] = []
    for ch in chars:
        if ch.text.isspace() or not ch.text:
            if current:
                words.append(make_word(current))
                current = []
            continue
        if current and ch.x0 - current[-1].x1 > 0.15 * min(ch.size, current[-1].size):
            words.append(make_word(current))
            current = []
        current.append(ch)
    if current:
        words.append(make_word(current))
    return words


def make_word(chars: list[Char]) -> Word:
    text = "".join(c.text for c in chars)
    return Word(
        text,
        chars[0].x0,
        max(c.x1 for c in chars),
        min(c.top for c in chars),
        max(c.bottom for c in chars),
        max(c.size for c in chars),
        sum(c.bold for c in chars) / len(chars),
    )


def rows_from_chars(chars: list[Char]) -> list[Row]:
    """Cluster characters by baseline; raised or lowered small characters (super/subscripts) join their line."""
    ordered = sorted(chars, key=lambda c: (c.base, c.x0))
    groups: list[list[Char]] = []
    for ch in ordered:
        if groups and ch.base - groups[-1][-1].base <= 1.0:
            groups[-1].append(ch)
        else:
            groups.append([ch])
    groups = merge_scripts(groups)
    rows = []
    for group in groups:
        group.sort(key=lambda c: c.x0)
        words = words_from_chars(group)
        if words:
            rows.append(Row(words, min(w.top for w in words), max(w.bottom for w in words)))
    return rows


def merge_scripts(groups: list[list[Char]]) -> list[list[Char]]:
    """Merge a group of small characters into the neighbouring group whose vertical extent contains it."""
    merged: list[list[Char]] = []
    for i, group in enumerate(groups):
        size = max(c.size for c in group)
        middle = (min(c.top for c in group) + max(c.bottom for c in group)) / 2
        for j in (i - 1, i + 1):
            if 0 <= j < len(groups) and len(group) <= 12:
                other = groups[j]
                if size < 0.85 * max(c.size for c in other) and min(c.top for c in other) <= middle <= max(c.bottom for c in other):
                    other.extend(group)
                    break
        else:
            merged.append(group)
    return [g for g in merged if g]


def find_gutter(rows: list[Row], page_width: float) -> Gutter | None:
    """The empty vertical strip near the middle that separates two columns, or None for a one-column page.

    Counts, for every point of x in the middle 40 % of the page, how many rows have a word there. Full-width rows
    (title, abstract, wide tables) cover the gutter as well, so a candidate is a valley of points covered closer to
    the least covered point than to the typical one, with text on both sides of it (the least covered point, not
    zero, is the floor: a page-1 header block over short columns must not hide the gutter). Of the candidates at
    least 6 points wide, the gutter is the one that the fewest rows run across, with ties to the wider; at least
    three rows must have text on each side of it without running across.
    """
    if len(rows) < 6:
        return None
    lo, hi = int(page_width * 0.3), int(page_width * 0.7)
    coverage = coverage_profile(rows, lo, hi)
    low, typical = min(coverage), median(coverage)
    if low > 0.5 * len(rows) or typical - low < 3:
        return None
    best, best_key = None, None
    for start, end in valleys(coverage, low + 0.5 * (typical - low)):
        if end - start < 6:
            continue
        gutter = Gutter(lo + start, lo + end)
        apart = [sides(row, gutter) for row in rows if not crosses(row, gutter)]
        if sum(s[0] for s in apart) < 3 or sum(s[1] for s in apart) < 3:
            continue
        key = (len(rows) - len(apart), -(end - start))
        if best_key is None or key < best_key:
            best, best_key = gutter, key
    return best


def valleys(coverage: list[int], threshold: float) -> list[tuple[int, int]]:
    """Runs [start, end) of points covered at most `threshold`, with more coverage on both sides of them.

    A run touching either end of the profile is not a valley (it is a ragged column edge, not a gutter).
    """
    found, start = [], None
    for i, value in enumerate(coverage):
        if value <= threshold and start is None:
            start = i
        elif value > threshold and start is not None:
            if start > 0:
                found.append((start, i))
            start = None
    return found


def coverage_profile(rows: list[Row], lo: int, hi: int) -> list[int]:
    """For each whole point x in [lo, hi), how many rows have a word covering x (a word covers int(x0)..int(x1))."""
    diff = [0] * (hi - lo + 1)
    for row in rows:
        for w in row.words:
            a, b = max(int(w.x0), lo), min(int(w.x1) + 1, hi)
            if a < b:
                diff[a - lo] += 1
                diff[b - lo] -= 1
    coverage, running = [], 0
    for delta in diff[:-1]:  # the last slot only takes the ends of words clipped at hi: it is not a point of x
        running += delta
        coverage.append(running)
    return coverage


def sides(row: Row, gutter: Gutter) -> tuple[bool, bool]:
    """Whether the row has words left of, and right of, the gutter's middle."""
    split = gutter.split
    return any(w.x1 <= split for w in row.words), any(w.x0 >= split for w in row.words)


def crosses(row: Row, gutter: Gutter) -> bool:
    """Whether the row runs across the gutter: a word spans its middle, or the words around it are close."""
    split = gutter.split
    left = [w.x1 for w in row.words if w.x1 <= split]
    right = [w.x0 for w in row.words if w.x0 >= split]
    if any(w.x0 < split < w.x1 for w in row.words):
        return True
    if left and right:
        return min(right) - max(left) < 0.7 * (gutter.x1 - gutter.x0)
    return False


def regions(rows: list[Row], gutter: Gutter | None) -> list[Region]:
    """Split the page top to bottom into full-width and two-column regions."""
    if gutter is None:
        return [Region(rows[0].top, rows[-1].bottom, 1, list(rows))] if rows else []
    kinds = [1 if crosses(row, gutter) else 2 for row in rows]
    for i in range(1, len(rows)):
        # The short last line of a full-width paragraph stays with it.
        if kinds[i] == 2 and kinds[i - 1] == 1 and sides(rows[i], gutter) == (True, False):
            pitch = rows[i].bottom - rows[i - 1].bottom
            if pitch <= 1.6 * rows[i - 1].size and abs(rows[i].words[0].x0 - rows[i - 1].words[0].x0) < 2:
                kinds[i] = 1
    result: list[Region] = []
    for row, kind in zip(rows, kinds):
        if result and result[-1].columns == kind:
            result[-1].rows.append(row)
            result[-1].bottom = row.bottom
        else:
            result.append(Region(row.top, row.bottom, kind, [row]))
    return result


def reading_lines(page_regions: list[Region], gutter: Gutter | None) -> list[Line]:
    """Lines in reading order: each region top to bottom; in two-column regions the left column first."""
    lines: list[Line] = []
    for index, region in enumerate(page_regions):
        if region.columns == 1:
            lines.extend(line_of(row.words, index, 0) for row in region.rows)
            continue
        split = gutter.split if gutter else 0.0
        for column in (0, 1):
            for row in region.rows:
                words = [w for w in row.words if (w.x0 + w.x1) / 2 < split] if column == 0 else [
                    w for w in row.words if (w.x0 + w.x1) / 2 >= split]
                if words:
                    lines.append(line_of(words, index, column))
    return lines


def line_of(words: list[Word], region: int, column: int) -> Line:
    return Line(words, min(w.top for w in words), max(w.bottom for w in words), words[0].x0,
                max(w.x1 for w in words), region, column)
