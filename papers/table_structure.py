"""The structure of one found table, pure: columns from the alignment of its body rows, header rows and their
spanning levels, row labels with their groups (group rows, rotated labels), and each value with its column path.

Columns are the horizontal stretches covered by the cells of the body rows (never merged across a gap no body cell
bridges, and split at vertical rules). Header rows are the rows above the first rule inside the table (or above
the first row of values); a header cell covers the columns under it, and a spanning header (one centred over
several columns that have their own headers below, or one with a partial rule under it) covers all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from papers.layout import Row, Word
from papers.table_captions import in_range
from papers.table_finding import Region
from papers.table_geometry import (
    SETTINGS,
    RotatedLabel,
    TableSettings,
    clean_value,
    gap_limit,
    is_numeric,
    segments,
    text_of,
)
from papers.text import normalise


@dataclass
class BodyRow:
    """One data row: its label path (groups first), its cells (one per column, '' when empty) and extent."""

    label: list[str]
    values: list[str]
    top: float
    bottom: float
    boxes: list[tuple[float, float, float, float] | None] = field(default_factory=list)


@dataclass
class Structure:
    columns: list[list[str]]  # header path of each column
    label_columns: int
    body: list[BodyRow]


def region_lines(rows: list[Row], region: Region, exclude: set[int]) -> list[list[Word]]:
    """Per page row, the words inside the region (caption words excluded); empty rows dropped."""
    lines = []
    for row in rows:
        if row.bottom < region.top - 1 or row.top > region.bottom + 1:
            continue
        words = [w for w in in_range(row, region.x0, region.x1) if id(w) not in exclude
                 and region.top - 1 <= (w.top + w.bottom) / 2 <= region.bottom + 1]
        if words:
            lines.append(words)
    return lines


def data_like(line: list[Word], gap: float) -> bool:
    """A row of values: several cells, most of those after the first numeric."""
    segs = segments(line, gap)
    if len(segs) < 2:
        return False
    rest = [text_of(s) for s in segs[1:]]
    return sum(is_numeric(t) for t in rest) >= max(1, len(rest) / 2)


def rule_lines(region: Region) -> list[tuple[float, float, float]]:
    """(y, x0, x1) of each drawn line inside the region, pieces at the same height joined (a midrule drawn in
    pieces, one per column group)."""
    joined: list[list[float]] = []
    for r in sorted(region.rules, key=lambda r: r.y):
        if region.top + 2 < r.y < region.bottom - 2:
            if joined and r.y - joined[-1][0] < 1.0:
                joined[-1][1], joined[-1][2] = min(joined[-1][1], r.x0), max(joined[-1][2], r.x1)
            else:
                joined.append([r.y, r.x0, r.x1])
    return [(y, a, b) for y, a, b in joined]


def group_like(line: list[Word], region: Region, gap: float) -> bool:
    """One long stretch of text from the table's left edge: a row naming the group of the rows under it."""
    width = region.x1 - region.x0
    return len(segments(line, gap)) == 1 and line[0].x0 - region.x0 < 0.1 * width \
        and line[-1].x1 - line[0].x0 > 0.3 * width and not is_numeric(text_of(line))


def header_count(lines: list[list[Word]], region: Region, gap: float) -> int:
    """How many of the lines are header rows: those above the lowest rule that has no row of values above it
    (within the first six lines), else those above the first row of values."""
    width = region.x1 - region.x0
    count = 0
    for y, x0, x1 in rule_lines(region):
        if x1 - x0 < 0.6 * width:
            continue
        above = [line for line in lines if max(w.bottom for w in line) <= y + 1]
        if len(above) > 6 or len(above) >= len(lines) or any(data_like(line, gap) for line in above):
            break
        if count and any(group_like(line, region, gap) for line in above[count:]):
            break  # a group row under the header, between rules of its own
        count = len(above)
    if count:
        return count
    for index, line in enumerate(lines):
        if data_like(line, gap):
            return index
    return 1 if len(lines) > 1 else 0


def line_spans(line: list[Word], gap: float, cuts: list[float]) -> list[tuple[float, float]]:
    """The stretches a row of several cells covers, one per cell, split at vertical rules; [] for a row of one
    cell (a group row or a wrapped label)."""
    segs = segments(line, gap)
    if len(segs) < 2:
        return []
    spans: list[tuple[float, float]] = []
    for seg in segs:
        pieces: list[list[Word]] = [[]]
        for w in seg:
            if pieces[-1] and any(pieces[-1][-1].x1 <= x + 1 and w.x0 >= x - 1 for x in cuts):
                pieces.append([])
            pieces[-1].append(w)
        spans.extend((p[0].x0, p[-1].x1) for p in pieces if p)
    return spans


