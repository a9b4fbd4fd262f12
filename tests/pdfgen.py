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

    def natural_widths(self, index: int) -> list[float]:
        """Column widths of table ``index`` at the table font size."""
        table = self.spec.tables[index]
        cells = [table.columns, *table.rows]
        return [max(width(row[j] if j < len(row) else "", BODY, TABLE_SIZE) for row in cells) + 12
                for j in range(len(table.columns))]

    def table_scale(self, index: int) -> float:
        """1, or less for a table wider than the text block: it is shrunk to fit, as ``\\resizebox{\\textwidth}``
        does in a real paper (drawn at full size, its outer columns would fall off the page)."""
        natural = sum(self.natural_widths(index))
        return min(1.0, self.text_w / natural) if natural else 1.0

    def table_size(self, index: int) -> tuple[list[float], float]:
        """Column widths and total height (caption included) of table ``index`` at its font size (`table_scale`)."""
        table = self.spec.tables[index]
        scale = self.table_scale(index)
        widths = [w * scale for w in self.natural_widths(index)]
        caption_lines = wrap(f"Table {index + 1}: {table.caption}", max(sum(widths), self.col_w), BODY, TABLE_SIZE, True)
        height = len(caption_lines) * TABLE_LEADING + 6 + (len(table.rows) + 1) * TABLE_LEADING * scale + 10
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
        scale = self.table_scale(index)
        size, leading = TABLE_SIZE * scale, TABLE_LEADING * scale
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
            y -= leading
            cursor = left
            for j, w in enumerate(widths):
                cell = drawable(row[j] if j < len(row) else "", BODY, self.spec.ligatures)
                c.setFont(BODY, size)
                if j == 0:
                    c.drawString(cursor + 2 * scale, y + 2.5 * scale, cell)
                else:
                    c.drawCentredString(cursor + w / 2, y + 2.5 * scale, cell)
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


# -- hand-placed pages reproducing layout cases of real papers (papers/columns.py, papers/page_parts.py) --------
@dataclass
class LayoutCase:
    """A generated page and what extraction must find on it."""

    path: Path
    sentences: list[str] = field(default_factory=list)  # body sentences: each a whole text passage
    figure: list[str] = field(default_factory=list)  # strings drawn inside a figure: kind "figure", never text
    footnotes: list[str] = field(default_factory=list)  # kind "footnote"
    references: list[str] = field(default_factory=list)  # kind "reference"
    float_words: list[str] = field(default_factory=list)  # words of a full-width float: in no body sentence


class ColumnWriter:
    """Draws justified lines top-down in one column; `flow` continues a text over the columns it is given."""

    def __init__(self, canvas: Canvas, columns: list[tuple[float, float, float, float]], size: float = BODY_SIZE):
        self.c, self.columns, self.size = canvas, list(columns), size  # each column: x0, width, top y, bottom y
        self.index, self.y = 0, self.columns[0][2]

    def line(self, words: list[str], justify: bool, indent: float = 0.0, font: str = BODY, size: float | None = None):
        size = size or self.size
        x0, col_w, _, bottom = self.columns[self.index]
        if self.y - LEADING < bottom and self.index + 1 < len(self.columns):
            self.index += 1
            x0, col_w, self.y, bottom = self.columns[self.index]
        self.y -= LEADING
        used = sum(width(w, font, size, False) for w in words)
        gap = (col_w - indent - used) / (len(words) - 1) if justify and len(words) > 1 else width(" ", font, size, False)
        x = x0 + indent
        self.c.setFont(font, size)
        for w in words:
            self.c.drawString(x, self.y, w)
            x += width(w, font, size, False) + gap

    def paragraph(self, text: str, indent: float = 10.0, margin: float = 0.0, size: float | None = None) -> None:
        size = size or self.size
        col_w = self.columns[self.index][1] - 2 * margin
        for number, line in enumerate(wrap(text, col_w, BODY, size, False, indent)):
            self.line(line.words, not line.last, (indent if number == 0 else 0.0) + margin, size=size)

    def heading(self, text: str) -> None:
        self.y -= 4
        self.line(text.split(), False, font=BOLD, size=BODY_SIZE + 1.5)


