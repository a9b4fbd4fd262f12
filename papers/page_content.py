"""The first stage of PDF extraction: one pdfminer page -> `PageContent` (upright characters grouped into rows,
rules drawn as lines, thin rectangles or images, rotated labels, figure areas). The rest of the pipeline
(`papers.extract`) works on these."""

from __future__ import annotations

from dataclasses import dataclass, field

from papers.glyphs import glyph_text
from papers.layout import BOLD_FONT, Char, Row, rows_from_chars
from papers.page_parts import PARTS, Box, PartSettings, plot_boxes
from papers.table_graphics import add_graphic, rotated_labels, sideways_char
from papers.tables import RotatedLabel, Rule, VerticalRule


@dataclass
class PageContent:
    """One page after the first pass: rows of words and horizontal rules."""

    number: int
    width: float
    height: float
    rows: list[Row]
    rules: list[Rule]
    verticals: list[VerticalRule] = field(default_factory=list)
    rotated: list[RotatedLabel] = field(default_factory=list)
    figures: list[Box] = field(default_factory=list)
    plots: list[Box] = field(default_factory=list)


def layout_objects(layout) -> list:
    """All leaf objects of a pdfminer layout tree (figures and other containers opened)."""
    from pdfminer.layout import LTChar, LTContainer

    stack, leaves = list(layout), []
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTContainer) and not isinstance(obj, LTChar):
            stack.extend(obj)
        else:
            leaves.append(obj)
    return leaves


def read_page(page, number: int) -> PageContent:
    """Upright characters (the rotated arXiv stamp is not upright) and horizontal rules of one page."""
    from pdfminer.layout import LTChar, LTCurve, LTImage

    layout = page.layout
    height, width = layout.y1, layout.x1
    chars: list[Char] = []
    rules: list[Rule] = []
    verticals: list[VerticalRule] = []
    sideways: list = []
    bold: dict[str, bool] = {}
    for obj in layout_objects(layout):
        if isinstance(obj, LTChar):
            if obj.x1 < layout.x0 or obj.x0 > width or obj.y0 > height or obj.y1 < layout.y0:
                continue
            if not obj.upright:
                turned = sideways_char(obj, height)
                if turned is not None:
                    sideways.append(turned)
                continue
            font = obj.fontname
            text = obj.get_text()
            if text.startswith("(cid:"):
                text = glyph_text(text, font)
                if not text:
                    continue
            if font not in bold:
                bold[font] = bool(BOLD_FONT.search(font))
            chars.append(Char(text, obj.x0, obj.x1, height - obj.y1, height - obj.y0, obj.y1 - obj.y0,
                              bold[font], height - obj.matrix[5]))
        elif isinstance(obj, (LTCurve, LTImage)):  # lines, thin filled rectangles and images drawn as rules
            add_graphic(obj, height, rules, verticals)
    forms, plots = figure_boxes(layout)
    return PageContent(number, width, height, rows_from_chars(chars), rules, verticals, rotated_labels(sideways),
                       forms, plots)


def figure_boxes(layout, settings: PartSettings = PARTS) -> tuple[list[Box], list[Box]]:
    """Boxes of the figures drawn as form objects holding text (included PDF figures), not those covering the
    page, and of plots drawn on the page itself (see `plot_boxes`)."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTFigure, LTLine, LTRect

    height = layout.y1
    page_area = max((layout.x1 - layout.x0) * (layout.y1 - layout.y0), 1.0)
    boxes: list[Box] = []
    marks: list[Box] = []
    strokes: list[Box] = []
    for obj in layout:
        if isinstance(obj, LTCurve):
            box = (obj.x0, height - obj.y1, obj.x1, height - obj.y0)
            if isinstance(obj, LTLine) and max(obj.width, obj.height) <= settings.mark_length:
                marks.append(box)
            elif not isinstance(obj, (LTLine, LTRect)) and len(getattr(obj, "pts", ())) >= 3:
                marks.append(box)
            else:
                strokes.append(box)
            continue
        if not isinstance(obj, LTFigure):
            continue
        stack, leaves, has_text = list(obj), [], False
        while stack:
            item = stack.pop()
            if isinstance(item, LTContainer) and not isinstance(item, LTChar):
                stack.extend(item)
            else:
                leaves.append(item)
                has_text = has_text or isinstance(item, LTChar)
        if not has_text:
            continue
        # what the form draws, not the box it declares (which may be the whole page)
        x0, x1 = min(o.x0 for o in leaves), max(o.x1 for o in leaves)
        y0, y1 = min(o.y0 for o in leaves), max(o.y1 for o in leaves)
        if (x1 - x0) * (y1 - y0) <= settings.max_figure_share * page_area:
            boxes.append((x0, height - y1, x1, height - y0))
    return boxes, plot_boxes(marks, strokes, settings) if marks else []
