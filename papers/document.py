"""Assemble a document's text, pure: lines in reading order -> page texts and page-anchored passages.

Sentences are split per paragraph, so a sentence that continues in the next column or on the next page stays
whole; its `page` and `start` are where it begins. Each page's text is its body (headings and paragraphs, one
per line) followed by what is set apart from the running text, one per line: table captions and rows, footnotes
and text inside figures; passage offsets point into it. Sentences under a "References" heading are `reference`
passages up to the next heading; footnotes and figure text never interrupt a paragraph that runs around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

from papers.models import Passage, PassageKind, TableRowRecord
from papers.tables import CAPTION_START, TableBlock
from papers.text import Vocabulary, join_wrapped, normalise, sentence_spans, strip_heading_number

FLOAT_CAPTION = "float-caption"  # the kind of an extra that collects a float's caption line by line (`aside`)
REFERENCES_HEADING = re.compile(r"^(?:references|bibliography|literature cited)$", re.IGNORECASE)


@dataclass
class Extra:
    """A passage set apart from the running text of a page: a caption sentence, table row, footnote or figure text."""

    kind: str  # a PassageKind, or FLOAT_CAPTION while a float's caption is collected line by line
    text: str
    section: str | None
    table: TableRowRecord | None = None


@dataclass
class PageText:
    """The text of one page as it is built."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    extras: list[Extra] = field(default_factory=list)

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

    def __init__(self, arxiv_id: str = "", version: str | None = None, vocabulary: Vocabulary | None = None):
        self.arxiv_id, self.version = arxiv_id, version
        self.vocabulary = vocabulary
        self.pages: list[PageText] = []
        self.section: str | None = None
        self.title_parts: list[str] = []
        self.paragraph = ""
        self.segments: list[tuple[int, int, int]] = []  # (paragraph offset, page index, page offset)
        self.sentences: list[tuple[int, str, int, int, str | None, PassageKind]] = []  # page, text, start, end,
        # section, kind
        self.flow_kind: PassageKind = "text"  # "reference" under a References heading
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

    def heading(self, text: str, continued: bool = False) -> None:
        """A section heading: ends the paragraph and names the section of what follows. `continued`: the second
        line of a heading wrapped over two lines, joined to the heading just added."""
        self.end_paragraph()
        text = normalise(text).strip()
        if continued and self.section is not None and self.page.parts:
            first = self.page.parts[-1]
            joined, kept = join_wrapped(first, text)
            if kept < len(first):
                self.page.drop_last_char()
            self.page.add(joined[kept:])
            text = joined
        else:
            self.new_block()
            self.page.add(text)
        self.section = strip_heading_number(text) or text
        self.flow_kind = "reference" if REFERENCES_HEADING.match(self.section) else "text"

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
        joined, kept = join_wrapped(self.paragraph, text, self.vocabulary)
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
        """A table on the current page: its caption's sentences, then one passage per data row."""
        self.caption(block.caption, block.number)
        for text, record in block.row_passages(len(self.pages)):
            self.page.extras.append(Extra("table", text, self.section, record))

    def caption(self, text: str, number: str | None = None) -> None:
        """A table's caption: the sentences after its label ("Table 2: WikiANN F1.", which every row passage starts
        with) are text passages of their own: "F1 is reported for QQP." is a statement a claim can rest on. Each
        carries its table's record (number, caption, page; no row, no cells), which marks it as table material."""
        text = normalise(text).strip()
        spans = sentence_spans(text)
        table = TableRowRecord(number=number, caption=text, page=len(self.pages))
        for begin, end in spans[1:] if spans and CAPTION_START.match(text) else spans:
            self.page.extras.append(Extra("text", text[begin:end], self.section, table))

    def aside(self, kind: str, text: str, new: bool = True) -> None:
        """A line of a footnote or of a figure's text; `new` false continues the last one (a wrapped footnote)."""
        text = normalise(text).strip()
        if not text:
            return
        extras = self.page.extras
        if not new and extras and extras[-1].kind == kind:
            extras[-1].text = join_wrapped(extras[-1].text, text, self.vocabulary)[0]
        else:
            extras.append(Extra(kind, text, self.section))

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
            self.sentences.append((page_index, self.paragraph[begin:end], start, stop, self.section, self.flow_kind))
        self.paragraph, self.segments = "", []

    def split_captions(self) -> None:
        """Float captions collected line by line become their sentences, as text passages."""
        for page in self.pages:
            extras = []
            for extra in page.extras:
                if extra.kind != FLOAT_CAPTION:
                    extras.append(extra)
                    continue
                extras.extend(Extra("text", extra.text[b:e], extra.section) for b, e in sentence_spans(extra.text))
            page.extras = extras

    def finish(self) -> Extraction:
        """Page texts (body, then what is set apart) and all passages, sentences first in reading order."""
        self.end_paragraph()
        self.split_captions()
        passages = [
            Passage(arxiv_id=self.arxiv_id, version=self.version, page=p + 1, section=section, kind=kind, text=text,
                    start=s, end=e)
            for p, text, s, e, section, kind in self.sentences
        ]
        texts = []
        for index, page in enumerate(self.pages):
            body = page.body()
            for extra in page.extras:
                body += "\n"
                start = len(body)
                body += extra.text
                passages.append(Passage(arxiv_id=self.arxiv_id, version=self.version, page=index + 1,
                                        section=extra.section, kind=cast(PassageKind, extra.kind), text=extra.text,
                                        start=start,
                                        end=start + len(extra.text), table=extra.table))
            texts.append(body)
        title = " ".join(self.title_parts) or None
        return Extraction(len(self.pages), texts, passages, title)
