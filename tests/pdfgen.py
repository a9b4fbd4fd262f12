"""Deterministic generator of realistic two-column arXiv-like PDFs (reportlab), for tests and labelled corpora.

Layout of every generated paper (US letter):

* page 1: a full-width block (title, authors, "Abstract" and the abstract), then two columns;
* a rotated arXiv stamp in the left margin of page 1 (``arxiv_stamp``), a running header at the top of every
  page (``running_header``) and a page number at the bottom (``page_numbers``);
* numbered section headings ("2 Method"), justified paragraphs broken into lines with hyphenation of long words
  ("transfor-" / "mation"), ``fi``/``fl`` drawn as ligature glyphs when ``ligatures`` is on;
* tables in booktabs style (horizontal rules only) with the caption "Table N: ..." above; a table that does not
  fit a column's width floats to the top of the next page, spanning both columns.

The same spec always gives the same bytes (reportlab ``invariant=1``). ``write_paper_pdf`` writes the file;
``render_paper`` also returns where every paragraph and table landed (page and column), which is the ground truth
for extraction tests: ``RenderedPaper.page_of(section, paragraph, offset)`` gives the page of a character.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, Field
from reportlab.lib.pagesizes import letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

BODY, BOLD = "Vera", "VeraBd"
BODY_SIZE, LEADING = 9.5, 11.5
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM, GUTTER = 54.0, 64.0, 60.0, 20.0
TABLE_SIZE, TABLE_LEADING = 8.0, 10.5
LIGATURES = {"fi": "\ufb01", "fl": "\ufb02"}


class SectionSpec(BaseModel):
    """A numbered section: its heading (without number) and its paragraphs."""

    heading: str
    paragraphs: list[str] = Field(default_factory=list)


class TableSpec(BaseModel):
    """A rule-only table. ``columns[0]`` heads the row labels; each row is ``[label, value, ...]``."""

    caption: str
    columns: list[str]
    rows: list[list[str]]
    after_section: int | None = Field(default=None, description="0-based section after which it appears; None: at the end.")


class PaperSpec(BaseModel):
    """Everything that is drawn. Tables are numbered 1.. in list order."""

    title: str
    authors: list[str] = Field(default_factory=list)
    abstract: str = ""
    sections: list[SectionSpec] = Field(default_factory=list)
    tables: list[TableSpec] = Field(default_factory=list)
    arxiv_stamp: str | None = "arXiv:2401.01234v1 [cs.CL] 1 Jan 2024"
    running_header: str | None = None
    page_numbers: bool = True
    ligatures: bool = True


@dataclass
class Placement:
    """Where part of the content landed: ``kind`` is "paragraph", "heading" or "table"."""

    kind: str
    page: int
    column: int | None  # 0 left, 1 right, None full width
    section: int | None = None
    paragraph: int | None = None
    table: int | None = None
    start: int = 0  # character range of the paragraph drawn here
    end: int = 0


@dataclass
class RenderedPaper:
    """The written file, its page count and where everything went."""

    path: Path
    pages: int
    placements: list[Placement] = field(default_factory=list)

    def page_of(self, section: int, paragraph: int, offset: int = 0) -> int:
        """1-based page holding character ``offset`` of paragraph ``paragraph`` of section ``section``."""
        for place in self.placements:
            if place.kind == "paragraph" and (place.section, place.paragraph) == (section, paragraph):
                if place.start <= offset < place.end:
                    return place.page
        raise KeyError((section, paragraph, offset))

    def table_page(self, table: int) -> int:
        """1-based page of table ``table`` (0-based index)."""
        return next(p.page for p in self.placements if p.kind == "table" and p.table == table)

    def table_column(self, table: int) -> int | None:
        """Column of table ``table``: 0, 1 or None (full width)."""
        return next(p.column for p in self.placements if p.kind == "table" and p.table == table)


def register_fonts() -> None:
    """Register the Vera TrueType fonts shipped with reportlab (they have ligature and minus glyphs)."""
    for name, file in ((BODY, "Vera.ttf"), (BOLD, "VeraBd.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, file))


def drawable(text: str, font: str, ligatures: bool) -> str:
    """The text as drawn: ligature glyphs substituted, characters the font lacks replaced by a space."""
    if ligatures:
        for pair, glyph in LIGATURES.items():
            text = text.replace(pair, glyph)
    glyphs = pdfmetrics.getFont(font).face.charToGlyph
    return "".join(ch if ord(ch) in glyphs else " " for ch in text)


def width(text: str, font: str, size: float, ligatures: bool = True) -> float:
    """Width of the drawn text in points."""
    return pdfmetrics.stringWidth(drawable(text, font, ligatures), font, size)


@dataclass
class Line:
    """One wrapped line: its words (the last may end with an inserted hyphen) and its span in the source text."""

    words: list[str]
    start: int
    end: int
    last: bool = False


def hyphen_split(word: str, room: float, font: str, size: float, lig: bool) -> int:
    """Largest k such that ``word[:k] + '-'`` fits ``room``; 0 when the word is not hyphenable."""
    core = word.rstrip(".,;:)")
    if len(core) < 7 or not core.isalpha() or not core[1:].islower():
        return 0
    for k in range(len(core) - 3, 2, -1):
        if width(word[:k] + "-", font, size, lig) <= room:
            return k
    return 0


def wrap(text: str, line_width: float, font: str, size: float, lig: bool, indent: float = 0.0) -> list[Line]:
    """Greedy line breaking with hyphenation of long lowercase words; spans refer to ``text``."""
    tokens, pos = [], 0
    for word in text.split():
        pos = text.index(word, pos)
        tokens.append((word, pos))
        pos += len(word)
    lines: list[Line] = []
    current: list[str] = []
    start = 0
    space = width(" ", font, size, lig)
    i = 0
    while i < len(tokens):
        word, at = tokens[i]
        room = line_width - (indent if not lines else 0.0)
        used = sum(width(w, font, size, lig) for w in current) + space * len(current)
        if not current:
            start = at
        if used + width(word, font, size, lig) <= room:
            current.append(word)
            i += 1
            continue
        k = hyphen_split(word, room - used, font, size, lig)
        if k:
            current.append(word[:k] + "-")
            tokens[i] = (word[k:], at + k)
            lines.append(Line(current, start, at + k))
        elif current:
            lines.append(Line(current, start, at))
        else:  # a single word wider than the line: draw it anyway
            current.append(word)
            lines.append(Line(current, start, at + len(word)))
            i += 1
        current = []
    if current:
        lines.append(Line(current, start, len(text), last=True))
    elif lines:
        lines[-1].last = True
    return lines


class Layout:
    """Puts headings, paragraphs and tables into two columns over as many pages as needed."""

    def __init__(self, canvas: Canvas, spec: PaperSpec):
        self.c, self.spec = canvas, spec
        self.page_w, self.page_h = letter
        self.text_w = self.page_w - 2 * MARGIN_X
        self.col_w = (self.text_w - GUTTER) / 2
        self.page, self.column = 1, 0
        self.y = self.col_top = self.page_h - MARGIN_TOP
        self.floats: list[int] = []
        self.placements: list[Placement] = []

    # -- page furniture -------------------------------------------------------------------------------------
    def furniture(self) -> None:
        """Running header, page number and (page 1) the rotated arXiv stamp."""
        c, spec = self.c, self.spec
        if spec.running_header:
            c.setFont(BODY, 8)
            c.drawCentredString(self.page_w / 2, self.page_h - 40, drawable(spec.running_header, BODY, False))
        if spec.page_numbers:
            c.setFont(BODY, 9)
            c.drawCentredString(self.page_w / 2, 34, str(self.page))
        if spec.arxiv_stamp and self.page == 1:
            c.saveState()
            c.setFillGray(0.5)
            c.setFont("Times-Roman", 20)
            c.translate(34, self.page_h / 2 - 190)
            c.rotate(90)
            c.drawString(0, 0, spec.arxiv_stamp)
            c.restoreState()

    def new_page(self) -> None:
        """Finish the page; start the next one with any pending full-width tables at its top."""
        self.c.showPage()
        self.page += 1
        self.column = 0
        self.y = self.page_h - MARGIN_TOP
        self.furniture()
        pending, self.floats = self.floats, []
        for index in pending:
            self.y = self.draw_table(index, MARGIN_X, self.text_w, self.y, None) - 14
        self.col_top = self.y

    def next_column(self) -> None:
        if self.column == 0:
            self.column, self.y = 1, self.col_top
        else:
            self.new_page()

    def col_x(self) -> float:
        return MARGIN_X + self.column * (self.col_w + GUTTER)

    def room(self) -> float:
        return self.y - MARGIN_BOTTOM

    # -- page 1 header block ----------------------------------------------------------------------------------
    def title_block(self) -> None:
        """Full-width title, authors, "Abstract" and the abstract."""
        spec, c = self.spec, self.c
        self.furniture()
        y = self.page_h - MARGIN_TOP - 10
        for line in wrap(spec.title, self.text_w - 60, BOLD, 15, spec.ligatures):
            c.setFont(BOLD, 15)
            c.drawCentredString(self.page_w / 2, y, drawable(" ".join(line.words), BOLD, spec.ligatures))
            y -= 19
        y -= 6
        for line in wrap(", ".join(spec.authors), self.text_w - 60, BODY, 10.5, spec.ligatures):
            c.setFont(BODY, 10.5)
            c.drawCentredString(self.page_w / 2, y, drawable(" ".join(line.words), BODY, spec.ligatures))
            y -= 14
        if spec.abstract:
            y -= 12
            c.setFont(BOLD, 11)
            c.drawCentredString(self.page_w / 2, y, "Abstract")
            y -= 16
            for line in wrap(spec.abstract, self.text_w - 72, BODY, BODY_SIZE, spec.ligatures):
                self.draw_line(line, MARGIN_X + 36, y, self.text_w - 72, BODY)
                y -= LEADING
        self.y = self.col_top = y - 18

    # -- flow content -----------------------------------------------------------------------------------------
    def draw_line(self, line: Line, x: float, y: float, line_w: float, font: str, indent: float = 0.0) -> None:
        """Draw one line word by word, justified unless it is the paragraph's last line."""
        lig = self.spec.ligatures
        words = [drawable(w, font, lig) for w in line.words]
        widths = [pdfmetrics.stringWidth(w, font, BODY_SIZE) for w in words]
        natural = width(" ", font, BODY_SIZE, lig)
        gap = natural
        if not line.last and len(words) > 1:
            gap = max(natural, (line_w - indent - sum(widths)) / (len(words) - 1))
        self.c.setFont(font, BODY_SIZE)
        cursor = x + indent
        for word, w in zip(words, widths):
            self.c.drawString(cursor, y, word)
            cursor += w + gap

    def heading(self, number: int, text: str, section: int) -> None:
        """A numbered bold heading, kept together with at least two lines of what follows."""
        if self.room() < 2 * LEADING + 26:
            self.next_column()
        self.y -= 8 if self.y < self.col_top else 0
        self.c.setFont(BOLD, 11)
        self.c.drawString(self.col_x(), self.y - 11, drawable(f"{number}  {text}", BOLD, self.spec.ligatures))
        self.placements.append(Placement("heading", self.page, self.column, section=section))
        self.y -= 11 + 7

    def paragraph(self, text: str, section: int, index: int) -> None:
        """Justified lines in the columns; the first line of all but the first paragraph is indented."""
        indent = 10.0 if index else 0.0
        lines = wrap(text, self.col_w, BODY, BODY_SIZE, self.spec.ligatures, indent)
        for n, line in enumerate(lines):
            if self.room() < LEADING:
                self.next_column()
            self.y -= LEADING
            self.draw_line(line, self.col_x(), self.y + 2.5, self.col_w, BODY, indent if n == 0 else 0.0)
            self.place_paragraph_line(section, index, line)
        self.y -= 3

    def place_paragraph_line(self, section: int, index: int, line: Line) -> None:
        last = self.placements[-1] if self.placements else None
        if last and last.kind == "paragraph" and (last.section, last.paragraph, last.page, last.column) == (
            section, index, self.page, self.column
        ):
            last.end = line.end if not line.last else line.end + 1
            return
        end = line.end + 1 if line.last else line.end
        self.placements.append(Placement("paragraph", self.page, self.column, section, index, start=line.start, end=end))

    def table_size(self, index: int) -> tuple[list[float], float]:
        """Column widths and total height (caption included) of table ``index`` at the table font size."""
        table = self.spec.tables[index]
        cells = [table.columns, *table.rows]
        widths = [max(width(row[j] if j < len(row) else "", BODY, TABLE_SIZE) for row in cells) + 12
                  for j in range(len(table.columns))]
        caption_lines = wrap(f"Table {index + 1}: {table.caption}", max(sum(widths), self.col_w), BODY, TABLE_SIZE, True)
        height = len(caption_lines) * TABLE_LEADING + 6 + (len(table.rows) + 1) * TABLE_LEADING + 10
        return widths, height

    def table(self, index: int) -> None:
        """Place a table in the current column, or float it full-width to the next page when too wide."""
        widths, height = self.table_size(index)
        if sum(widths) > self.col_w:
            self.floats.append(index)
            return
        if self.room() < height + 12:
            self.next_column()
        self.y = self.draw_table(index, self.col_x(), self.col_w, self.y - 8, self.column) - 10

    def draw_table(self, index: int, x: float, area_w: float, top: float, column: int | None) -> float:
        """Draw caption, rules and cells; returns the y below the bottom rule."""
        c, table = self.c, self.spec.tables[index]
        widths, _ = self.table_size(index)
        total = sum(widths)
        left = x + (area_w - total) / 2
        y = top
        for line in wrap(f"Table {index + 1}: {table.caption}", max(total, min(area_w, self.col_w)), BODY, TABLE_SIZE, True):
            y -= TABLE_LEADING
            c.setFont(BODY, TABLE_SIZE)
            c.drawString(x + (area_w - max(total, min(area_w, self.col_w))) / 2, y,
                         drawable(" ".join(line.words), BODY, self.spec.ligatures))
        y -= 5
        c.setLineWidth(0.8)
        c.line(left, y, left + total, y)
        for r, row in enumerate([table.columns, *table.rows]):
            y -= TABLE_LEADING
            cursor = left
            for j, w in enumerate(widths):
                cell = drawable(row[j] if j < len(row) else "", BODY, self.spec.ligatures)
                c.setFont(BODY, TABLE_SIZE)
                if j == 0:
                    c.drawString(cursor + 2, y + 2.5, cell)
                else:
                    c.drawCentredString(cursor + w / 2, y + 2.5, cell)
                cursor += w
            if r == 0:
                c.setLineWidth(0.5)
                c.line(left, y - 0.5, left + total, y - 0.5)
        c.setLineWidth(0.8)
        c.line(left, y - 2, left + total, y - 2)
        self.placements.append(Placement("table", self.page, column, table=index))
        return y - 2

    def run(self) -> int:
        """Lay out the whole paper; returns the number of pages."""
        self.title_block()
        spec = self.spec
        for s, section in enumerate(spec.sections):
            self.heading(s + 1, section.heading, s)
            for p, text in enumerate(section.paragraphs):
                self.paragraph(text, s, p)
            for t, table in enumerate(spec.tables):
                if table.after_section == s:
                    self.table(t)
        for t, table in enumerate(spec.tables):
            if table.after_section is None or table.after_section >= len(spec.sections):
                self.table(t)
        if self.floats:
            self.new_page()
        self.c.showPage()
        return self.page


