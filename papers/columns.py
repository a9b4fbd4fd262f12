"""Page columns, pure: the gutter between two columns, the page cut into horizontal bands (full-width blocks and
two-column stretches), and the reading order: band by band, top to bottom, each two-column band left column first.

Coordinates are PDF points measured from the top-left corner of the page (`top` grows downwards).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from papers.layout import Line, Row, Word


@dataclass(frozen=True)
class ColumnSettings:
    """Tunables of gutter finding and banding (points unless said otherwise)."""

    middle: tuple[float, float] = (0.3, 0.7)  # share of the page width searched for a gutter
    min_valley: int = 6  # narrowest valley of the coverage profile considered
    valley_share: float = 0.5  # a valley point is covered closer to the least covered point than to the median
    edge_rows: int = 3  # rows that must end (or start) at the same x for it to be a column edge
    edge_window: float = 36.0  # column edges are looked for this far outside the valley (a float may cover them)
    slack: float = 1.0  # a word may reach this far into the gutter without running across it
    min_side_rows: int = 3  # rows with text on each side of the gutter, not running across it
    word_gap: float = 1.5  # share of the font size: the widest space between two words of one line of text
    short_end: float = 1.5  # share of the font size: a left line ending this far before the gutter ends short
    indent: float = 0.3  # share of the font size: a right line starting this far past the gutter is indented
    float_pitch: float = 2.0  # share of the font size: rows of one float are this close to each other


COLUMNS = ColumnSettings()


@dataclass
class Gutter:
    """The vertical strip between two columns: from the left column's right edge to the right column's left."""

    x0: float
    x1: float

    @property
    def split(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Region:
    """A horizontal band of the page: one full-width column (`columns` 1) or two."""

    top: float
    bottom: float
    columns: int
    rows: list[Row] = field(default_factory=list)


def find_gutter(rows: list[Row], page_width: float, settings: ColumnSettings = COLUMNS) -> Gutter | None:
    """The empty vertical strip near the middle that separates two columns, or None for a one-column page.

    Counts, for every point of x in the middle of the page, how many rows have a word there. Full-width rows
    (title, abstract, wide tables and figures) cover the gutter as well, so a candidate is a valley of points
    covered closer to the least covered point than to the typical one. A valley can be wider than the gutter (an
    indented abstract above the left column leaves the left column's right edge uncovered on most rows) or
    narrower (a full-width table with a column of numbers on the gutter), so each valley is moved to the column
    edges around it: the rightmost x where several left-column lines of text end and the leftmost x where several
    right-column lines start. The gutter is the candidate that the fewest rows run across, ties to the wider; at
    least a few rows must have text on each side of it without running across.
    """
    if len(rows) < 6:
        return None
    lo, hi = int(page_width * settings.middle[0]), int(page_width * settings.middle[1])
    coverage = coverage_profile(rows, lo, hi)
    low, typical = min(coverage), median(coverage)
    if low > 0.5 * len(rows) or typical - low < 3:
        return None
    best, best_key = None, None
    for start, end in valleys(coverage, low + settings.valley_share * (typical - low)):
        if end - start < settings.min_valley:
            continue
        gutter = to_column_edges(Gutter(lo + start, lo + end), rows, settings)
        apart = [sides(row, gutter) for row in rows if not crosses(row, gutter, settings)]
        if sum(s[0] for s in apart) < settings.min_side_rows or sum(s[1] for s in apart) < settings.min_side_rows:
            continue
        key = (len(rows) - len(apart), -(gutter.x1 - gutter.x0))
        if best_key is None or key < best_key:
            best, best_key = gutter, key
    return best


def to_column_edges(valley: Gutter, rows: list[Row], settings: ColumnSettings = COLUMNS) -> Gutter:
    """The valley moved to the column edges around it: where several lines of text end (left) and start (right)."""
    split = valley.split
    ends: Counter = Counter()
    starts: Counter = Counter()
    for row in rows:
        left = [w for w in row.words if (w.x0 + w.x1) / 2 < split]
        right = [w for w in row.words if (w.x0 + w.x1) / 2 >= split]
        # only lines of text count, not rows of a table (whose cells stand apart) that may end anywhere
        if left and is_text_line(left, row.size) and valley.x0 - settings.edge_window <= left[-1].x1 <= split:
            ends[round(left[-1].x1)] += 1
        if right and is_text_line(right, row.size) and split <= right[0].x0 <= valley.x1 + settings.edge_window:
            starts[round(right[0].x0)] += 1
    x0 = max((x for x, n in ends.items() if n >= settings.edge_rows), default=None)
    x1 = min((x for x, n in starts.items() if n >= settings.edge_rows), default=None)
    left_edge = valley.x0 if x0 is None else x0
    right_edge = valley.x1 if x1 is None else x1
    if right_edge - left_edge < 2 * settings.slack + 1:
        return valley
    return Gutter(left_edge, right_edge)


def is_text_line(words: list[Word], size: float, settings: ColumnSettings = COLUMNS) -> bool:
    """Whether words (left to right) run on as one line of text: no gap between them wider than a few spaces."""
    return all(b.x0 - a.x1 <= settings.word_gap * size for a, b in zip(words, words[1:]))


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


def crosses(row: Row, gutter: Gutter, settings: ColumnSettings = COLUMNS) -> bool:
    """Whether the row runs across the gutter: a word spans the gutter's middle, or the words on either side of
    the middle are closer than half its width (a full-width line with a space there).

    A word only poking into the gutter (a long URL at a line end, a table's box drawn a little wider than its
    column) does not cross it.
    """
    split, quarter = gutter.split, (gutter.x1 - gutter.x0) / 4
    if any(w.x0 < split - settings.slack / 2 and w.x1 > split + settings.slack / 2 for w in row.words):
        return True
    left = [w.x1 for w in row.words if (w.x0 + w.x1) / 2 < split]
    right = [w.x0 for w in row.words if (w.x0 + w.x1) / 2 >= split]
    return bool(left and right) and min(right) - max(left) < 2 * quarter


def off_column_grid(row: Row, gutter: Gutter, settings: ColumnSettings = COLUMNS) -> bool:
    """Whether a row with words on both sides of the gutter is no pair of column lines: it ends well short of the
    left column's right edge and starts right of the right column's left edge (more than a paragraph's indent
    could explain alone), or on both sides its words stand apart like a table's cells."""
    split = gutter.split
    left = [w for w in row.words if (w.x0 + w.x1) / 2 < split]
    right = [w for w in row.words if (w.x0 + w.x1) / 2 >= split]
    if not left or not right:
        return False
    size = row.size
    if left[-1].x1 < gutter.x0 - settings.short_end * size and right[0].x0 > gutter.x1 + settings.indent * size:
        return True
    return not is_text_line(left, size) and not is_text_line(right, size)


def regions(rows: list[Row], gutter: Gutter | None, settings: ColumnSettings = COLUMNS) -> list[Region]:
    """Cut the page top to bottom into full-width and two-column bands."""
    if gutter is None:
        return [Region(rows[0].top, rows[-1].bottom, 1, list(rows))] if rows else []
    kinds = [1 if crosses(row, gutter, settings) else 2 for row in rows]
    off_grid = [off_column_grid(row, gutter, settings) for row in rows]
    for i, off in enumerate(off_grid):
        # A full-width float whose column gap happens to fall on the gutter: row after row, its rows are no pairs
        # of column lines (they keep off the column edges, or stand apart like cells on both sides).
        if off and any(0 <= j < len(rows) and (off_grid[j] or kinds[j] == 1)
                       and abs(rows[j].top - rows[i].top) <= settings.float_pitch * rows[i].size
                       for j in (i - 1, i + 1)):
            kinds[i] = 1
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
    """Lines in reading order: each band top to bottom; in two-column bands the left column first."""
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