def case_sentences(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return [filler_sentence(rng) for _ in range(count)]


def layout_columns(top: float, bottom: float) -> list[tuple[float, float, float, float]]:
    col_w = (letter[0] - 2 * MARGIN_X - GUTTER) / 2
    return [(MARGIN_X, col_w, top, bottom), (MARGIN_X + col_w + GUTTER, col_w, top, bottom)]


def indented_abstract_page(path: Path, seed: int = 0) -> LayoutCase:
    """ACL page 1: a centred title, the abstract indented inside the left column, the introduction below it and
    in the right column (which starts level with the abstract)."""
    register_fonts()
    c = Canvas(str(path), pagesize=letter, invariant=1)
    page_w, page_h = letter
    c.setFont(BOLD, 15)
    c.drawCentredString(page_w / 2, page_h - 80, "A Study of Indented Abstracts")
    top = page_h - 120
    cols = layout_columns(top, MARGIN_BOTTOM)
    writer = ColumnWriter(c, cols)
    c.setFont(BOLD, 11)
    c.drawCentredString(cols[0][0] + cols[0][1] / 2, top - 4, "Abstract")
    writer.y = top - 10
    abstract = case_sentences(seed, 6)
    writer.paragraph(" ".join(abstract), indent=0.0, margin=16.0, size=BODY_SIZE - 0.5)
    writer.y -= 8
    writer.heading("1 Introduction")
    intro = case_sentences(seed + 1, 40)
    for start in range(0, len(intro), 8):
        writer.paragraph(" ".join(intro[start:start + 8]))
    c.showPage()
    c.save()
    return LayoutCase(path, abstract + intro)


def full_width_float_page(path: Path, where: str, seed: int = 0, rows: int = 6, straddle: bool = False,
                          ruled: bool = False) -> LayoutCase:
    """A two-column page with a full-width rule-less float of `rows` rows of numbers at the `where` ("top",
    "middle", "bottom") of the page; its columns are spaced so that one gap falls on the gutter (or, `straddle`,
    so that a column of numbers sits on it). Text flows band by band."""
    register_fonts()
    c = Canvas(str(path), pagesize=letter, invariant=1)
    page_w, page_h = letter
    c.setFont(BOLD, 15)
    c.drawCentredString(page_w / 2, page_h - 80, "A Study of Floats")  # the float page is page 2
    c.showPage()
    float_h = rows * 11.0 + 24
    top, bottom = page_h - MARGIN_TOP, MARGIN_BOTTOM
    float_top = {"top": top, "middle": (top + bottom + float_h) / 2, "bottom": bottom + float_h}[where]
    rng = random.Random(seed)
    words = []
    step = (page_w - 2 * MARGIN_X - 30) / (7.5 if straddle else 7)
    xs = [MARGIN_X + i * step + (step / 2 if straddle and i else 0.0) for i in range(8)]  # straddle: cells on the gutter
    c.setFont(BODY, 8)
    y = float_top - 10
    for r in range(rows):
        cells = [f"System{chr(65 + r % 26)}"] + [f"{rng.uniform(10, 99):.1f}" for _ in range(7)]
        for x, cell in zip(xs, cells):
            c.drawString(x, y, cell)
        words.extend(cells)
        y -= 11
    if ruled:  # booktabs rules above and below: a table the table finder sees
        c.line(MARGIN_X, float_top - 1, page_w - MARGIN_X, float_top - 1)
        c.line(MARGIN_X, y + 8, page_w - MARGIN_X, y + 8)
    c.setFont(BODY, 9)
    c.drawString(MARGIN_X, y - 4, "Figure 1: Scores of every system on the seven tasks of the benchmark suite.")
    bands = []
    if where != "top":
        bands.append(layout_columns(top, float_top + 8))
    if where != "bottom":
        bands.append(layout_columns(float_top - float_h - 8, bottom))
    sentences = case_sentences(seed + 2, 36)
    writer = ColumnWriter(c, [col for band in bands for col in band])
    for start in range(0, len(sentences), 6):
        if writer.index == len(writer.columns) - 1 and writer.y < writer.columns[-1][3] + 6 * LEADING:
            sentences = sentences[:start]
            break
        writer.paragraph(" ".join(sentences[start:start + 6]))
    c.showPage()
    c.save()
    return LayoutCase(path, sentences, float_words=[w for w in words if not w.startswith("System")])


def notes_page(path: Path, seed: int = 0) -> LayoutCase:
    """A two-column page with a figure drawn as a form object (tick labels and a legend inside), a footnote at the
    bottom of the left column whose marker is raised, a sentence with a raised exponent, a compound hyphenated at
    a line break, and a references list in the right column."""
    register_fonts()
    c = Canvas(str(path), pagesize=letter, invariant=1)
    page_w, page_h = letter
    top = page_h - MARGIN_TOP
    cols = layout_columns(top, MARGIN_BOTTOM + 40)
    x0, col_w = cols[0][0], cols[0][1]
    # the figure: a form object with a frame, tick labels and a legend
    c.beginForm("plot")
    c.rect(x0 + 20, top - 120, col_w - 40, 100)
    c.setFont(BODY, 7)
    ticks = ["0.25", "0.50", "0.75"]
    for i, tick in enumerate(ticks):
        c.drawString(x0 + 4, top - 110 + 35 * i, tick)
    c.drawString(x0 + 60, top - 40, "baseline adapters")
    c.endForm()
    c.doForm("plot")
    c.setFont(BODY, 9)
    c.drawString(x0, top - 136, "Figure 2: Accuracy of both systems.")
    writer = ColumnWriter(c, [(x0, col_w, top - 140, MARGIN_BOTTOM + 40), cols[1]])
    before = case_sentences(seed + 3, 6)
    writer.paragraph(" ".join(before))
    # a raised exponent and a raised footnote marker, drawn by hand on their own lines
    writer.y -= LEADING
    c.setFont(BODY, BODY_SIZE)
    c.drawString(x0 + 10, writer.y, "The corpus holds 2.3 x 10")
    exp_x = x0 + 10 + width("The corpus holds 2.3 x 10", BODY, BODY_SIZE, False)
    c.setFont(BODY, 6.5)
    c.drawString(exp_x + 0.3, writer.y + 3.8, "19")
    c.setFont(BODY, BODY_SIZE)
    rest_x = exp_x + width("19", BODY, 6.5, False) + width(" ", BODY, BODY_SIZE, False)
    c.drawString(rest_x, writer.y, "tokens of text.")
    marker_x = rest_x + width("tokens of text.", BODY, BODY_SIZE, False)
    c.setFont(BODY, 6.5)
    c.drawString(marker_x + 0.3, writer.y + 3.8, "1")
    # a compound hyphenated at the line break: both halves are words of the page, the joined form is not
    words = ["We", "call", "this", "intermediate-"]
    writer.line(words, False)
    writer.line(["task", "training", "after", "an", "intermediate", "task."], False)
    after = ["The intermediate results of each task and the intermediate stage of every task are kept for later."]
    after += case_sentences(seed + 4, 4)
    writer.paragraph(" ".join(after))
    # the footnote, small, below a short rule at the bottom of the left column
    c.line(x0, MARGIN_BOTTOM + 30, x0 + 60, MARGIN_BOTTOM + 30)
    c.setFont(BODY, 6)
    c.drawString(x0, MARGIN_BOTTOM + 22, "1")
    c.setFont(BODY, 8)
    footnote = "Our code and the data are public."
    c.drawString(x0 + 4, MARGIN_BOTTOM + 19, footnote)
    writer.index, writer.y = 1, cols[1][2]
    writer.heading("References")
    references = ["Ada Lovelace. 1843. Notes on the analytical engine. Scientific Memoirs, 3:666-731.",
                  "Alan Turing. 1950. Computing machinery and intelligence. Mind, 59:433-460."]
    for entry in references:
        writer.paragraph(entry, indent=0.0, size=BODY_SIZE - 1)
    c.showPage()
    c.save()
    return LayoutCase(path, before + ["The corpus holds 2.3 x 10^19 tokens of text.",
                                      "We call this intermediate-task training after an intermediate task."] + after,
                      figure=ticks + ["baseline adapters"], footnotes=[footnote], references=references)


# -- hand-drawn tables reproducing table cases of real papers (papers/table_finding.py, papers/table_structure.py) --
@dataclass
class GridSpec:
    """A table drawn by hand. `header`: lines of (text, columns spanned); `rows`: label first, a row of one cell
    is a group row; `rules`: "lines", "rects" (thin filled rectangles), "images" (thin images) or "none";
    `rotated`: (label, first row, last row) set sideways left of the rows; `where`: "left", "right" or "full"."""

    caption: str
    header: list[list[tuple[str, int]]]
    rows: list[list[str]]
    rules: str = "lines"
    rotated: list[tuple[str, int, int]] = field(default_factory=list)
    caption_below: bool = True
    where: str = "full"
    label_width: float = 70.0
    cell_width: float = 34.0


def rule(c: Canvas, kind: str, x0: float, x1: float, y: float) -> None:
    """A horizontal rule drawn as a line, a thin filled rectangle or a thin image."""
    if kind == "lines":
        c.setLineWidth(0.6)
        c.line(x0, y, x1, y)
    elif kind == "rects":
        c.rect(x0, y - 0.3, x1 - x0, 0.6, stroke=0, fill=1)
    elif kind == "images":
        from PIL import Image

        c.drawInlineImage(Image.new("L", (4, 1), 0), x0, y - 0.3, x1 - x0, 0.6)


def draw_grid(c: Canvas, spec: GridSpec, x: float, top: float) -> float:
    """Draw caption, header, rows and rules from `top` down; returns the y below the table."""
    columns = max(len(r) for r in spec.rows) - 1
    offset = 14.0 if spec.rotated else 0.0
    widths = [offset + spec.label_width] + [spec.cell_width] * columns
    total = sum(widths)
    y = top

    def caption() -> None:
        nonlocal y
        y -= TABLE_LEADING
        c.setFont(BODY, TABLE_SIZE)
        c.drawString(x, y, spec.caption)
        y -= 4

    if not spec.caption_below:
        caption()
    y -= 3
    rule(c, spec.rules, x, x + total, y)
    c.setFont(BODY, TABLE_SIZE)
    for line in spec.header:
        y -= TABLE_LEADING
        cursor = x
        for n, (text, span) in enumerate(line):
            first = sum(s for _, s in line[:n])
            w = sum(widths[first:first + span])
            cursor = x + sum(widths[:first])
            if text and first == 0:
                c.drawString(cursor + 2 + offset, y, text)
            elif text:
                c.drawCentredString(cursor + w / 2, y, text)
    y -= 3
    rule(c, spec.rules, x, x + total, y)
    tops = []
    for row in spec.rows:
        y -= TABLE_LEADING
        tops.append(y)
        c.drawString(x + 2 + offset, y, row[0])
        for j, value in enumerate(row[1:]):
            c.drawCentredString(x + sum(widths[:j + 1]) + widths[j + 1] / 2, y, value)
    for label, first, last in spec.rotated:
        c.saveState()
        c.translate(x + 8, (tops[first] + tops[last] + TABLE_SIZE) / 2)
        c.rotate(90)
        c.drawCentredString(0, 0, label)
        c.restoreState()
    y -= 4
    rule(c, spec.rules, x, x + total, y)
    if spec.caption_below:
        y -= 4
        caption()
    return y


def table_case_page(path: Path, grids: list[GridSpec], seed: int = 0, text_before: int = 0) -> list[str]:
    """A two-column page: `text_before` sentences at the top of the left column, each table under them in its
    column (or across both), then body text in both columns under the tables; returns the body sentences."""
    register_fonts()
    c = Canvas(str(path), pagesize=letter)
    cols = layout_columns(letter[1] - MARGIN_TOP, MARGIN_BOTTOM)
    sentences = case_sentences(seed, 14 + text_before)
    y = {"left": cols[0][2], "right": cols[1][2]}
    if text_before:
        before = ColumnWriter(c, [cols[0]])
        before.paragraph(" ".join(sentences[14:]))
        y["left"] = before.y - 16
    for grid in grids:
        if grid.where == "full":
            bottom = draw_grid(c, grid, MARGIN_X, min(y.values()))
            y["left"] = y["right"] = bottom - 14
        else:
            side = 0 if grid.where == "left" else 1
            y[grid.where] = draw_grid(c, grid, cols[side][0], y[grid.where]) - 14
    columns = [(cols[0][0], cols[0][1], y["left"], MARGIN_BOTTOM), (cols[1][0], cols[1][1], y["right"], MARGIN_BOTTOM)]
    writer = ColumnWriter(c, columns)
    writer.paragraph(" ".join(sentences[:7]))
    writer.index, writer.y = 1, columns[1][2]
    writer.paragraph(" ".join(sentences[7:14]))
    c.showPage()
    c.save()
    return sentences


def one_column_side_by_side_page(path: Path, seed: int = 0) -> LayoutCase:
    """A one-column page (NeurIPS style) with two small blocks of numbers side by side between its paragraphs:
    the gap between the blocks is no gutter, and the text around them stays running text."""
    register_fonts()
    c = Canvas(str(path), pagesize=letter, invariant=1)
    page_w, page_h = letter
    text_w = page_w - 2 * MARGIN_X
    top = page_h - MARGIN_TOP
    before, after = case_sentences(seed + 5, 14), case_sentences(seed + 6, 14)
    writer = ColumnWriter(c, [(MARGIN_X, text_w, top, MARGIN_BOTTOM)])
    writer.paragraph(" ".join(before[:7]))
    writer.paragraph(" ".join(before[7:]))
    rng = random.Random(seed)
    y = writer.y - 16
    c.setFont(BODY, 8)
    for r in range(6):
        for x0 in (MARGIN_X + 20, page_w / 2 + 30):
            c.drawString(x0, y, f"Model{chr(65 + r)}")
            for k in range(3):
                c.drawString(x0 + 60 + 40 * k, y, f"{rng.uniform(10, 99):.1f}")
        y -= 11
    c.setFont(BODY, 9)
    c.drawString(MARGIN_X + 20, y - 4, "Table 1: Scores on the first set.")
    c.drawString(page_w / 2 + 30, y - 4, "Table 2: Scores on the second set.")
    writer.y = y - 20
    writer.paragraph(" ".join(after[:7]))
    writer.paragraph(" ".join(after[7:]))
    c.showPage()
    c.save()
    return LayoutCase(path, before + after)


def vector_plot_page(path: Path, seed: int = 0) -> LayoutCase:
    """A two-column page with a plot drawn on the page itself (as pgfplots does: axes, tick marks, a data curve,
    tick labels and an axis title, no form object) at the top of the left column, text below it and beside it."""
    register_fonts()
    c = Canvas(str(path), pagesize=letter, invariant=1)
    page_w, page_h = letter
    top = page_h - MARGIN_TOP
    cols = layout_columns(top, MARGIN_BOTTOM)
    x0, col_w = cols[0][0], cols[0][1]
    ax0, ax1, ay0, ay1 = x0 + 30, x0 + col_w - 10, top - 130, top - 20  # axes box (reportlab y grows upwards)
    c.line(ax0, ay0, ax1, ay0)
    c.line(ax0, ay0, ax0, ay1)
    labels = []
    c.setFont(BODY, 7)
    for k in range(5):
        x = ax0 + k * (ax1 - ax0) / 4
        c.line(x, ay0, x, ay0 + 4)
        label = str(200 * (k + 1))
        c.drawCentredString(x, ay0 - 9, label)
        labels.append(label)
        y = ay0 + k * (ay1 - ay0) / 4
        c.line(ax0, y, ax0 + 4, y)
        label = f"{76 + 2 * k}"
        c.drawRightString(ax0 - 3, y - 2, label)
        labels.append(label)
    path_obj = c.beginPath()
    path_obj.moveTo(ax0, ay0 + 10)
    for k in range(1, 9):
        path_obj.lineTo(ax0 + k * (ax1 - ax0) / 8, ay0 + 10 + 80 * (1 - 0.7 ** k))
    c.drawPath(path_obj, stroke=1, fill=0)
    c.drawCentredString((ax0 + ax1) / 2, ay0 - 20, "Training steps")
    labels.append("Training steps")
    c.setFont(BODY, 9)
    c.drawString(x0, ay0 - 36, "Figure 3: Accuracy against training steps.")
    writer = ColumnWriter(c, [(x0, col_w, ay0 - 40, MARGIN_BOTTOM), cols[1]])
    sentences = case_sentences(seed + 7, 40)
    for start in range(0, len(sentences), 6):
        writer.paragraph(" ".join(sentences[start:start + 6]))
    c.showPage()
    c.save()
    return LayoutCase(path, sentences, figure=labels)


def big_figure_page(path: Path, seed: int = 0, rows: int = 40) -> LayoutCase:
    """Page 2 of a two-column paper whose top half is a full-width figure (a form object) with many rows of
    labels running across the gutter, more rows than the two columns below it have."""
    register_fonts()
    c = Canvas(str(path), pagesize=letter, invariant=1)
    page_w, page_h = letter
    c.setFont(BOLD, 15)
    c.drawCentredString(page_w / 2, page_h - 80, "A Study of Big Figures")
    c.showPage()
    top = page_h - MARGIN_TOP
    c.beginForm("big")
    c.setFont(BODY, 6)
    labels = []
    for r in range(rows):
        label = " ".join(f"node{r}x{k}" for k in range(12))
        c.drawString(MARGIN_X + 10, top - 8 - 7 * r, label)
        labels.append(label)
    c.rect(MARGIN_X, top - 12 - 7 * rows, page_w - 2 * MARGIN_X, 7 * rows + 10)
    c.endForm()
    c.doForm("big")
    fig_bottom = top - 14 - 7 * rows
    c.setFont(BODY, 9)
    c.drawString(MARGIN_X, fig_bottom - 12, "Figure 4: The whole graph of nodes.")
    writer = ColumnWriter(c, layout_columns(fig_bottom - 24, MARGIN_BOTTOM))
    room = int(2 * (fig_bottom - 24 - MARGIN_BOTTOM) / LEADING) - 4  # lines in both columns, less indents
    sentences = case_sentences(seed + 8, max(room // 2, 4))  # a filler sentence takes under two lines
    for start in range(0, len(sentences), 7):
        writer.paragraph(" ".join(sentences[start:start + 7]))
    c.showPage()
    c.save()
    return LayoutCase(path, sentences, figure=labels)