def column_intervals(lines: list[list[Word]], gap: float, cuts: list[float]) -> list[tuple[float, float]]:
    """Columns: stretches covered by the cells of the rows of several cells. Where many rows are given, a stretch
    only one row covers (a long label running over empty cells) does not join the columns on either side."""
    spans_by_line = [line_spans(line, gap, cuts) for line in lines]
    rows = sum(1 for spans in spans_by_line if spans)
    if not rows:
        return []
    allowed = 1 if rows >= 6 else 0
    lo = int(min(a for spans in spans_by_line for a, _ in spans)) - 1
    hi = int(max(b for spans in spans_by_line for _, b in spans)) + 2
    cover = [0] * (2 * (hi - lo) + 1)
    for spans in spans_by_line:
        marks: set[int] = set()
        for a, b in spans:
            marks.update(range(int(2 * (a - lo)), int(2 * (b - lo)) + 1))
        for m in marks:
            cover[m] += 1
    for x in cuts:
        m = int(2 * (x - lo))
        if 0 <= m < len(cover):
            cover[m] = 0
    columns: list[tuple[float, float]] = []
    start = None
    for m, count in enumerate(cover + [0]):
        if count > allowed and start is None:
            start = m
        elif count <= allowed and start is not None:
            columns.append((lo + start / 2, lo + (m - 1) / 2))
            start = None
    return columns


def column_of(x: float, columns: list[tuple[float, float]]) -> int:
    for i, (a, b) in enumerate(columns):
        if a - 0.5 <= x <= b + 0.5:
            return i
    return min(range(len(columns)), key=lambda i: min(abs(x - columns[i][0]), abs(x - columns[i][1])))


def split_cells(line: list[Word], columns: list[tuple[float, float]], gap: float) -> list[list[Word]]:
    """The words of each column: a cell of text goes whole to the column it starts in (a long label may run over
    empty cells), numbers each to the column under their middle."""
    out: list[list[Word]] = [[] for _ in columns]
    for seg in segments(line, gap):
        if all(is_numeric(w.text) for w in seg):
            for w in seg:
                out[column_of((w.x0 + w.x1) / 2, columns)].append(w)
            continue
        first = column_of((seg[0].x0 + seg[0].x1) / 2, columns)
        if sum(1 for w in seg if is_numeric(w.text)) > len(seg) / 2:
            for w in seg:
                out[column_of((w.x0 + w.x1) / 2, columns)].append(w)
            continue
        out[first].extend(seg)
    return out


def join_header(parts: list[str]) -> str:
    text = ""
    for part in parts:
        text = text + part if text.endswith(("-", "/")) or not text else f"{text} {part}"
    return normalise(text).strip()


def covered(seg: list[Word], columns: list[tuple[float, float]]) -> list[int]:
    """Columns a header cell lies over (both neighbours when it is centred over the gap between them)."""
    x0, x1 = seg[0].x0, seg[-1].x1
    middle = (x0 + x1) / 2
    hit = [i for i, (a, b) in enumerate(columns) if min(b, x1) - max(a, x0) >= min(1.0, (b - a) / 2)]
    if not hit:
        hit = [column_of(middle, columns)]
    inside = [i for i in hit if columns[i][0] - 0.5 <= middle <= columns[i][1] + 0.5]
    if not inside and len(hit) == 1:
        i = hit[0]
        aligned = abs(x0 - columns[i][0]) < 2 or abs(x1 - columns[i][1]) < 2  # set flush with its column
        other = i + 1 if middle > columns[i][1] else i - 1
        if 0 <= other < len(columns) and not aligned:
            hit = sorted([i, other])
    return hit


def vertical_cell(seg: list[Word], region: Region) -> tuple[float, float] | None:
    """The stretch between the vertical rules left and right of a header cell, when there are such rules."""
    x0, x1, bottom = seg[0].x0, seg[-1].x1, max(w.bottom for w in seg)
    size = max(w.size for w in seg)
    near = [v.x for v in region.verticals if v.top <= bottom + size and v.bottom >= bottom - 2 * size]
    lefts, rights = [x for x in near if x <= x0 + 1], [x for x in near if x >= x1 - 1]
    if not lefts and not rights:
        return None
    return max(lefts, default=region.x0 - 1), min(rights, default=region.x1 + 1)


