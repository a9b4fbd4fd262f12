"""PDF -> page-anchored passages (pdfplumber): characters -> words -> rows -> bands and columns -> text -> passages.

Each page is cut into horizontal bands (full-width blocks and two-column stretches, papers/columns.py) read top to
bottom, each two-column band left column first. Text inside figures, footnotes and the references list become
passages of their own kind (papers/page_parts.py, papers/document.py); tables become table passages.

`EXTRACTOR_VERSION` is part of every cache key: change it whenever the output of extraction changes.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from papers.columns import Gutter, find_gutter, reading_lines, regions
from papers.document import FLOAT_CAPTION, DocumentText, Extraction
from papers.errors import PapersError
from papers.layout import Line, Row, Word
from papers.page_content import PageContent, read_page
from papers.page_parts import (
    CAPTION,
    FOOTNOTE_MARK,
    figure_lines,
    float_lines,
    footnote_lines,
    inside,
)
from papers.table_graphics import between_rules
from papers.tables import TableBlock, detect_tables
from papers.text import Vocabulary, normalise

EXTRACTOR_VERSION = "7"  # 2: gutter found under a full-width header block over short columns; 3: tables as
# structures (Passage.table), found by rules, thin rectangles/images as rules, and rule-less text alignment;
# 4: gutter narrowed to the column edges, pages read in bands, kinds figure/reference/footnote, superscripts "^",
# (cid:N) mapped, compound hyphens kept at line breaks, table captions' sentences as text passages; 5: those as
# `caption` passages (table material) with their table's number; 6: back to kind `text` (scripts read passages by
# kind), marked as caption sentences by their table's record; 7: cells ".296", "1.13e-03", "70.5 (± 2.5)", "88.7 %"
# and "0.1–0.5" are numbers (they were glued onto the row label)

PAGE_NUMBER = re.compile(r"^(?:page\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
BULLETS = ("\u2022", "\u25e6", "\u25aa", "\u2023", "\u2219", "\u25cf")
SENTENCE_FINAL = (".", "!", "?", ":", '."', ".)", ".\u201d")

__all__ = ["EXTRACTOR_VERSION", "Extraction", "extract_pdf"]


def body_size(pages: list[PageContent]) -> float:
    """The font size of most characters outside figures."""
    sizes: Counter[float] = Counter()
    for page in pages:
        boxes = page.figures + page.plots
        for row in page.rows:
            if boxes and inside(row, boxes, 0.0):
                continue
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
    keys: Counter[str] = Counter()
    for page in pages:
        keys.update({furniture_key(r) for r, _ in margin_rows(page)})
    several = len(pages) > 1
    for page in pages:
        drop = {id(r) for r, gap in margin_rows(page)
                if is_furniture(r, gap, body, keys[furniture_key(r)] if several else 0)
                and not between_rules(r.top, r.bottom, r.words[0].x0, r.words[-1].x1, page.rules)}
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
    lines, tables, _ = banded_lines(page)
    return lines, tables


def banded_lines(page: PageContent) -> tuple[list[Line], list[TableBlock], dict[int, int]]:
    """The page's lines in reading order (tables as placeholder lines), its tables and each band's column count."""
    gutter = find_gutter(page.rows, page.width)
    tables = detect_tables(page.rows, page.rules, column_area(page, gutter), page.verticals, page.rotated)
    if gutter is None and (tables or page.figures or page.plots):
        # a full-width float covering most of the page hides the gutter: look again without it
        gutter = find_gutter(rows_outside_floats(page, tables), page.width)
        if gutter is not None:
            tables = detect_tables(page.rows, page.rules, column_area(page, gutter), page.verticals, page.rotated)
    rows = replace_tables(page.rows, tables) if tables else page.rows
    bands = regions(rows, gutter)
    return reading_lines(bands, gutter), tables, {i: band.columns for i, band in enumerate(bands)}


def rows_outside_floats(page: PageContent, tables: list[TableBlock]) -> list[Row]:
    """The page's rows without the tables' and the figures' words."""
    rows = replace_tables(page.rows, tables) if tables else page.rows
    boxes = page.figures + page.plots
    return [row for row in rows if row.words[0].table is None and not (boxes and inside(row, boxes, 0.0))]


def is_heading(line: Line, text: str, body: float) -> bool:
    """A short line set in bold or in a larger size that does not end like a sentence."""
    if len(text) > 100 or len(text.split()) > 14 or text.endswith((".", ",", ";")) or not text[:1].isalnum():
        return False
    if line.size < body + 1.0 and line.words[-1].bold < 0.5:
        return False  # a run-in paragraph heading: bold words, then the paragraph's text on the same line
    return (line.bold >= 0.8 or line.size >= body + 1.0) and not text[:1].islower()


