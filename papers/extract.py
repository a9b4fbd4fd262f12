"""PDF -> page-anchored passages (pdfplumber): characters -> words -> rows -> columns -> text -> passages.

`EXTRACTOR_VERSION` is part of every cache key: change it whenever the output of extraction changes.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from papers.document import DocumentText, Extraction
from papers.errors import PapersError
from papers.layout import BOLD_FONT, Char, Gutter, Line, Row, Word, find_gutter, reading_lines, regions, rows_from_chars
from papers.tables import Rule, TableBlock, detect_tables

EXTRACTOR_VERSION = "2"  # 2: gutter found under a full-width header block over short columns

PAGE_NUMBER = re.compile(r"^(?:page\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
SENTENCE_FINAL = (".", "!", "?", ":", '."', ".)", ".\u201d")

__all__ = ["EXTRACTOR_VERSION", "Extraction", "extract_pdf"]


@dataclass
class PageContent:
    """One page after the first pass: rows of words and horizontal rules."""

    number: int
    width: float
    height: float
    rows: list[Row]
    rules: list[Rule]


def layout_objects(layout) -> list:
    """All leaf objects of a pdfminer layout tree (figures and other containers opened)."""
    from pdfminer.layout import LTContainer, LTChar

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
    from pdfminer.layout import LTChar, LTCurve

    layout = page.layout
    height, width = layout.y1, layout.x1
    chars, rules, bold = [], [], {}
    for obj in layout_objects(layout):
        if isinstance(obj, LTChar):
            if not obj.upright or obj.x1 < layout.x0 or obj.x0 > width or obj.y0 > height or obj.y1 < layout.y0:
                continue
            font = obj.fontname
            if font not in bold:
                bold[font] = bool(BOLD_FONT.search(font))
            chars.append(Char(obj.get_text(), obj.x0, obj.x1, height - obj.y1, height - obj.y0, obj.y1 - obj.y0,
                              bold[font], height - obj.matrix[5]))
        elif isinstance(obj, LTCurve) and obj.y1 - obj.y0 <= 2.0 and obj.x1 - obj.x0 >= 15:
            rules.append(Rule(obj.x0, obj.x1, height - (obj.y0 + obj.y1) / 2))
    return PageContent(number, width, height, rows_from_chars(chars), rules)


def body_size(pages: list[PageContent]) -> float:
    """The font size of most characters."""
    sizes = Counter()
    for page in pages:
        for row in page.rows:
            for w in row.words:
                sizes[round(w.size, 1)] += len(w.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def margin_rows(page: PageContent) -> list[tuple[Row, float]]:
    """Up to two rows at each edge of the page in its outer tenth, with the gap to the next row inwards."""
    rows, found = page.rows, []
    for i in range(min(2, len(rows))):
        if rows[i].bottom <= 0.1 * page.height:
            found.append((rows[i], rows[i + 1].top - rows[i].bottom if i + 1 < len(rows) else 99.0))
    for i in range(max(len(rows) - 2, 0), len(rows)):
        if rows[i].top >= 0.9 * page.height and i >= 2:
            found.append((rows[i], rows[i].top - rows[i - 1].bottom))
    return found


def furniture_key(row: Row) -> str:
    """A row's text with digits masked, so "Page 3" and "Page 4" are the same running element."""
    return re.sub(r"\d+", "#", row.text.lower())


def is_furniture(row: Row, gap: float, body: float, repeats: int) -> bool:
    """A page number, a line repeated on other pages, or small print set apart from the text."""
    if PAGE_NUMBER.match(row.text.strip()) or repeats >= 2:
        return True
    return row.size <= body - 0.75 and gap >= 0.8 * row.size


def drop_furniture(pages: list[PageContent], body: float) -> None:
    """Remove running headers and footers, and page numbers, from every page."""
    keys = Counter()
    for page in pages:
        keys.update({furniture_key(r) for r, _ in margin_rows(page)})
    several = len(pages) > 1
    for page in pages:
        drop = {id(r) for r, gap in margin_rows(page)
                if is_furniture(r, gap, body, keys[furniture_key(r)] if several else 0)}
        page.rows = [r for r in page.rows if id(r) not in drop]


def column_area(page: PageContent, gutter: Gutter | None):
    """For a table spanning x0..x1, the horizontal extent of the column it sits in (where its caption is)."""
    left = min((r.words[0].x0 for r in page.rows), default=0.0)
    right = max((r.words[-1].x1 for r in page.rows), default=page.width)

    def area(x0: float, x1: float) -> tuple[float, float]:
        if gutter is None:
            return left, right
        if x1 <= gutter.split + 2:
            return left, gutter.x0
        if x0 >= gutter.split - 2:
            return gutter.x1, right
        return left, right

    return area