def render_paper(path: Path, spec: PaperSpec) -> RenderedPaper:
    """Write the PDF for ``spec`` to ``path`` and return where everything landed."""
    register_fonts()
    path = Path(path)
    canvas = Canvas(str(path), pagesize=letter, invariant=1)
    canvas.setTitle(spec.title)
    layout = Layout(canvas, spec)
    pages = layout.run()
    canvas.save()
    return RenderedPaper(path, pages, layout.placements)


def write_paper_pdf(path: Path, spec: PaperSpec) -> Path:
    """Write the PDF for ``spec`` to ``path`` (deterministic bytes) and return ``path``."""
    return render_paper(path, spec).path


# -- deterministic filler content, for benchmarks and bulk tests ------------------------------------------------
_SUBJECTS = ["The model", "Our method", "The baseline", "This approach", "The encoder", "Each adapter", "The classifier"]
_VERBS = ["improves", "reduces", "matches", "outperforms", "stabilises", "transfers to", "generalises across"]
_OBJECTS = ["cross-lingual transfer", "the reconstruction error", "low-resource languages", "the representation quality",
            "downstream classification", "the calibration of confidence", "unseen configurations", "multilingual benchmarks"]
_TAILS = ["by {x} points on average", "with {x}% fewer parameters", "when trained for {n} epochs",
          "across {n} different evaluation settings", "according to the significance test (p < 0.0{n})",
          "in the fine-tuning experiments reported in Section {n}", "compared with the strongest configuration"]