@dataclass(frozen=True)
class FlowSettings:
    """Tunables of telling headings from running text (shares of a line's font size unless said otherwise)."""

    heading_gap: float = 0.6  # the second line of a wrapped heading is at most this far below the first
    line_gap: float = 0.5  # a line of the same paragraph is at most this far below the one before
    same_size: float = 0.5  # points: two lines set alike differ in size by less
    same_bold: float = 0.3  # ... and in their share of bold characters by less
    heading_words: int = 8  # the second line of a heading has at most this many words


FLOW = FlowSettings()


def continues_heading(line: Line, heading: Line, settings: FlowSettings = FLOW) -> bool:
    """Whether `line` is the second line of a heading wrapped over two: set like it, right below it, in the same
    column, starting in lower case (a new heading starts with its number or a capital)."""
    same_column = (heading.region, heading.column) == (line.region, line.column)
    close = 0.0 <= line.top - heading.bottom <= settings.heading_gap * line.size
    alike = abs(line.size - heading.size) < settings.same_size and abs(line.bold - heading.bold) < settings.same_bold
    return (same_column and close and alike and line.text[:1].islower()
            and len(line.text.split()) <= settings.heading_words)


def continues_sentence(line: Line, previous: Line | None, settings: FlowSettings = FLOW) -> bool:
    """Whether a bold line goes on with the sentence of the line just above it (emphasis, not a heading): the line
    above ends mid-sentence, the line follows it at the normal line pitch and does not start with a number."""
    if previous is None or previous.words[0].table is not None or line.text[:1].isdigit():
        return False
    same_column = (previous.region, previous.column) == (line.region, line.column)
    close = 0.0 <= line.top - previous.bottom <= settings.line_gap * line.size
    return same_column and close and not previous.text.rstrip().endswith(SENTENCE_FINAL)


def starts_paragraph(line: Line, previous: Line | None, edges: dict, body: float) -> bool:
    """Whether `line` begins a new paragraph: a blank gap above it, or an indent after a finished sentence.

    A bulleted item goes on the paragraph that introduces the list.
    """
    if previous is None or line.text.startswith(BULLETS):
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
    lines, tables, columns = banded_lines(page)
    figure = figure_lines(lines, page.figures, page.plots, body)
    floating, captions = float_lines(lines, columns, page.number == 1, body)
    figure |= floating - captions
    notes = footnote_lines(lines, body, figure) if doc.flow_kind != "reference" else set()
    edges = column_edges([line for line in lines if id(line) not in figure and id(line) not in notes])
    doc.start_page()
    for line in lines:
        if line.words[0].table is not None:
            doc.table(tables[line.words[0].table])
            continue
        text = line.text
        if id(line) in figure:
            doc.aside("figure", text)
            continue
        if id(line) in captions:
            doc.aside(FLOAT_CAPTION, text, new=bool(CAPTION.match(text)))
            continue
        if id(line) in notes:
            doc.aside("footnote", text, new=bool(FOOTNOTE_MARK.match(text)))
            continue
        if page.number == 1 and not state["heading_seen"] and line.size >= body + 2.5:
            doc.title(text)
        elif state.get("previous_heading") and continues_heading(line, state["previous"]):
            doc.heading(text, continued=True)
            state["previous"] = line
            continue
        elif is_heading(line, text, body) and (state.get("previous_heading") or
                                                not continues_sentence(line, state.get("previous"))):
            doc.heading(text)
            state["heading_seen"] = True
            state["previous_heading"] = True
            state["previous"] = line
            continue
        else:
            doc.line(text, starts_paragraph(line, state.get("previous"), edges, body))
        state["previous"], state["previous_heading"] = line, False


def document_vocabulary(pages: list[PageContent]) -> Vocabulary:
    """The words printed inside lines of the document (a word with a neighbour close on either side: not the
    first or last word of a column's line, which may be half of a word broken there)."""
    def interior(words: list[Word]):
        for i in range(1, len(words) - 1):
            before, word, after = words[i - 1], words[i], words[i + 1]
            if word.x0 - before.x1 <= word.size and after.x0 - word.x1 <= word.size:
                yield normalise(word.text)

    return Vocabulary(text for page in pages for row in page.rows for text in interior(row.words))


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
        reason = f"{type(error).__name__}: {error}"[:200] if str(error) else type(error).__name__
        raise PapersError(f"{name}: not a readable PDF ({reason})") from error
    finally:
        try:
            pdf.close()  # re-reads the page tree: on a damaged file it fails again, hiding the error above
        except Exception:  # noqa: BLE001, S110 - the first error is the one to report
            pass
    body = body_size(pages)
    drop_furniture(pages, body)
    doc = DocumentText(arxiv_id, version, document_vocabulary(pages))
    state: dict = {"heading_seen": False}
    for page in pages:
        add_page(doc, page, body, state)
    return doc.finish()
