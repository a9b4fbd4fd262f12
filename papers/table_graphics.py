"""What a page draws that tables are made of, pure over pdfminer objects: horizontal and vertical rules (lines,
thin filled rectangles, thin images) and sideways text (rotated row-group labels)."""

from __future__ import annotations

from dataclasses import dataclass

from papers.table_geometry import SETTINGS, RotatedLabel, Rule, TableSettings, VerticalRule


@dataclass
class SidewaysChar:
    """A glyph set at 90 degrees; `upwards` when the text reads from the bottom of the page to the top."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    upwards: bool


def add_graphic(obj, height: float, rules: list[Rule], verticals: list[VerticalRule],
                settings: TableSettings = SETTINGS) -> None:
    """Record a line, rectangle, curve or image that is thin enough to be a rule (y measured from the top)."""
    w, h = obj.x1 - obj.x0, obj.y1 - obj.y0
    if h <= settings.rule_max_thickness and w >= settings.rule_min_length:
        rules.append(Rule(obj.x0, obj.x1, height - (obj.y0 + obj.y1) / 2))
    elif w <= settings.rule_max_thickness and h >= settings.vertical_min_length:
        verticals.append(VerticalRule((obj.x0 + obj.x1) / 2, height - obj.y1, height - obj.y0))


def sideways_char(obj, height: float) -> SidewaysChar | None:
    """A glyph turned by a quarter (matrix a = d = 0), else None (upright or slanted glyphs)."""
    a, b, c, d = obj.matrix[:4]
    if abs(a) > 0.1 * abs(b) or abs(d) > 0.1 * abs(c) or not b:
        return None
    return SidewaysChar(obj.get_text(), obj.x0, obj.x1, height - obj.y1, height - obj.y0, abs(b), b > 0)


def rotated_labels(chars: list[SidewaysChar]) -> list[RotatedLabel]:
    """Sideways glyphs joined into labels: glyphs on one vertical line, in reading order, spaced where apart."""
    columns: list[list[SidewaysChar]] = []
    for ch in sorted(chars, key=lambda c: ((c.x0 + c.x1) / 2, c.top)):
        middle = (ch.x0 + ch.x1) / 2
        for column in columns:
            ref = column[0]
            if abs((ref.x0 + ref.x1) / 2 - middle) < 0.4 * ch.size and ref.upwards == ch.upwards:
                column.append(ch)
                break
        else:
            columns.append([ch])
    labels = []
    for column in columns:
        column.sort(key=lambda c: c.top)
        runs: list[list[SidewaysChar]] = [[column[0]]]
        for ch in column[1:]:
            if ch.top - runs[-1][-1].bottom > 0.8 * ch.size:
                runs.append([])
            runs[-1].append(ch)
        for run in runs:
            ordered = list(reversed(run)) if run[0].upwards else run
            text = ""
            for prev, ch in zip([None, *ordered], ordered):
                gap = 0.0 if prev is None else (prev.top - ch.bottom if ch.upwards else ch.top - prev.bottom)
                text += (" " if gap > 0.2 * ch.size and text and not text.endswith(" ") else "") + ch.text
            text = " ".join(text.split())
            if text:
                labels.append(RotatedLabel(text, min(c.x0 for c in run), max(c.x1 for c in run),
                                           min(c.top for c in run), max(c.bottom for c in run)))
    return labels


def between_rules(top: float, bottom: float, x0: float, x1: float, rules: list[Rule]) -> bool:
    """Whether a row lies between two horizontal rules that span it (a table's header at the top of a page)."""
    size = bottom - top
    spanning = [r.y for r in rules if r.x0 - 2 <= x0 and r.x1 + 2 >= x1]
    return any(top - 3 * size <= y <= top for y in spanning) and any(bottom <= y <= bottom + 3 * size for y in spanning)