def filler_sentence(rng: random.Random) -> str:
    """One plausible results sentence with numbers."""
    tail = rng.choice(_TAILS).format(x=f"{rng.uniform(0.5, 30):.1f}", n=rng.randint(2, 9))
    return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {tail}."


def synthetic_spec(seed: int = 0, sections: int = 6, paragraphs: int = 5, sentences: int = 6, tables: int = 2) -> PaperSpec:
    """A reproducible paper of filler text; ~sections*paragraphs*sentences sentences (6x5x6 ~ 5 pages)."""
    rng = random.Random(seed)
    names = ["Introduction", "Related Work", "Method", "Experimental Setup", "Results", "Analysis", "Discussion",
             "Limitations", "Conclusion"]
    secs = [SectionSpec(heading=names[i % len(names)],
                        paragraphs=[" ".join(filler_sentence(rng) for _ in range(sentences)) for _ in range(paragraphs)])
            for i in range(sections)]
    tabs = [TableSpec(caption=f"Results of configuration {t + 1} on the benchmark (F1).",
                      columns=["Method", "am", "rw", "Avg"],
                      rows=[[f"Variant {chr(65 + r)}", *(f"{rng.uniform(20, 90):.1f}" for _ in range(3))] for r in range(4)],
                      after_section=min(sections - 1, 2 + 2 * t))
            for t in range(tables)]
    return PaperSpec(title=f"Synthetic Study Number {seed} of Efficient Adaptation", authors=["A. Author", "B. Writer"],
                     abstract=" ".join(filler_sentence(rng) for _ in range(5)), sections=secs, tables=tabs,
                     running_header="Preprint. Under review.")
