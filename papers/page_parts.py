"""Which lines of a page are not running text, pure: text inside figures and footnotes (the references list is
told by its heading, in the document).

A figure's text (axis ticks, legends, labels) lies inside a drawn figure's box: PDF figures included by the
typesetter are form objects, whose boxes extraction collects. A footnote is a run of small lines at the bottom
of a column whose first line starts with its marker (a number or a symbol such as * or †).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from papers.layout import Line, Row

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (points from the page's top-left corner)

FOOTNOTE_MARK = re.compile(r"^(?:\^?\d{1,2}(?![\d,.])|[*\u2217\u2020\u2021\u00a7\u00b6])\s?[^\W\d_]")


@dataclass(frozen=True)
class PartSettings:
    """Tunables of telling figure text and footnotes apart (points unless said otherwise)."""

    max_figure_share: float = 0.6  # a form object covering more of the page is the page, not a figure
    figure_margin: float = 2.0  # a word this close outside a figure's box is still in it
    small: float = 0.75  # footnote text is at least this much smaller than the body text
    gap: float = 0.3  # share of a line's size: the blank space above a footnote block
    two_column_share: float = 0.5  # floats are told apart only on pages with at least this share in two columns
    full_line: float = 0.75  # share of the page's text width a line of running text spans
    mark_length: float = 6.0  # a stroke this short is a tick mark
    min_plot_marks: int = 4  # marks (ticks, data curves) that make a cluster of strokes a plot
    min_plot_size: float = 30.0  # a plot's box is at least this wide and high
    plot_join: float = 6.0  # strokes this close belong to one drawing
    plot_margin: float = 24.0  # around a plot's strokes: tick labels left and below, axis titles
    max_plot_items: int = 5000  # more strokes on one page are not looked at


PARTS = PartSettings()


def inside(line: Line | Row, boxes: list[Box], margin: float) -> bool:
    """Whether most of the line's characters lie inside one of the boxes."""
    total = sum(len(w.text) for w in line.words) or 1
    held = 0
    for w in line.words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        if any(x0 - margin <= cx <= x1 + margin and top - margin <= cy <= bottom + margin for x0, top, x1, bottom in boxes):
            held += len(w.text)
    return held > 0.5 * total


def figure_lines(lines: list[Line], figures: list[Box], plots: list[Box] | None = None, body: float = 10.0,
                 settings: PartSettings = PARTS) -> set[int]:
    """ids of the lines that are text inside a figure: a form object's box, or a plot drawn on the page (whose
    box reaches out to its tick labels), where a line of running text nearby stays text."""
    found = set()
    for line in lines:
        if line.words[0].table is not None:
            continue
        if figures and inside(line, figures, settings.figure_margin):
            found.add(id(line))
        elif plots and inside(line, plots, 0.0) and not is_prose(line, body, settings):
            found.add(id(line))
    return found


def is_prose(line: Line, body: float, settings: PartSettings = PARTS) -> bool:
    """A line of running text: body size, several words, mostly letters, or a caption."""
    text = line.text.replace(" ", "")
    letters = sum(ch.isalpha() for ch in text)
    return bool(CAPTION.match(line.text)) or (line.size >= body - settings.small and len(line.words) >= 8
                                               and letters >= 0.6 * max(len(text), 1))


def plot_boxes(marks: list[Box], strokes: list[Box], settings: PartSettings = PARTS) -> list[Box]:
    """Boxes of plots drawn on the page itself (pgfplots, TikZ): clusters of touching strokes holding several plot
    marks (tick marks, data curves), widened by a margin that takes in their tick labels and axis titles. Table
    rules and grids have no marks."""
    items = sorted([(b, True) for b in marks] + [(b, False) for b in strokes], key=lambda item: item[0][0])
    if len(items) > settings.max_plot_items:
        items = items[:settings.max_plot_items]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    reach = settings.plot_join
    for i, ((_, top, x1, bottom), _) in enumerate(items):
        for j in range(i + 1, len(items)):
            (ox0, otop, _, obottom), _ = items[j]
            if ox0 > x1 + reach:
                break
            if otop <= bottom + reach and obottom >= top - reach:
                parent[find(j)] = find(i)
    clusters: dict[int, list[tuple[Box, bool]]] = {}
    for i, item in enumerate(items):
        clusters.setdefault(find(i), []).append(item)
    boxes = []
    margin = settings.plot_margin
    for members in clusters.values():
        if sum(mark for _, mark in members) < settings.min_plot_marks:
            continue
        x0, top = min(b[0] for b, _ in members), min(b[1] for b, _ in members)
        x1, bottom = max(b[2] for b, _ in members), max(b[3] for b, _ in members)
        if x1 - x0 >= settings.min_plot_size and bottom - top >= settings.min_plot_size:
            boxes.append((x0 - margin, top - margin / 2, x1 + margin / 2, bottom + margin))
    return boxes