def replace_tables(rows: list[Row], tables: list[TableBlock]) -> list[Row]:
    """Take each table's words out of the rows and put one placeholder row per table in their place."""
    def inside(w: Word) -> bool:
        return any(t.x0 <= (w.x0 + w.x1) / 2 <= t.x1 and t.top <= (w.top + w.bottom) / 2 <= t.bottom for t in tables)

    kept = []
    for row in rows:
        words = [w for w in row.words if not inside(w)]
        if words:
            kept.append(Row(words, min(w.top for w in words), max(w.bottom for w in words)))
    for index, t in enumerate(tables):
        kept.append(Row([Word("", t.x0, t.x1, t.top, t.bottom, 0.0, 0.0, table=index)], t.top, t.bottom))
    kept.sort(key=lambda r: (r.top, r.words[0].x0))
    return kept


def page_lines(page: PageContent) -> tuple[list[Line], list[TableBlock]]:
    """The page's lines in reading order (tables as placeholder lines) and its tables."""
    gutter = find_gutter(page.rows, page.width)
    tables = detect_tables(page.rows, page.rules, column_area(page, gutter)) if page.rules else []
    rows = replace_tables(page.rows, tables) if tables else page.rows
    return reading_lines(regions(rows, gutter), gutter), tables


def is_heading(line: Line, text: str, body: float) -> bool:
    """A short line set in bold or in a larger size that does not end like a sentence."""
    if len(text) > 100 or len(text.split()) > 14 or text.endswith((".", ",", ";")) or not text[:1].isalnum():
        return False
    return (line.bold >= 0.8 or line.size >= body + 1.0) and not text[:1].islower()


def starts_paragraph(line: Line, previous: Line | None, edges: dict, body: float) -> bool:
    """Whether `line` begins a new paragraph: a blank gap above it, or an indent after a finished sentence."""
    if previous is None:
        return False
    prev_text = previous.text.rstrip()
    size = line.size or body
    same_column = (previous.region, previous.column) == (line.region, line.column)
    if same_column and line.top - previous.bottom > 0.9 * size:
        return True
    if not prev_text.endswith(SENTENCE_FINAL):
        return False
    left, right = edges.get((line.region, line.column), (line.x0, line.x1))
    prev_left, prev_right = edges.get((previous.region, previous.column), (previous.x0, previous.x1))
    return line.x0 > left + 0.7 * size or (same_column and previous.x1 < prev_right - 3 * size)


def column_edges(lines: list[Line]) -> dict:
    """Left and right text edge of each (region, column)."""
    edges: dict = {}
    for line in lines:
        if line.words[0].table is not None:
            continue
        key = (line.region, line.column)
        left, right = edges.get(key, (line.x0, line.x1))
        edges[key] = (min(left, line.x0), max(right, line.x1))
    return edges


def add_page(doc: DocumentText, page: PageContent, body: float, state: dict) -> None:
    """Feed one page's lines and tables to the document in reading order."""
    lines, tables = page_lines(page)
    edges = column_edges(lines)
    doc.start_page()
    for line in lines:
        if line.words[0].table is not None:
            doc.table(tables[line.words[0].table])
            continue
        text = line.text
        if page.number == 1 and not state["heading_seen"] and line.size >= body + 2.5:
            doc.title(text)
        elif is_heading(line, text, body):
            doc.heading(text)
            state["heading_seen"] = True
        else:
            doc.line(text, starts_paragraph(line, state.get("previous"), edges, body))
        state["previous"] = line


def open_pdf(source: Path | bytes):
    """Open a PDF with pdfplumber; unreadable input is a PapersError naming the file."""
    import pdfplumber

    name = str(source) if isinstance(source, (str, Path)) else "PDF data"
    try:
        handle = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
        return pdfplumber.open(handle)
    except FileNotFoundError:
        raise
    except Exception as error:  # pdfminer raises many unrelated types for damaged files
        raise PapersError(f"{name}: not a readable PDF ({type(error).__name__})") from error


def extract_pdf(source: Path | bytes, *, arxiv_id: str = "", version: str | None = None) -> Extraction:
    """Extract sentence and table-row passages, page by page, from a PDF file or its bytes."""
    name = str(source) if isinstance(source, (str, Path)) else "PDF data"
    pdf = open_pdf(source)
    try:
        pages = []
        for number, page in enumerate(pdf.pages, start=1):
            pages.append(read_page(page, number))
            page.close()
    except Exception as error:
        raise PapersError(f"{name}: damaged PDF, text could not be read ({type(error).__name__})") from error
    finally:
        pdf.close()
    body = body_size(pages)
    drop_furniture(pages, body)
    doc = DocumentText(arxiv_id, version)
    state: dict = {"heading_seen": False}
    for page in pages:
        add_page(doc, page, body, state)
    return doc.finish()
