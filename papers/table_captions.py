"""Table captions and the shape of text rows, pure: "Table N:" captions with their continuation lines (never a
"Table 7." that ends a sentence of running text), and whether a row is running text or a row of table cells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from papers.layout import Row, Word
from papers.table_geometry import CAPTION_START, SETTINGS, Rule, TableSettings, segments, text_of
from papers.text import join_lines, normalise

Area = Callable[[float, float], tuple[float, float]]


@dataclass
class Caption:
    """A "Table N: ..." caption: its number, text, extent and the column it is set in."""

    number: str
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    column: tuple[float, float]
    words: list[Word] = field(default_factory=list)


def in_range(row: Row, x0: float, x1: float) -> list[Word]:
    return [w for w in row.words if x0 - 1 <= (w.x0 + w.x1) / 2 <= x1 + 1]


def caption_start(words: list[Word], i: int, settings: TableSettings) -> str | None:
    """The table number when words[i] begins a caption at the left of its column, else None."""
    if i and words[i].x0 - words[i - 1].x1 < settings.caption_column_gap * words[i].size:
        return None
    line = [words[i]]
    for w in words[i + 1:i + 3]:  # up to the end of the caption's column
        if w.x0 - line[-1].x1 > settings.caption_column_gap * w.size:
            break
        line.append(w)
    match = CAPTION_START.match(text_of(line)) or CAPTION_START.match(words[i].text)
    return match.group(1) if match else None


def continues_text(rows: list[Row], index: int, column: tuple[float, float], first: Word,
                   settings: TableSettings) -> bool:
    """Whether the row just above (within a line's spacing, in the same column) runs on into this one: then a
    "Table 7." at the start of this row ends a sentence ("... are presented in / Table 7.")."""
    for above in reversed(rows[:index]):
        words = in_range(above, *column)
        if not words:
            continue
        if first.top - above.bottom > settings.caption_line_gap * first.size:
            return False
        last = words[-1].text
        return last[-1:].isalpha() or last.endswith((",", "-"))
    return False


def find_captions(rows: list[Row], area: Area, settings: TableSettings = SETTINGS,
                  rules: list[Rule] | None = None) -> list[Caption]:
    """Every "Table N:" caption on the page, with its continuation lines (up to a rule, or a row of cells)."""
    captions: list[Caption] = []
    used: set[int] = set()
    for index, row in enumerate(rows):
        words = row.words
        for i in range(len(words)):
            if id(words[i]) in used:
                continue
            number = caption_start(words, i, settings)
            if number is None:
                continue
            line = [words[i]]
            for w in words[i + 1:]:
                if w.x0 - line[-1].x1 > settings.caption_column_gap * w.size or caption_start(words, words.index(w),
                                                                                             settings):
                    break
                line.append(w)
            column = area(line[0].x0, line[-1].x1)
            if continues_text(rows, index, column, line[0], settings):
                continue
            lines, picked = [text_of(line)], list(line)
            left, right = min(line[0].x0, column[0]), max(line[-1].x1, column[1])
            edge = row.bottom
            for below in rows[index + 1:]:
                if len(lines) > settings.caption_max_lines:
                    break
                more = [w for w in in_range(below, left, right) if w.x0 >= line[0].x0 - 2 * w.size]
                if more and more[0].x0 > (line[0].x0 + line[-1].x1) / 2:
                    continue  # text beside the caption, not under it
                if not more:
                    continue
                if below.top - edge > settings.caption_line_gap * more[0].size:
                    break
                if caption_start(more, 0, settings) or cell_row(more, settings) or any(
                        edge - 1 <= r.y <= below.top + 1 and r.x0 < right and r.x1 > left for r in rules or []):
                    break  # the next caption, a row of table cells, or a rule: the caption has ended
                more = segments(more, settings.caption_column_gap * more[0].size)[0]  # not the caption beside it
                lines.append(text_of(more))
                picked.extend(more)
                edge = below.bottom
            used.update(id(w) for w in picked)
            text = join_lines([normalise(t) for t in lines])
            captions.append(Caption(number, text, min(w.x0 for w in picked), max(w.x1 for w in picked),
                                    min(w.top for w in picked), max(w.bottom for w in picked),
                                    line[0].size, column, picked))
    return side_by_side(captions)


def side_by_side(captions: list[Caption]) -> list[Caption]:
    """Captions set beside one another (two tables next to each other) share their column: each keeps its half."""
    for a in captions:
        for b in captions:
            if a is not b and a.x1 <= b.x0 and a.top < b.bottom and b.top < a.bottom:
                middle = (a.x1 + b.x0) / 2
                a.column = (a.column[0], min(a.column[1], middle))
                b.column = (max(b.column[0], middle), b.column[1])
    return captions


def justified(words: list[Word], size: float, settings: TableSettings) -> bool:
    """Words set at even spaces (the spaces of a justified line are all alike; the gaps between cells are not)."""
    gaps = [b.x0 - a.x1 for a, b in zip(words, words[1:])]
    if not gaps or max(gaps) < settings.prose_gap * size:
        return True
    return max(gaps) - min(gaps) < settings.justified_spread * size


def wordy(words: list[Word], share: float) -> bool:
    """At least `share` of the words have more letters than digits."""
    def letters(text: str) -> int:
        return sum(ch.isalpha() for ch in text) - sum(ch.isdigit() for ch in text)

    return sum(letters(w.text) > 0 for w in words) >= share * len(words)


def is_prose(words: list[Word], width: float, settings: TableSettings = SETTINGS) -> bool:
    """Running text: mostly words at even spaces filling the column, or the last line of a paragraph."""
    size = max(w.size for w in words)
    if not justified(words, size, settings):
        return False
    extent = words[-1].x1 - words[0].x0
    if len(words) >= settings.prose_min_words and extent >= settings.prose_fill * width and wordy(words, 0.6):
        return True
    return len(words) >= 4 and words[-1].text.endswith(".") and wordy(words, 0.7)


def cell_row(words: list[Word], settings: TableSettings) -> bool:
    """A row of three or more table cells (wide, uneven gaps), not a justified line of text."""
    size = max(w.size for w in words)
    return len(segments(words, settings.prose_gap * size)) > 2 and not (justified(words, size, settings)
                                                                         and wordy(words, 0.6))