def footnote_lines(lines: list[Line], body: float, skip: set[int], settings: PartSettings = PARTS) -> set[int]:
    """ids of the lines that are footnotes: the run of small lines at the bottom of a column of the page's last
    band, set off by space above it, once one of its lines starts with a footnote marker. A run without a marker
    is a footnote too when it sits level with a footnote of the other column (one continued there)."""
    columns: dict[tuple[int, int], list[Line]] = {}
    for line in lines:
        if line.words[0].table is None and id(line) not in skip:
            columns.setdefault((line.region, line.column), []).append(line)
    last_region = max((key[0] for key in columns), default=-1)
    found: set[int] = set()
    unmarked: list[list[Line]] = []
    tops: list[float] = []
    for (region, _), column in columns.items():
        if region != last_region:
            continue
        run = bottom_run(column, body, settings)
        if not run:
            continue
        marked = [i for i, line in enumerate(run) if FOOTNOTE_MARK.match(line.text)]
        if marked:
            first = 0 if set_off(run[0], column, body, settings) else marked[0]
            found.update(id(x) for x in run[first:])
            tops.append(run[first].top)
        elif set_off(run[0], column, body, settings):
            unmarked.append(run)
    for run in unmarked:
        if any(abs(run[0].top - top) <= 3 * run[0].size for top in tops):
            found.update(id(x) for x in run)
    return found


def bottom_run(column: list[Line], body: float, settings: PartSettings) -> list[Line]:
    """The lines at the bottom of a column set smaller than the body text."""
    run = []
    for line in reversed(column):
        if line.size > body - settings.small:
            break
        run.append(line)
    run.reverse()
    return run


def set_off(line: Line, column: list[Line], body: float, settings: PartSettings) -> bool:
    """Whether a small line has space above it (or is the column's first line)."""
    index = column.index(line)
    if index == 0:
        return True
    above = column[index - 1]
    return line.top - above.bottom >= settings.gap * line.size


CAPTION = re.compile(r"^(?:Figure|Fig\.|Table|TABLE|FIGURE)\s*[0-9IVX]+[:.]")


def float_lines(lines: list[Line], columns: dict[int, int], first_page: bool, body: float,
                settings: PartSettings = PARTS) -> tuple[set[int], set[int]]:
    """(figure line ids, caption line ids) of full-width floats on a two-column page: full-width bands of two rows
    or more below a two-column band, or at the top of a page after the first. Running text is never full-width
    there, so a float's text must not interrupt the paragraph that goes on around it.

    Only on a page that is mostly two-column, and never a band whose lines are mostly running text (body size,
    mostly letters, nearly the page's text width): a one-column page with side-by-side figures keeps its text.
    """
    bands: dict[int, list[Line]] = {}
    tables: set[int] = set()  # bands holding a table (its placeholder line)
    for line in lines:
        if line.words[0].table is None:
            bands.setdefault(line.region, []).append(line)
        else:
            tables.add(line.region)
    in_two = sum(len(bands.get(region, [])) for region, count in columns.items() if count == 2)
    if not bands or in_two < settings.two_column_share * sum(len(b) for b in bands.values()):
        return set(), set()
    left = min(line.x0 for band in bands.values() for line in band)
    right = max(line.x1 for band in bands.values() for line in band)
    seen_two = False
    figure: set[int] = set()
    caption: set[int] = set()
    for region in sorted(columns):
        if columns[region] == 2:
            seen_two = True
            continue
        band = bands.get(region, [])
        if len(band) + (region in tables) < 2 or not band or not (seen_two or not first_page):
            continue
        if sum(is_running_text(line, body, right - left, settings) for line in band) > len(band) / 2:
            continue
        in_caption = False
        for line in band:
            in_caption = in_caption or bool(CAPTION.match(line.text))
            (caption if in_caption else figure).add(id(line))
    return figure, caption


def is_running_text(line: Line, body: float, text_width: float, settings: PartSettings = PARTS) -> bool:
    """A line of body text across the page: body size, mostly letters, nearly the full text width."""
    text = line.text.replace(" ", "")
    letters = sum(ch.isalpha() for ch in text)
    return (line.size >= body - settings.small and letters >= 0.6 * max(len(text), 1)
            and line.x1 - line.x0 >= settings.full_line * text_width)