def spanning(seg: list[Word], hit: list[int], columns: list[tuple[float, float]], claimed: set[int],
             below: set[int], labels: int, region: Region, alone: bool, next_top: float | None,
             settings: TableSettings) -> list[int]:
    """Widen a header cell to the columns it spans: by a partial rule between it and the next header line, by the
    vertical-rule cell it is alone in, or, above lower headers, to the columns it is centred over."""
    x0, x1, bottom = seg[0].x0, seg[-1].x1, max(w.bottom for w in seg)
    centres = [(a + b) / 2 for a, b in columns]
    size = max(w.size for w in seg)
    if next_top is not None:
        for rule in region.rules:
            if bottom - 1 <= rule.y <= min(bottom + 1.5 * size, next_top + 1) and rule.x0 < x1 and rule.x1 > x0 \
                    and rule.x1 - rule.x0 < 0.9 * (region.x1 - region.x0):
                return [i for i, c in enumerate(centres) if rule.x0 - 1 <= c <= rule.x1 + 1] or hit
    cell = vertical_cell(seg, region)
    if cell is not None and alone:
        inside = [i for i, c in enumerate(centres) if cell[0] < c < cell[1] and (i >= labels or i in hit)]
        if inside and not (set(inside) - set(hit)) & claimed:
            return sorted(set(inside) | set(hit))
    if len(columns) < 3:
        return hit
    pitch = median(b - a for a, b in zip(centres, centres[1:]))
    middle = (x0 + x1) / 2
    i, j = hit[0], hit[-1]
    while i - 1 >= labels and j + 1 < len(columns):
        ni, nj = i - 1, j + 1
        if {ni, nj} & claimed or not {ni, nj} <= below:
            break
        if abs((columns[ni][0] + columns[nj][1]) / 2 - middle) > settings.symmetry * pitch + 0.5 * size:
            break
        i, j = ni, nj
    return list(range(i, j + 1))


def split_under(segs_by_line: list[list[list[Word]]], columns: list[tuple[float, float]]) -> list[list[list[Word]]]:
    """A header cell over several columns that a line above already splits is several cells (spanning headers
    sit above the headers they span, never below)."""
    out: list[list[list[Word]]] = []
    for segs in segs_by_line:
        upper = [set(covered(seg, columns)) for line in out for seg in line]
        line: list[list[Word]] = []
        for seg in segs:
            hit = set(covered(seg, columns))
            if len(hit) > 1 and any(u and u < hit for u in upper):
                pieces: list[list[Word]] = []
                for w in seg:
                    col = column_of((w.x0 + w.x1) / 2, columns)
                    if pieces and column_of((pieces[-1][-1].x0 + pieces[-1][-1].x1) / 2, columns) == col:
                        pieces[-1].append(w)
                    else:
                        pieces.append([w])
                line.extend(pieces)
            else:
                line.append(seg)
        out.append(line)
    return out


def header_paths(header: list[list[Word]], columns: list[tuple[float, float]], labels: int, region: Region,
                 gap: float, settings: TableSettings) -> list[list[str]]:
    """The header path of every column: one level per distinct span, wrapped header lines joined."""
    placed: list[list[tuple[int, frozenset[int], str]]] = [[] for _ in columns]
    segs_by_line = split_under([segments(line, gap) for line in header], columns)
    covers = [[covered(seg, columns) for seg in segs] for segs in segs_by_line]
    flat = [seg for segs in segs_by_line for seg in segs]
    for n, segs in enumerate(segs_by_line):
        below = {i for later in covers[n + 1:] for hit in later for i in hit}
        under = {i for hit in covers[n + 1] for i in hit} if n + 1 < len(covers) else set()
        claimed = {i for hit in covers[n] for i in hit}
        for seg, hit in zip(segs, covers[n]):
            cell = vertical_cell(seg, region)
            alone = cell is not None and not any(
                other is not seg and cell[0] < (other[0].x0 + other[-1].x1) / 2 < cell[1] for other in flat)
            next_top = min(w.top for w in header[n + 1]) if n + 1 < len(header) else None
            grows = below if set(hit) & under else set()  # a spanning header has sub-headers right under it
            span = spanning(seg, hit, columns, claimed - set(hit), grows, labels, region, alone, next_top, settings)
            for i in span:
                placed[i].append((n, frozenset(span), text_of(seg)))
    paths = []
    for items in placed:
        levels: list[tuple[frozenset[int], list[str]]] = []
        for _, cover, text in items:
            if levels and levels[-1][0] == cover:
                levels[-1][1].append(text)
            else:
                levels.append((cover, [text]))
        paths.append([join_header(parts) for _, parts in levels if join_header(parts)])
    return paths


