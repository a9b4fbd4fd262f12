"""Assemble a document's text, pure: lines in reading order -> page texts and page-anchored passages.

Sentences are split per paragraph, so a sentence that continues in the next column or on the next page stays
whole; its `page` and `start` are where it begins. Each page's text is its body (headings and paragraphs, one
per line) followed by its table rows, one per line; passage offsets point into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from papers.models import Passage
from papers.tables import TableBlock
from papers.text import join_wrapped, normalise, sentence_spans, strip_heading_number


@dataclass
class PageText:
    """The text of one page as it is built."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    tables: list[tuple[str, str | None]] = field(default_factory=list)  # (row text, section)

    def add(self, text: str) -> int:
        """Append text; returns the offset where it starts."""
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    def drop_last_char(self) -> None:
        self.parts[-1] = self.parts[-1][:-1]
        self.length -= 1

    def body(self) -> str:
        return "".join(self.parts)


@dataclass
class Extraction:
    """What extraction gives: page count, each page's text, the passages and the title when one was seen."""

    pages: int
    page_texts: list[str]
    passages: list[Passage]
    title: str | None = None


class DocumentText:
    """Collects headings, lines and tables in reading order, page by page."""

    def __init__(self, arxiv_id: str = "", version: str | None = None):
        self.arxiv_id, self.version = arxiv_id, version
        self.pages: list[PageText] = []
        self.section: str | None = None
        self.title_parts: list[str] = []
        self.paragraph = ""
        self.segments: list[tuple[int, int, int]] = []  # (paragraph offset, page index, page offset)
        self.sentences: list[tuple[int, str, int, int, str | None]] = []  # page index, text, start, end, section
        self.last_page = -1

    @property
    def page(self) -> PageText:
        return self.pages[-1]

    def start_page(self) -> None:
        """Begin the next page (the current paragraph may continue on it)."""
        self.pages.append(PageText())

    def new_block(self) -> None:
        """Start a new line in the page text (between paragraphs, headings and the page's first line)."""
        if self.page.length:
            self.page.add("\n")

    def title(self, text: str) -> None:
        """A line of the paper's title (kept in the page text, not a passage)."""
        self.end_paragraph()
        text = normalise(text).strip()
        self.new_block()
        self.page.add(text)
        self.title_parts.append(text)

    def heading(self, text: str) -> None:
        """A section heading: ends the paragraph and names the section of what follows."""
        self.end_paragraph()
        text = normalise(text).strip()
        self.new_block()
        self.page.add(text)
        self.section = strip_heading_number(text) or text

    def line(self, text: str, new_paragraph: bool = False) -> None:
        """A line of running text; wrapped lines of one paragraph are joined (hyphenation undone)."""
        text = normalise(text).strip()
        if not text:
            return
        if new_paragraph:
            self.end_paragraph()
        page_index = len(self.pages) - 1
        if not self.paragraph:
            self.new_block()
            self.paragraph = text
            self.segments = [(0, page_index, self.page.add(text))]
            return
        joined, kept = join_wrapped(self.paragraph, text)
        same_page = self.segments[-1][1] == page_index
        if same_page:
            if kept < len(self.paragraph):
                self.page.drop_last_char()
            self.page.add(joined[kept:len(joined) - len(text)])
        else:
            self.new_block()
        self.segments.append((len(joined) - len(text), page_index, self.page.add(text)))
        self.paragraph = joined

    def table(self, block: TableBlock) -> None:
        """A table on the current page: one passage per data row."""
        for text in block.row_texts():
            self.page.tables.append((text, self.section))

    def locate(self, offset: int) -> tuple[int, int]:
        """(page index, page offset) of a paragraph offset."""
        for para_start, page_index, page_start in reversed(self.segments):
            if para_start <= offset:
                return page_index, page_start + offset - para_start
        return self.segments[0][1], self.segments[0][2]

    def end_paragraph(self) -> None:
        """Split the paragraph into sentences and record them."""
        if not self.paragraph:
            return
        for begin, end in sentence_spans(self.paragraph):
            page_index, start = self.locate(begin)
            last_page, last = self.locate(end - 1)
            stop = last + 1 if last_page == page_index else self.pages[page_index].length
            self.sentences.append((page_index, self.paragraph[begin:end], start, stop, self.section))
        self.paragraph, self.segments = "", []

    def finish(self) -> Extraction:
        """Page texts (body then table rows) and all passages, sentences first in reading order."""
        self.end_paragraph()
        passages = [
            Passage(arxiv_id=self.arxiv_id, version=self.version, page=p + 1, section=section, text=text, start=s, end=e)
            for p, text, s, e, section in self.sentences
        ]
        texts = []
        for index, page in enumerate(self.pages):
            body = page.body()
            for row, section in page.tables:
                body += "\n"
                start = len(body)
                body += row
                passages.append(Passage(arxiv_id=self.arxiv_id, version=self.version, page=index + 1, section=section,
                                        kind="table", text=row, start=start, end=start + len(row)))
            texts.append(body)
        title = " ".join(self.title_parts) or None
        return Extraction(len(self.pages), texts, passages, title)