def label_column_count(body: list[list[list[Word]]]) -> int:
    """Leading columns that mostly hold text, not numbers (the row label; at least the first column)."""
    count = 1
    width = len(body[0]) if body else 1
    while count < width - 1:
        texts = [text_of(cells[count]) for cells in body if cells[count]]
        if not texts or sum(is_numeric(t) for t in texts) >= 0.5 * len(texts):
            break
        count += 1
    return count


def rotated_for(line: list[Word], rotated: list[RotatedLabel], region: Region) -> list[str]:
    """The sideways group label a row is under: the nearest one beside the table (a label is centred on its
    group, so the group's first and last rows may lie beyond its ends)."""
    middle = (min(w.top for w in line) + max(w.bottom for w in line)) / 2
    near = []
    for r in rotated:
        if region.x0 - 20 <= r.x0 <= region.x1 and r.x1 <= min(w.x0 for w in line) + 1:
            d = max(0.0, r.top - middle, middle - r.bottom)
            if d <= max(r.bottom - r.top, 10.0):
                near.append((d, r.text))
    return [min(near)[1]] if near else []


def box(words: list[Word]) -> tuple[float, float, float, float] | None:
    if not words:
        return None
    return (round(min(w.x0 for w in words), 1), round(min(w.top for w in words), 1), round(max(w.x1 for w in words), 1),
            round(max(w.bottom for w in words), 1))


def build_structure(rows: list[Row], region: Region, rotated: list[RotatedLabel],
                    settings: TableSettings = SETTINGS) -> Structure | None:
    """The columns, header paths and labelled body rows of a region; None when it has fewer than two columns."""
    exclude = {id(w) for w in region.caption.words} if region.caption else set()
    lines = region_lines(rows, region, exclude)
    if not lines:
        return None
    gap = gap_limit([w for line in lines for w in line], settings)
    heads = header_count(lines, region, gap)
    header, body_lines = lines[:heads], lines[heads:]
    cuts = sorted({v.x for v in region.verticals if region.x0 + 2 < v.x < region.x1 - 2})
    columns = column_intervals(body_lines, gap, cuts)
    if len(columns) < 2:
        return None
    cells = [split_cells(line, columns, gap) for line in body_lines]
    labels = label_column_count(cells)
    paths = header_paths(header, columns, labels, region, gap, settings)
    inner = [r.y for r in region.rules if region.top + 2 < r.y < region.bottom - 2]
    body: list[BodyRow] = []
    group: str | None = None
    group_rows = 0
    previous_bottom = header[-1][-1].bottom if header else region.top
    last_label = ""
    for line, row_cells in zip(body_lines, cells):
        top, bottom = min(w.top for w in line), max(w.bottom for w in line)
        if group is not None and group_rows and any(previous_bottom - 1 <= y <= top + 1 for y in inner):
            group = None
        previous_bottom = bottom
        values = [clean_value(normalise(text_of(c))) for c in row_cells]
        segs = segments(line, gap)
        spans_columns = len(segs) == 1 and len({column_of((w.x0 + w.x1) / 2, columns) for w in line}) > 1
        lone_text = len(segs) == 1 and not is_numeric(text_of(line))
        if not any(values[labels:]) or (lone_text and (spans_columns or not any(values[:labels]))):
            text = normalise(text_of(line)).strip()
            if body and body[-1].label and group_rows and (text[:1].islower() or text[:1] == "("):
                body[-1].label[-1] = f"{body[-1].label[-1]} {text}"  # the row label, wrapped onto a second line
                last_label = body[-1].label[-1]
                continue
            group = f"{group} {text}" if group is not None and not group_rows else text
            group_rows = 0
            continue
        label = " ".join(v for v in values[:labels] if v) or last_label
        last_label = label
        path = rotated_for(line, rotated, region) + ([group] if group else []) + ([label] if label else [])
        body.append(BodyRow(path, values, top, bottom, [box(c) for c in row_cells]))
        group_rows += 1
    return Structure(paths, labels, body)
